//! Every address the app builds: its pages, its HTTP API and its feeds. Links, redirects, HTTP routes, the
//! page cache's rules and the service worker's registration all take their paths from here, so a path is
//! written once. Two kinds of address are named elsewhere, by what the compiler requires:
//! - the Leptos page routes in `layout` (`path!` takes a literal); a test there checks that every page path
//!   built here is one of them;
//! - the server functions' addresses, in their `#[server(prefix, endpoint)]` attributes; code that needs one
//!   asks the function's type (`SubmitReport::url()`).
//!
//! A pattern with `{slug}`, `{id}` or `{lang}` is an HTTP route as axum writes it; the functions beside it
//! fill it in.

use domain::report::ReportKind;

// ------------------------------------------------------------------------------------------ public --

pub const HOME: &str = "/";
/// Below it, one page per agreement: `/avtal/{slug}`, its follow-up and its activities.
pub const AGREEMENTS: &str = "/avtal/";
pub const OFFICE_HOURS: &str = "/oppettider";
pub const STATEMENT: &str = "/tillganglighet";
pub const LOGIN: &str = "/logga-in";
pub const FIRST_ADMIN: &str = "/forsta-admin";
/// Below it, one page per police area's office hours: `/oppettider/{slug}`.
pub const OFFICE_HOURS_AREAS: &str = "/oppettider/";
/// Every police area's office hours as an iCalendar feed (the address subscribers already have).
pub const OFFICE_HOURS_FEED: &str = "/office-hours.ics";
/// Below it, one iCalendar feed per police area: `/office-hours/{slug}.ics`.
pub const OFFICE_HOURS_AREA_FEEDS: &str = "/office-hours/";
/// The ending of each area's feed.
pub const ICS: &str = ".ics";

/// A police area's office hours.
pub fn office_hours_area(slug: &str) -> String {
    format!("{OFFICE_HOURS_AREAS}{slug}")
}

/// A police area's office hours as iCalendar.
pub fn office_hours_area_feed(slug: &str) -> String {
    format!("{OFFICE_HOURS_AREA_FEEDS}{slug}{ICS}")
}

/// Below it, one page per municipality: `/kommun/{code}`.
pub const MUNICIPALITIES: &str = "/kommun/";
/// Below it, one page per county: `/lan/{code}`.
pub const COUNTIES: &str = "/lan/";

/// A municipality's page.
pub fn municipality(code: &str) -> String {
    format!("{MUNICIPALITIES}{code}")
}

/// A county's page.
pub fn county(code: &str) -> String {
    format!("{COUNTIES}{code}")
}

/// An agreement's public page.
pub fn agreement(slug: &str) -> String {
    format!("{AGREEMENTS}{slug}")
}

/// An agreement's follow-up page.
pub fn follow_up(slug: &str) -> String {
    format!("{AGREEMENTS}{slug}/uppfoljning")
}

/// A month of an agreement's follow-up, on one page of its operations (the first when `page` is `None`).
pub fn follow_up_month(slug: &str, month: &str, page: Option<u32>) -> String {
    match page {
        Some(page) => format!("{}?manad={month}&sida={page}", follow_up(slug)),
        None => format!("{}?manad={month}", follow_up(slug)),
    }
}

/// One activity of an agreement, with what has been done for it.
pub fn activity(slug: &str, id: i64) -> String {
    format!("{AGREEMENTS}{slug}/aktivitet/{id}")
}

/// The sign-in page, returning to `next` (a path on this site) once signed in.
pub fn login_then(next: &str) -> String {
    format!("{LOGIN}?next={next}")
}

/// The sign-in page after signing out.
pub const SIGNED_OUT: &str = "/logga-in?utloggad";

// ----------------------------------------------------------------------------------------- officer --

pub const REPORT: &str = "/rapportera";
pub const MEETING: &str = "/rapportera/mote";
pub const ACTIVITY_REPORT: &str = "/rapportera/aktivitet";
pub const QUEUE: &str = "/rapportera/ko";
/// Where an officer marks office hours as held or cancelled.
pub const MARKING: &str = "/rapportera/oppettider";

/// The form page for a kind of report.
pub fn report(kind: ReportKind) -> &'static str {
    match kind {
        ReportKind::TargetedOperation => REPORT,
        ReportKind::CollaborationMeeting => MEETING,
        ReportKind::Activity => ACTIVITY_REPORT,
    }
}

