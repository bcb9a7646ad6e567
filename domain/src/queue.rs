//! The officer's offline queue as a state machine, with no storage or network in it. A report is written
//! to the queue before anything is sent, and leaves it only when the server confirms it holds it.
//!
//! ```text
//!            add                take_batch             settle: created | duplicate
//!   form ─────────▶ Waiting ─────────────▶ Sending ─────────────────────────────▶ (sent history)
//!                    ▲  ▲                   │  │
//!        correct     │  └── release ────────┘  │ settle: invalid | conflict
//!   (invalid only)   │   (network, 5xx, 401)   ▼
//!                    └──────────────────── Rejected ───── discard (confirmed) ──▶ (gone)
//! ```
//!
//! Entries hold the typed `Report`, which serialises as the wire item the sync API takes; a refusal is
//! kept as problems (data), so the queue page words it in whatever language the officer reads now.

use crate::problem::Problems;
use crate::report::{FieldErrors, ItemResult, ItemStatus, Report, ReportKind};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// How many sent reports the officer's device remembers, to show them as synced.
pub const SENT_HISTORY: usize = 50;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "FlatEntry")]
pub struct Entry {
    pub id: Uuid,
    /// The report, exactly as it will be posted.
    pub item: Report,
    /// The officer who saved it: only they send it. `None` for reports queued before this was kept,
    /// which whoever is signed in sends, as they always did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub officer: Option<String>,
    /// When the officer saved it, in milliseconds since the epoch.
    pub queued_at: f64,
    #[serde(flatten)]
    pub state: EntryState,
}

impl Entry {
    pub fn kind(&self) -> ReportKind {
        self.item.kind()
    }

    /// Whether `officer` may see and send this report.
    pub fn belongs_to(&self, officer: &str) -> bool {
        self.officer.as_deref().is_none_or(|o| o == officer)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum EntryState {
    Waiting,
    Sending,
    /// The server refused the report's content; it can be corrected and sent again.
    Invalid {
        /// Why, per field, as data.
        #[serde(default, skip_serializing_if = "Problems::is_empty")]
        problems: Problems,
        /// Why, per field, in the words of the language the officer read then: all that queues stored
        /// before problems were kept as data have. Shown only where `problems` is empty.
        #[serde(default, skip_serializing_if = "FieldErrors::is_empty")]
        errors: FieldErrors,
    },
    /// The server holds a different report under the same id; only discarding is possible.
    Conflict,
}

/// A stored entry as read back: the same JSON as `Entry` writes, read as one flat object. Serde's derive for
/// the flattened, internally tagged `state` would buffer every entry through its generic content type first,
/// which costs the officer's WebAssembly tens of kilobytes.
#[derive(Deserialize)]
struct FlatEntry {
    id: Uuid,
    item: Report,
    #[serde(default)]
    officer: Option<String>,
    queued_at: f64,
    state: StateName,
    #[serde(default)]
    problems: Problems,
    #[serde(default)]
    errors: FieldErrors,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum StateName {
    Waiting,
    Sending,
    Invalid,
    Conflict,
}

impl From<FlatEntry> for Entry {
    fn from(f: FlatEntry) -> Self {
        let state = match f.state {
            StateName::Waiting => EntryState::Waiting,
            StateName::Sending => EntryState::Sending,
            StateName::Invalid => EntryState::Invalid {
                problems: f.problems,
                errors: f.errors,
            },
            StateName::Conflict => EntryState::Conflict,
        };
        Entry {
            id: f.id,
            item: f.item,
            officer: f.officer,
            queued_at: f.queued_at,
            state,
        }
    }
}

/// A report the server confirmed, kept briefly so the officer can see it went through.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentEntry {
    pub id: Uuid,
    pub item: Report,
    /// Who saved it: only they see it in the list of sent reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub officer: Option<String>,
    pub synced_at: f64,
}

impl SentEntry {
    pub fn kind(&self) -> ReportKind {
        self.item.kind()
    }

    /// Whether `officer` may see this report.
    pub fn belongs_to(&self, officer: &str) -> bool {
        self.officer.as_deref().is_none_or(|o| o == officer)
    }
}

/// Why the queue refused a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueError {
    Busy,
    Missing,
    NotCorrectable,
    AlreadyQueued,
}

/// Why the device could not keep the queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// The browser allows no storage on the device (private mode, or storage turned off).
    Unavailable,
    /// The device's storage is full.
    Full,
    /// Anything else the storage reported, as it said it.
    Other(String),
    Queue(QueueError),
}

