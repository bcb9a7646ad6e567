//! The import's server functions: read a pasted text into a draft, keep the draft under review in the
//! admin's session, and create the agreement from the reviewed form.

#[cfg(feature = "ssr")]
use super::model::ReviewForm;
use super::model::{ImportDraft, PromiseForm, Review};
#[cfg(feature = "ssr")]
use super::{draft::from_draft, model::check};
use crate::agreements::forms::MunicipalityCodes;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use domain::agreement_text;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
const REVIEW_KEY: &str = "admin.import_review";

/// Checks a pasted text: some text, not beyond the parser's bound.
#[cfg(feature = "ssr")]
fn pasted(text: &str) -> Result<&str, AppError> {
    use domain::problem::Problem;
    if text.trim().is_empty() {
        return Err(crate::ui::admin::invalid(domain::problem::Problems::from(
            [("text", Problem::Empty)],
        )));
    }
    if text.len() > agreement_text::MAX_INPUT_BYTES {
        return Err(crate::ui::admin::invalid(domain::problem::Problems::from(
            [(
                "text",
                Problem::TooLong {
                    max: agreement_text::MAX_INPUT_BYTES,
                },
            )],
        )));
    }
    Ok(text)
}

/// The draft of a pasted agreement text, for review. Saves nothing.
#[server(prefix = "/api/v1/admin", endpoint = "agreements/import")]
pub async fn import_agreement(text: String) -> Result<ImportDraft, AppError> {
    crate::auth::admin().await?;
    let text = pasted(&text)?;
    Ok(from_draft(&agreement_text::parse(text)))
}

/// The page's import: the draft goes to the admin's session and the review page shows it.
#[server(prefix = "/api/v1/admin", endpoint = "agreements/import-review")]
pub async fn review_import(text: String) -> Result<(), AppError> {
    crate::auth::admin().await?;
    let text = pasted(&text)?;
    let review = from_draft(&agreement_text::parse(text)).review();
    let session = crate::web::extract::<tower_sessions::Session>().await?;
    session
        .insert(REVIEW_KEY, review)
        .await
        .map_err(AppError::internal)?;
    leptos_axum::redirect(crate::paths::IMPORT);
    Ok(())
}

/// The draft under review in this admin's session, if any.
#[server(prefix = "/api/v1/admin", endpoint = "agreements/import-current")]
pub async fn current_review() -> Result<Option<Review>, AppError> {
    crate::auth::admin().await?;
    let session = crate::web::extract::<tower_sessions::Session>().await?;
    session
        .get::<Review>(REVIEW_KEY)
        .await
        .map_err(AppError::internal)
}

/// Creates the reviewed agreement, unpublished, with its promises and activities, in one transaction; or
/// refuses it whole with a problem per field, keeping the admin's edits for the review page.
///
/// The fields are the review form's, at the top level (`slug`, …, `promises[0][activities][1][target]`).
#[allow(clippy::too_many_arguments)]
#[server(prefix = "/api/v1/admin", endpoint = "agreements/import-create")]
pub async fn create_imported(
    #[server(default)] slug: String,
    #[server(default)] municipalities: MunicipalityCodes,
    #[server(default)] police_area: String,
    #[server(default)] title: String,
    #[server(default)] valid_from: String,
    #[server(default)] valid_to: String,
    #[server(default)] signed_on: String,
    #[server(default)] background: String,
    #[server(default)] follow_up: String,
    #[server(default)] signatories: String,
    #[server(default)] promises: Vec<PromiseForm>,
) -> Result<(), AppError> {
    let form = ReviewForm {
        slug,
        municipalities: municipalities.0,
        police_area,
        title,
        valid_from,
        valid_to,
        signed_on,
        background,
        follow_up,
        signatories,
        promises,
    };
    let crate::auth::Admin { actor, scope } = crate::auth::admin().await?;
    let session = crate::web::extract::<tower_sessions::Session>().await?;
    let checked = check(&form);
    let (slug, fields, promises) = match checked {
        Ok(ok) => ok,
        Err(problems) => {
            keep(&session, &form).await?;
            return Err(crate::ui::admin::invalid(problems));
        }
    };
    let pool = crate::web::app_state()?.pool;
    crate::places::db::require_new_place(
        &pool,
        &scope,
        &fields.police_area,
        &fields.municipalities,
    )
    .await
    .map_err(AppError::respond)?;
    if let Err(e) = crate::agreements::db::edits::create_with_definitions(
        &pool, &actor, &slug, &fields, &promises,
    )
    .await
    {
        keep(&session, &form).await?;
        return Err(e.respond());
    }
    let _ = session.remove::<Review>(REVIEW_KEY).await;
    leptos_axum::redirect(&crate::paths::admin_agreement(slug.as_str()));
    Ok(())
}

/// Keeps the posted form (with the marks of the draft it came from) for the review page.
#[cfg(feature = "ssr")]
async fn keep(session: &tower_sessions::Session, form: &ReviewForm) -> Result<(), AppError> {
    let unsure = session
        .get::<Review>(REVIEW_KEY)
        .await
        .map_err(AppError::internal)?
        .map(|r| r.unsure)
        .unwrap_or_default();
    session
        .insert(
            REVIEW_KEY,
            Review {
                form: form.clone(),
                unsure,
            },
        )
        .await
        .map_err(AppError::internal)
}
