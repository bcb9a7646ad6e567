//! The `lofte` command line, run as the real binary against a temporary database.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn lofte(db: &str, args: &[&str], stdin: Option<&str>, password_env: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lofte"));
    command
        .args(args)
        .env("DATABASE_URL", db)
        .env_remove("LOFTE_PASSWORD");
    if let Some(p) = password_env {
        command.env("LOFTE_PASSWORD", p);
    }
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        pipe.write_all(text.as_bytes()).unwrap();
    }
    drop(pipe);
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn accounts_are_added_from_stdin_or_the_environment_and_listed() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("cli.db").display());

    let out = lofte(&db, &["user", "list"], None, None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("No accounts"));

    let out = lofte(
        &db,
        &["user", "add", "Ada", "--role", "admin"],
        Some("ett långt lösenord\n"),
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = lofte(
        &db,
        &["user", "add", "olle", "--role", "officer"],
        None,
        Some("ett annat långt lösenord"),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));

    let listed = text(&lofte(&db, &["user", "list"], None, None).stdout);
    let rows: Vec<Vec<&str>> = listed
        .lines()
        .map(|l| l.split_whitespace().take(3).collect())
        .collect();
    assert_eq!(
        rows,
        [
            vec!["ada", "admin", "active"],
            vec!["olle", "officer", "active"]
        ]
    );
}

#[test]
fn bad_input_is_refused_and_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("cli.db").display());
    for (args, stdin) in [
        (vec!["user", "add", "kort", "--role", "officer"], "kort\n"),
        (
            vec!["user", "add", "inte giltig", "--role", "officer"],
            "ett långt lösenord\n",
        ),
        (
            vec!["user", "add", "chefen", "--role", "chef"],
            "ett långt lösenord\n",
        ),
    ] {
        let out = lofte(&db, &args, Some(stdin), None);
        assert!(!out.status.success(), "{args:?} should fail");
        assert!(!text(&out.stderr).is_empty(), "{args:?} says why");
    }
    let out = lofte(
        &db,
        &["user", "add", "ada", "--role", "admin"],
        Some("ett långt lösenord\n"),
        None,
    );
    assert!(out.status.success());
    let again = lofte(
        &db,
        &["user", "add", "ADA", "--role", "officer"],
        Some("ett långt lösenord\n"),
        None,
    );
    assert!(!again.status.success());
    assert!(
        text(&again.stderr).contains("finns redan"),
        "{}",
        text(&again.stderr)
    );
    assert_eq!(
        text(&lofte(&db, &["user", "list"], None, None).stdout)
            .lines()
            .count(),
        1
    );
}

#[test]
fn help_documents_the_configuration() {
    let help = text(&lofte("sqlite::memory:", &["serve", "--help"], None, None).stdout);
    for setting in [
        "DATABASE_URL",
        "LEPTOS_SITE_ADDR",
        "LEPTOS_SITE_ROOT",
        "LOFTE_COOKIE_SECURE",
        "LOFTE_LOGIN_FAILURES_PER_ACCOUNT_ADDRESS",
        "LOFTE_LOGIN_FAILURES_PER_ADDRESS",
        "LOFTE_LOGIN_FAILURES_PER_ACCOUNT",
        "LOFTE_TRUSTED_PROXIES",
        "LOFTE_PUBLIC_ORIGIN",
    ] {
        assert!(help.contains(setting), "serve --help lacks {setting}");
    }
}

#[test]
fn bad_proxy_and_origin_settings_are_refused_at_start() {
    for (var, value) in [
        ("LOFTE_TRUSTED_PROXIES", "127.0.0.1, proxy.example"),
        ("LOFTE_PUBLIC_ORIGIN", "lofte.example.se"),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_lofte"))
            .args(["serve"])
            .env("DATABASE_URL", "sqlite::memory:")
            .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
            .env(var, value)
            .output()
            .unwrap();
        assert!(!out.status.success(), "{var}={value} was accepted");
        assert!(
            text(&out.stderr).contains(var) || text(&out.stderr).contains("invalid value"),
            "{}",
            text(&out.stderr)
        );
    }
}

