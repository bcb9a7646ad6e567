//! The police areas in the admin's scope, and a form to add one (below the agreements on the start page).

use super::server::{police_areas, CreatePoliceArea};
use crate::i18n::{td, td_string, use_i18n};
use crate::ui::admin::{admin_action, Input, Outcome, Select};
use crate::words::names;
use domain::places::Region;
use leptos::prelude::*;

#[component]
pub fn PoliceAreasAdmin() -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let (create, feedback) =
        admin_action::<CreatePoliceArea>(td_string!(locale, admin.area_created));
    let data = Resource::new(move || create.version().get(), |_| police_areas());
    let regions: Vec<(String, String)> = Region::ALL
        .iter()
        .map(|r| (r.as_str().to_owned(), names::region(locale, *r)))
        .collect();
    view! {
        <section class="card" aria-labelledby="police-areas">
            <h2 id="police-areas">{td!(locale, admin.areas_heading)}</h2>
            <Suspense fallback=move || view! { <p class="loading">{td!(locale, admin.loading)}</p> }>
                {move || Suspend::new(async move {
                    data.await.map(|areas| view! {
                        <ul class="areas" data-testid="police-areas">
                            {areas.into_iter().map(|a| view! {
                                <li>{a.name.clone()} " (" <code>{a.slug.clone()}</code> ", " {names::region(locale, a.region)} ")"</li>
                            }).collect_view()}
                        </ul>
                    })
                })}
            </Suspense>
            <h3>{td!(locale, admin.new_area)}</h3>
            <ActionForm action=create>
                <Input name="name" id="area-name" label=td_string!(locale, admin.area_name) feedback/>
                <Input name="slug" id="area-slug" label=td_string!(locale, admin.area_slug) feedback/>
                <Select name="region" id="area-region" label=td_string!(locale, admin.area_region) options=regions feedback/>
                <button type="submit">{td!(locale, admin.create_area)}</button>
                <Outcome feedback/>
            </ActionForm>
        </section>
    }
}
