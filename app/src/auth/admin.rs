//! The admin's people page: list accounts, add one, change a role, disable or enable, and reset a password.
//! Accounts are never deleted. A new password is shown once: it is kept in the admin's own session until the
//! page has read it, so it also reaches a browser without JavaScript.

use super::model::Person;
use super::server::{people, AddPerson, ChangeRole, ResetPassword, SetDisabled};
use crate::i18n::{td, td_string, use_i18n, Locale};
use crate::places::model::PoliceArea;
use crate::ui::admin::{admin_action, Input, Outcome, Select};
use domain::credentials::Role;
use domain::places::Scope;
use leptos::prelude::*;
use leptos_meta::Title;

/// A role's name as a label on its own ("Polis").
fn role_label(locale: Locale, role: Role) -> &'static str {
    match role {
        Role::Officer => td_string!(locale, users.role_officer),
        Role::Admin => td_string!(locale, users.role_admin),
    }
}

/// A role's name inside a table row ("polis").
fn role_name(locale: Locale, role: Role) -> &'static str {
    match role {
        Role::Officer => td_string!(locale, users.role_officer_lower),
        Role::Admin => td_string!(locale, users.role_admin_lower),
    }
}

fn roles(locale: Locale) -> Vec<(String, String)> {
    [Role::Officer, Role::Admin]
        .into_iter()
        .map(|r| (r.as_str().to_owned(), role_label(locale, r).to_owned()))
        .collect()
}

fn area_name(areas: &[PoliceArea], slug: &str) -> Option<String> {
    areas
        .iter()
        .find(|a| a.slug == slug)
        .map(|a| a.name.clone())
}

/// The scopes a new account may have: the admin's own and every one inside it, each in words.
fn scopes(locale: Locale, own: &Scope, areas: &[PoliceArea]) -> Vec<(String, String)> {
    use domain::places::{municipalities, MunicipalityCode, Region};
    let mut inside = vec![own.clone()];
    let regions: Vec<Region> = match own {
        Scope::National => Region::ALL.to_vec(),
        _ => Vec::new(),
    };
    inside.extend(regions.iter().map(|r| Scope::Region(*r)));
    if matches!(own, Scope::National | Scope::Region(_)) {
        inside.extend(areas.iter().filter_map(|a| {
            domain::agreement::Slug::parse(&a.slug)
                .ok()
                .map(Scope::PoliceArea)
        }));
        inside.extend(
            municipalities()
                .iter()
                .filter(|m| match own {
                    Scope::Region(r) => m.region() == *r,
                    _ => true,
                })
                .filter_map(|m| {
                    MunicipalityCode::parse(m.code)
                        .ok()
                        .map(Scope::Municipality)
                }),
        );
    }
    inside
        .into_iter()
        .map(|s| {
            (
                s.to_string(),
                crate::words::names::scope(locale, &s, |slug| area_name(areas, slug)),
            )
        })
        .collect()
}

#[component]
pub fn PeopleAdmin() -> impl IntoView {
    let data = Resource::new(|| (), |_| people());
    let locale = use_i18n().get_locale_untracked();
    let (add, feedback) = admin_action::<AddPerson>(td_string!(locale, users.account_created));
    view! {
        <Title text=td_string!(locale, users.admin_title).to_string()/>
        <section class="card" aria-labelledby="people">
            <h1 id="people">{td!(locale, users.title)}</h1>
            <Suspense fallback=move || view! { <p class="loading">{td!(locale, users.loading)}</p> }>
                {move || Suspend::new(async move {
                    data.await.map(|page| view! {
                        {page.new_password.map(|(user, password)| view! {
                            <div class="notice ok" role="status" data-testid="new-password">
                                <p>{td!(locale, users.new_password_for)} " " <strong>{user}</strong> ": " <code>{password}</code></p>
                                <p>{td!(locale, users.hand_over)}</p>
                            </div>
                        })}
                        <table class="people stack">
                            <thead><tr>
                                <th scope="col">{td!(locale, users.username)}</th><th scope="col">{td!(locale, users.role)}</th>
                                <th scope="col">{td!(locale, users.scope)}</th>
                                <th scope="col">{td!(locale, users.status)}</th><th scope="col">{td!(locale, users.actions)}</th>
                            </tr></thead>
                            <tbody>{page.people.into_iter().map(|p| {
                                let scope = crate::words::names::scope(locale, &p.scope, |slug| area_name(&page.police_areas, slug));
                                view! { <PersonRow person=p scope/> }
                            }).collect_view()}</tbody>
                        </table>
                        <section aria-labelledby="new-person">
                            <h2 id="new-person">{td!(locale, users.new_account)}</h2>
                            <ActionForm action=add>
                                <Input name="username" id="new-username" label=td_string!(locale, users.username) feedback/>
                                <Input name="password" id="new-password" label=td_string!(locale, users.password) kind="password" feedback/>
                                <Select name="role" id="new-role" label=td_string!(locale, users.role) options=roles(locale) selected="officer" feedback/>
                                <Select
                                    name="scope"
                                    id="new-scope"
                                    label=td_string!(locale, users.scope)
                                    options=scopes(locale, &page.scope, &page.police_areas)
                                    selected=page.scope.to_string()
                                    feedback
                                />
                                <button type="submit">{td!(locale, users.create_account)}</button>
                                <Outcome feedback/>
                            </ActionForm>
                        </section>
                    })
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn PersonRow(person: Person, scope: String) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let (role, role_feedback) = admin_action::<ChangeRole>(td_string!(locale, users.role_changed));
    let (disable, disable_feedback) = admin_action::<SetDisabled>(td_string!(locale, users.saved));
    let (reset, reset_feedback) =
        admin_action::<ResetPassword>(td_string!(locale, users.password_reset));
    let other_role = match person.role {
        Role::Admin => Role::Officer,
        Role::Officer => Role::Admin,
    };
    let make_other = match other_role {
        Role::Admin => td_string!(locale, users.make_admin),
        Role::Officer => td_string!(locale, users.make_officer),
    };
    view! {
        <tr class:disabled=person.disabled>
            <th scope="row">{person.username.clone()}</th>
            <td data-label=td_string!(locale, users.role)>{role_name(locale, person.role)}</td>
            <td data-label=td_string!(locale, users.scope)>{scope}</td>
            <td data-label=td_string!(locale, users.status)>
                {if person.disabled {
                    td_string!(locale, users.disabled)
                } else {
                    td_string!(locale, users.active)
                }}
            </td>
            <td class="actions" data-label=td_string!(locale, users.actions)>
                <ActionForm action=role>
                    <input type="hidden" name="id" value=person.id/>
                    <input type="hidden" name="version" value=person.version/>
                    <input type="hidden" name="role" value=other_role.as_str()/>
                    <button type="submit" class="link">{make_other}</button>
                    <Outcome feedback=role_feedback/>
                </ActionForm>
                <ActionForm action=disable>
                    <input type="hidden" name="id" value=person.id/>
                    <input type="hidden" name="version" value=person.version/>
                    <input type="hidden" name="disabled" value=(!person.disabled).to_string()/>
                    <button type="submit" class="link">{if person.disabled {
                            td_string!(locale, users.enable)
                        } else {
                            td_string!(locale, users.disable)
                        }}</button>
                    <Outcome feedback=disable_feedback/>
                </ActionForm>
                <ActionForm action=reset>
                    <input type="hidden" name="id" value=person.id/>
                    <button type="submit" class="link">{td!(locale, users.new_password)}</button>
                    <Outcome feedback=reset_feedback/>
                </ActionForm>
            </td>
        </tr>
    }
}