#[test]
fn check_compares_the_tallies_with_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("check.db").display());
    let out = lofte(&db, &["check"], None, None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("agree with the record"));

    // A tally with nothing behind it in the record, as a bug or a hand edit would leave one.
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            let pool = sqlx::SqlitePool::connect(&db).await.unwrap();
            sqlx::query("INSERT INTO office_hour_tallies VALUES (0, '2019-05-07', 2)")
                .execute(&pool)
                .await
                .unwrap();
            pool.close().await;
        });
    let out = lofte(&db, &["check"], None, None);
    assert!(!out.status.success());
    assert!(
        text(&out.stdout).contains(
            "office hours held 2019-05-07 in police area 0: tallies say 2, the record says 0"
        ),
        "{}",
        text(&out.stdout)
    );
    assert!(text(&out.stderr).contains("1 tallies differ"));
}

/// A `DATABASE_URL` the app cannot serve stops the server at start with the schemes it accepts, and leaves
/// nothing behind: `postgres://…` once became a SQLite file under a folder named `postgres:`. A Postgres
/// server that does not answer stops it too, naming PostgreSQL and never the password.
#[test]
fn a_database_url_it_cannot_serve_is_refused_at_start() {
    for (url, says, names_schemes) in [
        (
            "postgres://lofte:hemligt@127.0.0.1:1/lofte",
            "PostgreSQL",
            false,
        ),
        ("mysql://root@localhost/lofte", "`mysql:`", true),
        ("data/lofte.db", "names no scheme", true),
    ] {
        let dir = tempfile::tempdir().unwrap();
        for args in [
            &["serve"][..],
            &["user", "list"][..],
            &["backup", "copy.db"][..],
        ] {
            let mut child = Command::new(env!("CARGO_BIN_EXE_lofte"))
                .args(args)
                .current_dir(dir.path())
                .env("DATABASE_URL", url)
                .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            // A server that accepted the URL would serve until stopped: give it 20 s to refuse.
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
            while child.try_wait().unwrap().is_none() {
                if std::time::Instant::now() > deadline {
                    child.kill().unwrap();
                    let out = child.wait_with_output().unwrap();
                    panic!("{url} {args:?} is still running: {}", text(&out.stderr));
                }
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            let out = child.wait_with_output().unwrap();
            let stderr = text(&out.stderr);
            assert!(
                !out.status.success(),
                "{url} {args:?} was accepted: {stderr}"
            );
            assert!(stderr.contains(says), "{url} {args:?}: {stderr}");
            assert_eq!(
                stderr.contains("It accepts `sqlite:`"),
                names_schemes,
                "{url} {args:?} names the accepted schemes when it cannot serve the URL: {stderr}"
            );
            assert!(
                !stderr.contains("hemligt"),
                "the password is never shown: {stderr}"
            );
            let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
            assert!(left.is_empty(), "{url} {args:?} created {left:?}");
        }
    }
}

/// A secret given as a file: read from `<NAME>_FILE`; both ways at once refused; `lofte config` shows the
/// effective settings with the password redacted and says where it came from.
#[test]
fn secrets_can_come_from_files_and_the_configuration_never_shows_them() {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("database-url");
    let db = format!("sqlite://{}", dir.path().join("cli.db").display());
    std::fs::write(&secret, format!("{db}\n")).unwrap();
    let run = |envs: &[(&str, &str)], args: &[&str]| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_lofte"));
        command
            .args(args)
            .env_remove("DATABASE_URL")
            .env_remove("DATABASE_URL_FILE")
            .env_remove("LOFTE_COPY_TO");
        for (k, v) in envs {
            command.env(k, v);
        }
        command.output().unwrap()
    };
    let file = secret.to_str().unwrap();
    let out = run(&[("DATABASE_URL_FILE", file)], &["user", "list"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        dir.path().join("cli.db").exists(),
        "the URL in the file was used"
    );

    let out = run(
        &[("DATABASE_URL_FILE", file), ("DATABASE_URL", &db)],
        &["user", "list"],
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("both DATABASE_URL and DATABASE_URL_FILE are set"),
        "{}",
        text(&out.stderr)
    );

    let postgres = dir.path().join("pg-url");
    std::fs::write(&postgres, "postgres://lofte:hemligt@db.example/lofte").unwrap();
    let out = run(
        &[
            ("DATABASE_URL_FILE", postgres.to_str().unwrap()),
            ("LOFTE_DB_TIMEOUT", "7"),
        ],
        &["config"],
    );
    let shown = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!shown.contains("hemligt"), "{shown}");
    assert!(
        shown.contains("postgres://lofte:***@db.example/lofte"),
        "{shown}"
    );
    assert!(shown.contains("from DATABASE_URL_FILE"), "{shown}");
    assert!(
        shown.contains("LOFTE_DB_TIMEOUT") && shown.contains("7 s"),
        "{shown}"
    );

    let empty = dir.path().join("empty");
    std::fs::write(&empty, "\n").unwrap();
    let out = run(
        &[("DATABASE_URL_FILE", empty.to_str().unwrap())],
        &["config"],
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("is empty"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn an_account_added_on_the_command_line_gets_its_scope_or_a_clear_refusal() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("scope.db").display());
    let pw = Some("ett långt lösenord här");
    let out = lofte(&db, &["user", "add", "nora", "--role", "admin"], None, pw);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("(national)"),
        "the default scope"
    );
    let out = lofte(
        &db,
        &[
            "user",
            "add",
            "olle",
            "--role",
            "officer",
            "--scope",
            "police_area:hoglandet",
        ],
        None,
        pw,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    for (scope, says) in [
        ("police_area:finns-inte", "finns-inte"),
        ("municipality:9999", "not a scope"),
        ("kommun", "not a scope"),
    ] {
        let out = lofte(
            &db,
            &["user", "add", "fel", "--role", "officer", "--scope", scope],
            None,
            pw,
        );
        assert!(!out.status.success(), "{scope}");
        assert!(
            text(&out.stderr).contains(says),
            "{scope}: {}",
            text(&out.stderr)
        );
    }
    let listed = text(&lofte(&db, &["user", "list"], None, None).stdout);
    assert!(listed.contains("police_area:hoglandet"), "{listed}");
    assert!(
        !listed.contains("fel"),
        "nothing was created by a refusal: {listed}"
    );
}

#[test]
fn check_lists_an_agreement_whose_municipality_names_no_municipality() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("unplaced.db").display());
    let out = lofte(&db, &["check"], None, None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Every agreement and office hour has its municipality"));
    // An agreement written before organisations, whose free text names no Swedish municipality.
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            let pool = sqlx::SqlitePool::connect(&db).await.unwrap();
            sqlx::query(
                "INSERT INTO agreements (slug, municipality, police_area, title, valid_from, valid_to,
                     signed_on, background, follow_up)
                 VALUES ('gammalt', 'Exempelby kommun', 'Lokalpolisområde Exempelby', 'Gammalt', '2019-01-01',
                     '2019-12-31', '2019-01-01', 'B.', 'F.')",
            )
            .execute(&pool)
            .await
            .unwrap();
            pool.close().await;
        });
    let out = lofte(&db, &["check"], None, None);
    assert!(!out.status.success());
    let said = text(&out.stdout);
    assert!(
        said.contains("agreement gammalt: its municipality \"Exempelby kommun\""),
        "{said}"
    );
    assert!(said.contains("agreement gammalt: no police area"), "{said}");
    assert!(
        text(&out.stderr).contains("2 items are not placed"),
        "{}",
        text(&out.stderr)
    );
}