impl From<QueueError> for StoreError {
    fn from(e: QueueError) -> Self {
        Self::Queue(e)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Queue {
    pub entries: Vec<Entry>,
    #[serde(default)]
    pub sent: Vec<SentEntry>,
}

impl Queue {
    /// `officer`'s reports not yet on the server: waiting, being sent, or refused.
    pub fn unsent(&self, officer: &str) -> usize {
        self.entries
            .iter()
            .filter(|e| e.belongs_to(officer))
            .count()
    }

    /// `officer`'s reports that a sync would send: waiting, or left marked as sending by a tab that closed
    /// mid-send. Refused ones wait for the officer instead.
    pub fn to_send(&self, officer: &str) -> usize {
        self.entries
            .iter()
            .filter(|e| matches!(e.state, EntryState::Waiting | EntryState::Sending))
            .filter(|e| e.belongs_to(officer))
            .count()
    }

    /// Reports on this device that wait for another officer than `officer` to sign in.
    pub fn waiting_for_others(&self, officer: &str) -> usize {
        self.entries.len() - self.unsent(officer)
    }

    /// Queues a report `officer` saved.
    pub fn add(&mut self, item: Report, officer: &str, now: f64) -> Result<(), QueueError> {
        let id = item.id;
        if self.entries.iter().any(|e| e.id == id) {
            return Err(QueueError::AlreadyQueued);
        }
        self.entries.push(Entry {
            id,
            item,
            officer: Some(officer.to_owned()),
            queued_at: now,
            state: EntryState::Waiting,
        });
        Ok(())
    }

    /// Marks up to `max` of `officer`'s waiting reports as sending and returns them, oldest first. Another
    /// officer's reports are never sent under this officer's name.
    pub fn take_batch(&mut self, max: usize, officer: &str) -> Vec<Report> {
        self.entries
            .iter_mut()
            .filter(|e| e.state == EntryState::Waiting && e.belongs_to(officer))
            .take(max)
            .map(|e| {
                e.state = EntryState::Sending;
                e.item.clone()
            })
            .collect()
    }

    /// Puts every report that was being sent back to waiting: the send failed, or its sender is gone.
    pub fn release_sending(&mut self) {
        for e in self
            .entries
            .iter_mut()
            .filter(|e| e.state == EntryState::Sending)
        {
            e.state = EntryState::Waiting;
        }
    }

    /// Applies the server's answer. Stored reports leave the queue; refused ones stay, marked. Reports that
    /// were sent but got no answer go back to waiting. Returns how many left the queue.
    pub fn settle(&mut self, results: &[ItemResult], now: f64) -> usize {
        let mut stored = 0;
        for result in results {
            let Some(index) = result.id.as_deref().and_then(|id| {
                self.entries
                    .iter()
                    .position(|e| e.state == EntryState::Sending && e.id.to_string() == id)
            }) else {
                continue;
            };
            if result.status.is_stored() {
                let e = self.entries.remove(index);
                self.sent.insert(
                    0,
                    SentEntry {
                        id: e.id,
                        item: e.item,
                        officer: e.officer,
                        synced_at: now,
                    },
                );
                stored += 1;
            } else if result.status == ItemStatus::Conflict {
                self.entries[index].state = EntryState::Conflict;
            } else {
                self.entries[index].state = EntryState::Invalid {
                    problems: result.problems.clone().unwrap_or_default(),
                    errors: result.errors.clone().unwrap_or_default(),
                };
            }
        }
        self.sent.truncate(SENT_HISTORY);
        self.release_sending();
        stored
    }

    /// Replaces a waiting or refused report with its corrected version and queues it again.
    pub fn correct(&mut self, item: Report) -> Result<(), QueueError> {
        let entry = self
            .entries
            .iter_mut()
            .find(|e| e.id == item.id)
            .ok_or(QueueError::Missing)?;
        match entry.state {
            EntryState::Sending => Err(QueueError::Busy),
            EntryState::Conflict => Err(QueueError::NotCorrectable),
            EntryState::Waiting | EntryState::Invalid { .. } => {
                entry.item = item;
                entry.state = EntryState::Waiting;
                Ok(())
            }
        }
    }

    /// Removes a report for good. The UI asks the officer to confirm first.
    pub fn discard(&mut self, id: Uuid) -> Result<Entry, QueueError> {
        let index = self
            .entries
            .iter()
            .position(|e| e.id == id)
            .ok_or(QueueError::Missing)?;
        if self.entries[index].state == EntryState::Sending {
            return Err(QueueError::Busy);
        }
        Ok(self.entries.remove(index))
    }
}

/// How long to wait before retrying after `failures` consecutive failed syncs: 1 s, doubling, capped at
/// 5 minutes, spread by `jitter` (0..1) over the upper half of the interval so that many phones coming
/// back at once do not retry in step.
pub fn backoff_ms(failures: u32, jitter: f64) -> u64 {
    const FIRST: u64 = 1_000;
    const CAP: u64 = 300_000;
    let interval = FIRST
        .saturating_mul(1u64 << failures.saturating_sub(1).min(20))
        .min(CAP);
    let spread = 0.5 + 0.5 * jitter.clamp(0.0, 1.0);
    (interval as f64 * spread).round() as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::Problem;
    use crate::report::{CollaborationMeeting, ReportBody};
    use chrono::{NaiveDate, TimeZone, Utc};
    use serde_json::{json, Value};

    fn item(id: Uuid) -> Report {
        Report {
            id,
            activity_id: 4,
            created_at: Utc.with_ymd_and_hms(2019, 5, 14, 10, 0, 0).unwrap(),
            date: NaiveDate::from_ymd_opt(2019, 5, 13).unwrap(),
            body: ReportBody::CollaborationMeeting(CollaborationMeeting {
                organisations: vec!["Polisen".into()],
                summary: "Lägesbild.".into(),
            }),
        }
    }

    const OLLE: &str = "olle";

    fn corrected(id: Uuid) -> Report {
        Report {
            activity_id: 5,
            ..item(id)
        }
    }

    fn queue_of(n: usize) -> (Queue, Vec<Uuid>) {
        let mut q = Queue::default();
        let ids: Vec<Uuid> = (0..n).map(|_| Uuid::new_v4()).collect();
        for (i, id) in ids.iter().enumerate() {
            q.add(item(*id), OLLE, i as f64).unwrap();
        }
        (q, ids)
    }

    fn result(id: Uuid, status: ItemStatus) -> ItemResult {
        ItemResult {
            id: Some(id.to_string()),
            status,
            errors: None,
            problems: None,
        }
    }

    #[test]
    fn reports_leave_only_when_the_server_holds_them() {
        let (mut q, ids) = queue_of(4);
        assert_eq!(q.take_batch(10, OLLE).len(), 4);
        let stored = q.settle(
            &[
                result(ids[0], ItemStatus::Created),
                result(ids[1], ItemStatus::Duplicate),
                result(ids[2], ItemStatus::Conflict),
                ItemResult {
                    id: Some(ids[3].to_string()),
                    status: ItemStatus::Invalid,
                    errors: Some(FieldErrors::from([("notes".into(), "personnummer".into())])),
                    problems: Some(Problems::from([("notes", Problem::PersonalNumber)])),
                },
            ],
            100.0,
        );
        assert_eq!(stored, 2);
        assert_eq!(q.unsent(OLLE), 2);
        assert_eq!(
            q.sent.iter().map(|s| s.id).collect::<Vec<_>>(),
            vec![ids[1], ids[0]]
        );
        assert_eq!(q.entries[0].state, EntryState::Conflict);
        assert!(
            matches!(&q.entries[1].state, EntryState::Invalid { problems, .. } if problems["notes"] == Problem::PersonalNumber)
        );
    }

    #[test]
    fn a_failed_send_puts_everything_back() {
        let (mut q, _) = queue_of(3);
        q.take_batch(2, OLLE);
        q.release_sending();
        assert!(q.entries.iter().all(|e| e.state == EntryState::Waiting));
        assert_eq!(q.take_batch(10, OLLE).len(), 3);
    }

    #[test]
    fn an_answer_that_leaves_a_report_out_returns_it_to_waiting() {
        let (mut q, ids) = queue_of(2);
        q.take_batch(10, OLLE);
        q.settle(&[result(ids[0], ItemStatus::Created)], 1.0);
        assert_eq!(q.entries.len(), 1);
        assert_eq!(q.entries[0].state, EntryState::Waiting);
    }

    #[test]
    fn batches_are_bounded_and_oldest_first() {
        let (mut q, ids) = queue_of(5);
        let batch = q.take_batch(2, OLLE);
        assert_eq!(batch, vec![item(ids[0]), item(ids[1])]);
        assert_eq!(q.take_batch(10, OLLE).len(), 3, "only the waiting ones");
    }

    #[test]
    fn a_report_being_sent_can_be_neither_corrected_nor_discarded() {
        let (mut q, ids) = queue_of(1);
        q.take_batch(1, OLLE);
        assert_eq!(q.correct(corrected(ids[0])), Err(QueueError::Busy));
        assert_eq!(q.discard(ids[0]).unwrap_err(), QueueError::Busy);
        assert_eq!(q.unsent(OLLE), 1);
    }

    #[test]
    fn an_invalid_report_is_corrected_and_queued_again_but_a_conflict_only_discarded() {
        let (mut q, ids) = queue_of(2);
        q.take_batch(2, OLLE);
        q.settle(
            &[
                result(ids[0], ItemStatus::Invalid),
                result(ids[1], ItemStatus::Conflict),
            ],
            1.0,
        );
        q.correct(corrected(ids[0])).unwrap();
        assert_eq!(q.entries[0].state, EntryState::Waiting);
        assert_eq!(q.entries[0].item, corrected(ids[0]));
        assert_eq!(
            q.correct(corrected(ids[1])),
            Err(QueueError::NotCorrectable)
        );
        assert_eq!(q.discard(ids[1]).unwrap().id, ids[1]);
        assert_eq!(q.discard(ids[1]).unwrap_err(), QueueError::Missing);
    }

    #[test]
    fn the_same_report_is_never_queued_twice() {
        let (mut q, ids) = queue_of(1);
        assert_eq!(
            q.add(item(ids[0]), OLLE, 5.0),
            Err(QueueError::AlreadyQueued)
        );
    }

    #[test]
    fn the_queue_survives_storage_as_json() {
        let (mut q, ids) = queue_of(3);
        q.take_batch(2, OLLE);
        q.settle(
            &[
                result(ids[0], ItemStatus::Created),
                ItemResult {
                    id: Some(ids[1].to_string()),
                    status: ItemStatus::Invalid,
                    errors: Some(FieldErrors::from([("date".into(), "saknas".into())])),
                    problems: Some(Problems::from([("date", Problem::Missing)])),
                },
            ],
            9.0,
        );
        let text = serde_json::to_string(&q).unwrap();
        assert_eq!(serde_json::from_str::<Queue>(&text).unwrap(), q);
        // The state reads plainly in storage, next to the entry's other fields.
        let stored: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(stored["entries"][0]["state"], "invalid");
        assert_eq!(stored["entries"][0]["problems"]["date"]["code"], "missing");
        assert_eq!(
            stored["entries"][0]["item"]["kind"],
            "collaboration_meeting"
        );
        assert_eq!(stored["entries"][1]["state"], "waiting");
    }

    #[test]
    fn a_queue_stored_before_problems_were_data_still_reads() {
        // As an earlier build wrote it: the wire item as JSON, the entry's kind beside it, and the refusal
        // in Swedish words only.
        let id = "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d";
        let old = json!({"entries": [{
            "id": id, "kind": "targeted_operation", "queued_at": 1.5e12, "state": "invalid",
            "errors": {"notes": "får inte innehålla något som liknar ett personnummer"},
            "item": {"id": id, "kind": "targeted_operation", "activity_id": 3,
                "created_at": "2019-05-14T18:15:00.000Z", "date": "2019-05-14", "start_time": "18:00",
                "end_time": "22:00", "place": "Resecentrum", "officers": 4, "persons_checked": 12,
                "persons_21_or_under": 7, "youths_identified": 2, "drug_offences_reported": 3,
                "notes": "811228-9874"}
        }], "sent": []});
        let q: Queue = serde_json::from_value(old).unwrap();
        assert_eq!(q.entries[0].kind(), ReportKind::TargetedOperation);
        let EntryState::Invalid { problems, errors } = &q.entries[0].state else {
            panic!("still refused")
        };
        assert!(problems.is_empty());
        assert!(errors["notes"].contains("personnummer"));
    }

    #[test]
    fn the_sent_history_is_bounded() {
        let (mut q, ids) = queue_of(SENT_HISTORY + 5);
        q.take_batch(usize::MAX, OLLE);
        let all: Vec<ItemResult> = ids
            .iter()
            .map(|id| result(*id, ItemStatus::Created))
            .collect();
        q.settle(&all, 1.0);
        assert_eq!(q.sent.len(), SENT_HISTORY);
        assert_eq!(q.unsent(OLLE), 0);
    }

    #[test]
    fn backoff_doubles_from_one_second_to_five_minutes_with_jitter() {
        assert_eq!(backoff_ms(1, 1.0), 1_000);
        assert_eq!(backoff_ms(2, 1.0), 2_000);
        assert_eq!(backoff_ms(3, 1.0), 4_000);
        assert_eq!(backoff_ms(9, 1.0), 256_000);
        assert_eq!(backoff_ms(10, 1.0), 300_000);
        assert_eq!(backoff_ms(1_000, 1.0), 300_000);
        assert_eq!(backoff_ms(1, 0.0), 500);
        assert_eq!(backoff_ms(10, 0.0), 150_000);
        for jitter in [0.0, 0.3, 0.99] {
            let d = backoff_ms(4, jitter);
            assert!((4_000..=8_000).contains(&d), "{d}");
        }
    }

    #[test]
    fn only_waiting_and_interrupted_reports_of_the_officer_are_to_send() {
        let (mut q, ids) = queue_of(3);
        q.add(item(Uuid::new_v4()), "anna", 9.0).unwrap();
        assert_eq!(q.to_send(OLLE), 3);
        assert_eq!(q.take_batch(2, OLLE).len(), 2);
        assert_eq!(q.to_send(OLLE), 3, "a batch left sending is sent again");
        q.settle(
            &[
                result(ids[0], ItemStatus::Created),
                result(ids[1], ItemStatus::Conflict),
            ],
            10.0,
        );
        assert_eq!((q.to_send(OLLE), q.unsent(OLLE)), (1, 2));
        assert_eq!(q.to_send("anna"), 1);
        assert_eq!(q.to_send("bertil"), 0);
    }

    #[test]
    fn an_officer_sends_and_sees_only_their_own_reports_and_the_others_wait() {
        let mut q = Queue::default();
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        q.add(item(a), "anna", 1.0).unwrap();
        q.add(item(b), "bertil", 2.0).unwrap();
        assert_eq!((q.unsent("anna"), q.waiting_for_others("anna")), (1, 1));
        let batch = q.take_batch(10, "bertil");
        assert_eq!(batch.iter().map(|r| r.id).collect::<Vec<_>>(), vec![b]);
        q.settle(&[result(b, ItemStatus::Created)], 3.0);
        assert_eq!(q.unsent("bertil"), 0);
        assert_eq!(q.entries[0].officer.as_deref(), Some("anna"));
        assert_eq!(
            q.entries[0].state,
            EntryState::Waiting,
            "anna's report waits for her"
        );
        assert_eq!(q.take_batch(10, "anna").len(), 1);
    }

    #[test]
    fn an_answer_settles_only_the_report_it_names_and_only_while_it_is_being_sent() {
        let (mut q, ids) = queue_of(3);
        assert_eq!(q.waiting_for_others(OLLE), 0);
        let batch = q.take_batch(2, OLLE);
        assert_eq!(batch.len(), 2);
        // An answer for the report not in the batch (still waiting) changes nothing of it; the one for the
        // second report settles that one, not the first report being sent.
        let stored = q.settle(
            &[
                result(ids[2], ItemStatus::Created),
                result(ids[1], ItemStatus::Created),
            ],
            5.0,
        );
        assert_eq!(stored, 1);
        let left: Vec<_> = q.entries.iter().map(|e| e.id).collect();
        assert_eq!(left, vec![ids[0], ids[2]]);
        assert!(q.entries.iter().all(|e| e.state == EntryState::Waiting));
        q.add(item(Uuid::new_v4()), "anna", 6.0).unwrap();
        q.add(item(Uuid::new_v4()), "anna", 7.0).unwrap();
        assert_eq!(q.waiting_for_others(OLLE), 2);
    }

    #[test]
    fn a_sent_report_is_shown_only_to_its_officer() {
        let mut q = Queue::default();
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        q.add(item(a), "anna", 1.0).unwrap();
        q.add(item(b), "bertil", 2.0).unwrap();
        q.take_batch(10, "anna");
        q.settle(&[result(a, ItemStatus::Created)], 3.0);
        let sent: Vec<_> = q.sent.iter().filter(|e| e.id == a).collect();
        assert_eq!(sent.len(), 1);
        assert!(sent[0].belongs_to("anna"));
        assert!(
            !sent[0].belongs_to("bertil"),
            "bertil never sees anna's sent report"
        );
        assert!(
            !q.entries[0].belongs_to("anna"),
            "nor anna bertil's waiting one"
        );
    }

    #[test]
    fn a_report_queued_before_officers_were_kept_goes_with_whoever_signs_in() {
        let old: Entry = serde_json::from_value(json!({
            "id": "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d", "queued_at": 1.0, "state": "waiting",
            "item": serde_json::to_value(item(Uuid::nil())).unwrap(),
        }))
        .unwrap();
        assert!(old.belongs_to("anna") && old.belongs_to("bertil"));
    }
}
