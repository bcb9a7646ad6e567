//! `lofte backup` while officers sync, and `lofte restore`, run as the real binary.

use crate::common::{
    achieved, activity_id, operation, post_reports, spawn_app_on, spawn_sqlite_app, test_settings,
};
use domain::credentials::Role;
use serde_json::Value;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};
use std::path::Path;
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

fn lofte(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lofte"))
        .args(args)
        .env("DATABASE_URL", format!("sqlite://{}", db.display()))
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test]
async fn a_backup_during_a_sync_holds_every_acknowledged_report_and_restores() {
    let app = spawn_sqlite_app().await;
    let officer = app.signed_in("olle", Role::Officer).await;
    let activity = activity_id(&app, "targeted_operation").await;

    // An officer keeps syncing batches of 20 for as long as the backup runs.
    let acked = Arc::new(Mutex::new(Vec::<String>::new()));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let sync = tokio::spawn({
        let (acked, stop, officer) = (acked.clone(), stop.clone(), officer.clone());
        let app_url = app.address.clone();
        async move {
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let batch: Vec<Value> = (0..20).map(|_| operation(activity)).collect();
                let res = officer
                    .post(format!("{app_url}/api/v1/reports"))
                    .json(&batch)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status(), 200);
                let answer: Vec<Value> = res.json().await.unwrap();
                let mut acked = acked.lock().unwrap();
                for item in answer {
                    assert_eq!(item["status"], "created", "{item}");
                    acked.push(item["id"].as_str().unwrap().to_owned());
                }
            }
        }
    });
    while acked.lock().unwrap().len() < 200 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let before: Vec<String> = acked.lock().unwrap().clone();

    let dir = tempfile::tempdir().unwrap();
    let backup = dir.path().join("lofte-backup.db");
    let out = tokio::task::spawn_blocking({
        let (db, backup) = (app.db_path.clone(), backup.clone());
        move || lofte(&db, &["backup", backup.to_str().unwrap()])
    })
    .await
    .unwrap();
    let during = acked.lock().unwrap().len();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    sync.await.unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("integrity ok"),
        "{}",
        text(&out.stdout)
    );
    assert!(
        during > before.len(),
        "the sync went on while the backup ran"
    );

    let (check, stored) = crate::common::stored_report_ids(&backup).await;
    assert_eq!(check, "ok");
    let missing: Vec<&String> = before.iter().filter(|id| !stored.contains(*id)).collect();
    assert!(
        missing.is_empty(),
        "{} acknowledged reports missing",
        missing.len()
    );
    assert!(
        text(&out.stdout).contains(&format!("{} reports", stored.len())),
        "the counts are reported: {}",
        text(&out.stdout)
    );

    // Restored into a fresh place, it serves: the progress counts exactly the backup's reports.
    let restored_dir = tempfile::tempdir().unwrap();
    let restored = restored_dir.path().join("lofte.db");
    let out = lofte(&restored, &["restore", backup.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let served = spawn_app_on(restored_dir, restored.clone(), test_settings()).await;
    assert_eq!(
        achieved(&served, "targeted_operation").await,
        stored.len() as i64
    );

    // A restore over a database in use is refused and changes nothing.
    let out = lofte(&restored, &["restore", backup.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("in use"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(served.count("reports").await, stored.len() as i64);
}

#[tokio::test]
async fn bad_backups_and_targets_are_refused_and_change_nothing() {
    let app = spawn_sqlite_app().await;
    let officer = app.signed_in("olle", Role::Officer).await;
    let activity = activity_id(&app, "targeted_operation").await;
    let (status, _) = post_reports(&officer, &app, &serde_json::json!([operation(activity)])).await;
    assert_eq!(status, 200);
    let dir = tempfile::tempdir().unwrap();

    // A backup never overwrites.
    let existing = dir.path().join("existing.db");
    std::fs::write(&existing, b"keep me").unwrap();
    let out = lofte(&app.db_path, &["backup", existing.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("exists"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read(&existing).unwrap(), b"keep me");

    // Not a database, a truncated one, and one that is not this app's: all refused before anything is
    // touched.
    let good = dir.path().join("good.db");
    assert!(lofte(&app.db_path, &["backup", good.to_str().unwrap()])
        .status
        .success());
    let bytes = std::fs::read(&good).unwrap();
    let truncated = dir.path().join("truncated.db");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let other = dir.path().join("other.db");
    {
        let mut conn = SqliteConnectOptions::new()
            .filename(&other)
            .create_if_missing(true)
            .connect()
            .await
            .unwrap();
        sqlx::query("CREATE TABLE t (x)")
            .execute(&mut conn)
            .await
            .unwrap();
        conn.close().await.unwrap();
    }
    let target_dir = tempfile::tempdir().unwrap();
    let target = target_dir.path().join("lofte.db");
    assert!(lofte(&target, &["restore", good.to_str().unwrap()])
        .status
        .success());
    let original = std::fs::read(&target).unwrap();
    for bad in [
        &existing,
        &truncated,
        &other,
        &dir.path().join("missing.db"),
    ] {
        let out = lofte(&target, &["restore", bad.to_str().unwrap()]);
        assert!(!out.status.success(), "{} was restored", bad.display());
        assert!(!text(&out.stderr).trim().is_empty());
        assert_eq!(
            std::fs::read(&target).unwrap(),
            original,
            "{}",
            bad.display()
        );
    }
    let leftovers: Vec<_> = std::fs::read_dir(target_dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, ["lofte.db"], "no temporary files are left");
}
