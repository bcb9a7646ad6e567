//! Where the officer pages are: the pages, the islands and the navigation all link by these.

use domain::report::ReportKind;

pub const OPERATION_PATH: &str = "/rapportera";
pub const MEETING_PATH: &str = "/rapportera/mote";
pub const ACTIVITY_PATH: &str = "/rapportera/aktivitet";
pub const QUEUE_PATH: &str = "/rapportera/ko";

/// The form page for a kind of report.
pub fn report_path(kind: ReportKind) -> &'static str {
    match kind {
        ReportKind::TargetedOperation => OPERATION_PATH,
        ReportKind::CollaborationMeeting => MEETING_PATH,
        ReportKind::Activity => ACTIVITY_PATH,
    }
}
