//! The officer's office-hours page: mark each occurrence of the last two weeks as held or cancelled, and
//! cancel one of the coming week ahead of time. Held occurrences are what the office-hours activity counts.

use super::model::Schedule;
use super::page::time_span;
use super::server::{recent_occurrences, MarkOccurrence};
use crate::i18n::{td, td_string, use_i18n};
use crate::ui::admin::{admin_action, Input, Outcome};
use crate::ui::loaded;
use crate::words::names::{fill, long_date};
use domain::office_hours::Occurrence;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn MarkingPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| recent_occurrences());
    let locale = use_i18n().get_locale_untracked();
    view! {
        <Title text=td_string!(locale, hours_admin.title).to_string()/>
        {loaded(data, td_string!(locale, hours_admin.loading_hours), |schedule| view! { <Marking schedule/> })}
    }
}

#[component]
fn Marking(schedule: Schedule) -> impl IntoView {
    let now = schedule.now;
    let (mut past, coming): (Vec<_>, Vec<_>) = schedule
        .occurrences
        .into_iter()
        .partition(|o| o.starts() <= now);
    past.reverse();
    let unmarked = past
        .iter()
        .filter(|o| !o.held && o.cancelled.is_none())
        .count();
    let locale = use_i18n().get_locale_untracked();
    view! {
        <section class="card" aria-labelledby="marking">
            <h1 id="marking">{td!(locale, hours_admin.title)}</h1>
            <p class="hint">{td!(locale, hours_admin.marking_hint)}</p>
            <p data-testid="unmarked">
                {match unmarked {
                    0 => td_string!(locale, hours_admin.all_marked).to_owned(),
                    1 => td_string!(locale, hours_admin.one_unmarked).to_owned(),
                    n => fill(td_string!(locale, hours_admin.unmarked), &[("count", &n)]),
                }}
            </p>
            <h2>{td!(locale, hours_admin.past_two_weeks)}</h2>
            <ul class="marking">
                {past.into_iter().map(|o| view! { <MarkRow occurrence=o begun=true/> }).collect_view()}
            </ul>
            <h2>{td!(locale, hours_admin.coming_week)}</h2>
            <ul class="marking">
                {coming.into_iter().map(|o| view! { <MarkRow occurrence=o begun=false/> }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn MarkRow(occurrence: Occurrence, begun: bool) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let (held, held_feedback) =
        admin_action::<MarkOccurrence>(td_string!(locale, hours_admin.marked_held));
    let (cancel, cancel_feedback) =
        admin_action::<MarkOccurrence>(td_string!(locale, hours_admin.occurrence_cancelled));
    let key = occurrence.key().to_string();
    // Element ids may not have colons in CSS selectors; the key's digits and dashes are enough.
    let id = key.replace(':', "-");
    let title = format!(
        "{} {}, {}{}",
        long_date(locale, occurrence.date),
        time_span(&occurrence),
        occurrence.place,
        if occurrence.extra_id.is_some() {
            format!(" ({})", td_string!(locale, hours_admin.extra))
        } else {
            String::new()
        }
    );
    let state = match (&occurrence.cancelled, occurrence.held) {
        (Some(reason), _) => {
            view! { <p class="status cancelled">{td!(locale, hours_admin.cancelled_because, reason = reason.clone())}</p> }.into_any()
        }
        (None, true) => {
            view! { <p class="status held">{td!(locale, hours_admin.held)}</p> }.into_any()
        }
        (None, false) => {
            let held_key = key.clone();
            let cancel_key = key.clone();
            view! {
            {begun
                .then(move || {
                    view! {
                        <ActionForm action=held>
                            <input type="hidden" name="occurrence" value=held_key/>
                            <input type="hidden" name="outcome" value="held"/>
                            <button type="submit">{td!(locale, hours_admin.held)}</button>
                        </ActionForm>
                        <Outcome feedback=held_feedback/>
                    }
                })}
            <details>
                <summary>{td!(locale, hours_admin.cancel)}</summary>
                <ActionForm action=cancel>
                    <input type="hidden" name="occurrence" value=cancel_key/>
                    <input type="hidden" name="outcome" value="cancelled"/>
                    <Input
                        name="reason"
                        id=format!("reason-{id}")
                        label=td_string!(locale, hours_admin.reason)
                        feedback=cancel_feedback
                    />
                    <button type="submit">{td!(locale, hours_admin.cancel_occurrence)}</button>
                    <Outcome feedback=cancel_feedback/>
                </ActionForm>
            </details>
            }
            .into_any()
        }
    };
    view! {
        <li data-occurrence=key>
            <p class="when">{title}</p>
            {state}
        </li>
    }
}
