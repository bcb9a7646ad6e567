//! The parts every admin page is built from: refusals of a form, a server action with its feedback, and
//! labelled inputs. Features use these; none of them uses a feature. The acting admin, for the audit log,
//! is `auth::admin_actor`.

use super::Field;
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::words::problems::render;
use domain::report::FieldErrors;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use std::collections::BTreeMap;

/// Bad input in an admin form: nothing was saved, and the problems say what is wrong with each field.
#[cfg(feature = "ssr")]
pub fn invalid(problems: domain::problem::Problems) -> AppError {
    AppError::problems(domain::problem::Problem::FixFields, problems).respond()
}

/// What a form shows after it was sent: its field messages, and a line saying how it went.
#[derive(Clone, Copy)]
pub struct Feedback {
    pub errors: Signal<FieldErrors>,
    pub message: Signal<Option<(bool, String)>>,
    pub pending: Signal<bool>,
    /// What was typed into the form when the server refused it without JavaScript, by field.
    pub typed: StoredValue<BTreeMap<String, String>>,
}

impl Feedback {
    pub fn error(self, field: &'static str) -> impl Fn() -> Option<String> + Send + Sync + Copy {
        move || self.errors.with(|e| e.get(field).cloned())
    }

    /// What was typed into `field`, if the form came back refused.
    pub fn typed(self, field: &str) -> Option<String> {
        self.typed.with_value(|t| t.get(field).cloned())
    }

    /// The feedback of one of several forms on a page that post to the same server function: what was
    /// typed comes back only to the form whose `field` (its item's id) it was typed for.
    pub fn for_item(self, field: &str, value: impl ToString) -> Self {
        let value = value.to_string();
        if self.typed(field).is_some_and(|typed| typed != value) {
            Self {
                typed: StoredValue::new(BTreeMap::new()),
                ..self
            }
        } else {
            self
        }
    }
}

/// A server action for an admin form with its feedback. Admin pages are rendered on the server only: a form
/// posts, and the page it returns to is rendered afresh with the change, or with the refusal and what was
/// typed.
pub fn admin_action<S>(done: &'static str) -> (ServerAction<S>, Feedback)
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    let action = ServerAction::<S>::new();
    let locale = use_i18n().get_locale_untracked();
    let value = action.value();
    let feedback = Feedback {
        errors: Signal::derive(move || match value.get() {
            Some(Err(e)) => render(&e.field_problems(), locale),
            _ => FieldErrors::new(),
        }),
        message: Signal::derive(move || match value.get() {
            Some(Err(e)) => Some((false, e.text(locale))),
            Some(Ok(_)) => Some((true, done.to_owned())),
            None => None,
        }),
        pending: action.pending().into(),
        typed: StoredValue::new(
            crate::ui::typed_into(S::PATH)
                .map(|pairs| {
                    // A field posted several times (a list's choices) keeps each value, a line apiece.
                    let mut typed: BTreeMap<String, String> = BTreeMap::new();
                    for (name, value) in pairs {
                        typed
                            .entry(name)
                            .and_modify(|v| {
                                v.push('\n');
                                v.push_str(&value);
                            })
                            .or_insert(value);
                    }
                    typed
                })
                .unwrap_or_default(),
        ),
    };
    (action, feedback)
}

/// The line under a form that says how it went.
#[component]
pub fn Outcome(feedback: Feedback) -> impl IntoView {
    move || {
        feedback.message.get().map(|(ok, text)| {
            view! {
                <p class="notice" class:ok=ok class:error=!ok role=if ok { "status" } else { "alert" }>
                    {text}
                </p>
            }
        })
    }
}

/// The element id for a field: `id` where a page has several forms with the same field names, else `name`.
fn field_id(name: &'static str, id: String) -> String {
    if id.is_empty() {
        name.to_owned()
    } else {
        id
    }
}

/// A labelled input with its message.
#[component]
pub fn Input(
    name: &'static str,
    label: &'static str,
    #[prop(into, optional)] value: String,
    #[prop(optional)] kind: Option<&'static str>,
    #[prop(into, optional)] id: String,
    feedback: Feedback,
) -> impl IntoView {
    let id = field_id(name, id);
    let error = feedback.error(name);
    let value = feedback.typed(name).unwrap_or(value);
    view! {
        <Field name label error id=id.clone()>
            <input
                id=id.clone()
                name=name
                type=kind.unwrap_or("text")
                value=value
                aria-invalid=move || error().is_some().to_string()
                aria-describedby=format!("{id}-error")
            />
        </Field>
    }
}

/// A labelled text area with its message.
#[component]
pub fn TextArea(
    name: &'static str,
    label: &'static str,
    #[prop(into, optional)] value: String,
    #[prop(into, optional)] id: String,
    #[prop(optional)] hint: Option<&'static str>,
    feedback: Feedback,
) -> impl IntoView {
    let id = field_id(name, id);
    let error = feedback.error(name);
    let value = feedback.typed(name).unwrap_or(value);
    view! {
        <Field name label error id=id.clone()>
            {hint.map(|h| view! { <p class="hint">{h}</p> })}
            <textarea
                id=id.clone()
                name=name
                rows="4"
                aria-invalid=move || error().is_some().to_string()
                aria-describedby=format!("{id}-error")
                inner_html=crate::ui::textarea_text(&value)
            ></textarea>
        </Field>
    }
}

/// A labelled select over `(value, label)` options with its message.
#[component]
pub fn Select(
    name: &'static str,
    label: &'static str,
    options: Vec<(String, String)>,
    #[prop(into, optional)] selected: String,
    #[prop(into, optional)] id: String,
    feedback: Feedback,
) -> impl IntoView {
    let id = field_id(name, id);
    let error = feedback.error(name);
    let selected = feedback.typed(name).unwrap_or(selected);
    view! {
        <Field name label error id=id.clone()>
            <select id=id.clone() name=name aria-describedby=format!("{id}-error")>
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let is = value == selected;
                        view! { <option value=value selected=is>{text}</option> }
                    })
                    .collect_view()}
            </select>
        </Field>
    }
}

/// A labelled list of `(value, label)` options of which several may be chosen, with its message. The form
/// posts the field once per chosen option.
#[component]
pub fn MultiSelect(
    name: &'static str,
    label: &'static str,
    options: Vec<(String, String)>,
    selected: Vec<String>,
    #[prop(optional)] hint: Option<&'static str>,
    feedback: Feedback,
) -> impl IntoView {
    let id = field_id(name, String::new());
    let error = feedback.error(name);
    let selected: Vec<String> = feedback
        .typed(name)
        .map_or(selected, |typed| typed.lines().map(str::to_owned).collect());
    view! {
        <Field name label error id=id.clone()>
            {hint.map(|h| view! { <p class="hint">{h}</p> })}
            <select id=id.clone() name=name multiple=true size="6" aria-describedby=format!("{id}-error")>
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let is = selected.contains(&value);
                        view! { <option value=value selected=is>{text}</option> }
                    })
                    .collect_view()}
            </select>
        </Field>
    }
}