/// Whether a page is an officer's page (the only pages with islands, which load WASM).
pub fn is_officer_page(path: &str) -> bool {
    path.strip_prefix(REPORT)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

// ------------------------------------------------------------------------------------------- admin --

pub const ADMIN: &str = "/admin";
pub const ADMIN_OFFICE_HOURS: &str = "/admin/oppettider";
pub const ADMIN_PEOPLE: &str = "/admin/personer";
pub const ADMIN_REPORTS: &str = "/admin/rapporter";
pub const ADMIN_LOG: &str = "/admin/logg";
pub const IMPORT: &str = "/admin/importera";

/// An agreement in the admin's editor.
pub fn admin_agreement(slug: &str) -> String {
    format!("{ADMIN}/avtal/{slug}")
}

/// One report in the admin's record.
pub fn admin_report(id: &str) -> String {
    format!("{ADMIN_REPORTS}/{id}")
}

// --------------------------------------------------------------------------------------------- API --

/// The published agreements, as JSON.
pub const API_AGREEMENTS: &str = "/api/v1/agreements";
/// Sweden's 290 municipalities with their counties and published agreements.
pub const API_MUNICIPALITIES: &str = "/api/v1/municipalities";
/// The open data as a DCAT-AP-SE catalogue (RDF/XML), for the national data portal.
pub const DCAT: &str = "/dcat.rdf";
/// Every published agreement's progress, one row per agreement, activity and span.
pub const API_NATIONAL_PROGRESS: &str = "/api/v1/progress";
/// The same as CSV.
pub const API_NATIONAL_PROGRESS_CSV: &str = "/api/v1/progress.csv";
/// Below it, each agreement's open data.
pub const API_AGREEMENT: &str = "/api/v1/agreements/";
pub const API_PROGRESS: &str = "/api/v1/agreements/{slug}/progress";
pub const API_PROGRESS_CSV: &str = "/api/v1/agreements/{slug}/progress.csv";
pub const API_OPERATIONS_CSV: &str = "/api/v1/agreements/{slug}/operations.csv";
/// The endings of an agreement's open data that are the same for everyone until the next change (the
/// operations CSV streams and is left out).
pub const API_PROGRESS_ENDINGS: &[&str] = &["/progress", "/progress.csv"];
/// Where phones send their queued reports.
pub const API_REPORTS: &str = "/api/v1/reports";
pub const API_SESSION: &str = "/api/v1/session";
pub const API_USERS: &str = "/api/v1/users";
pub const API_AUDIT_CSV: &str = "/api/v1/admin/audit.csv";
/// Everything below it is an API: answered in JSON, never a page.
pub const API: &str = "/api/";

/// `pattern` with its `{slug}` filled in.
pub fn with_slug(pattern: &str, slug: &str) -> String {
    pattern.replace("{slug}", slug)
}

// ----------------------------------------------------------------------------------------- the site --

/// The service worker, registered with this build's asset version.
pub const SERVICE_WORKER: &str = "/sw.js";

/// The embeds for other sites: an agreement's (`/inbaddning/avtal/{slug}`) and a municipality's.
pub const EMBED_AGREEMENTS: &str = "/inbaddning/avtal/";
pub const EMBED_MUNICIPALITIES: &str = "/inbaddning/kommun/";
/// The script a host page includes beside the embed, the one inside it, and the embed's style sheet.
pub const EMBED_SCRIPT: &str = "/embed.js";
pub const EMBED_FRAME_SCRIPT: &str = "/embed-frame.js";
pub const EMBED_STYLE: &str = "/embed.css";
/// oEmbed: an embed looked up by a page's address.
pub const OEMBED: &str = "/oembed";

/// The Atom feeds: the whole instance's, an agreement's (`/feeds/agreements/{slug}.atom`) and a
/// municipality's (`/feeds/municipalities/{code}.atom`).
pub const FEED_ALL: &str = "/feeds/all.atom";
pub const FEED_AGREEMENTS: &str = "/feeds/agreements/";
pub const FEED_MUNICIPALITIES: &str = "/feeds/municipalities/";
pub const ATOM: &str = ".atom";

pub fn feed_agreement(slug: &str) -> String {
    format!("{FEED_AGREEMENTS}{slug}{ATOM}")
}

pub fn feed_municipality(code: &str) -> String {
    format!("{FEED_MUNICIPALITIES}{code}{ATOM}")
}

/// An agreement's embed.
pub fn embed_agreement(slug: &str) -> String {
    format!("{EMBED_AGREEMENTS}{slug}")
}

/// A municipality's embed.
pub fn embed_municipality(code: &str) -> String {
    format!("{EMBED_MUNICIPALITIES}{code}")
}
/// Switching the language: `/sprak/{lang}`, then the path to return to.
pub const LANGUAGE: &str = "/sprak/";
pub const HEALTHZ: &str = "/healthz";
pub const LIVEZ: &str = "/livez";
pub const READYZ: &str = "/readyz";
pub const METRICS: &str = "/metrics";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_paths_fill_in_their_parts() {
        assert_eq!(agreement("a-1"), "/avtal/a-1");
        assert_eq!(activity("a-1", 7), "/avtal/a-1/aktivitet/7");
        assert_eq!(
            follow_up_month("a-1", "2026-11", Some(2)),
            "/avtal/a-1/uppfoljning?manad=2026-11&sida=2"
        );
        assert_eq!(
            with_slug(API_PROGRESS_CSV, "a-1"),
            "/api/v1/agreements/a-1/progress.csv"
        );
        assert_eq!(admin_report("3"), "/admin/rapporter/3");
        assert_eq!(login_then(ADMIN), "/logga-in?next=/admin");
        assert_eq!(report(ReportKind::Activity), ACTIVITY_REPORT);
    }

    #[test]
    fn only_the_officer_pages_are_officer_pages() {
        for path in [REPORT, "/rapportera/", QUEUE, MEETING, MARKING] {
            assert!(is_officer_page(path), "{path}");
        }
        for path in [HOME, ADMIN, "/rapporterade", OFFICE_HOURS] {
            assert!(!is_officer_page(path), "{path}");
        }
    }
}
