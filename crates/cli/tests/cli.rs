//! End-to-end tests of the `abbild` binary: real files, real SQLite database, real process.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers may panic: a panic is a failed test

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn abbild(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_abbild"))
        .args(args)
        .output()
        .expect("run abbild")
}

fn ok(args: &[&str]) -> String {
    let out = abbild(args);
    assert!(
        out.status.success(),
        "abbild {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

fn fail(args: &[&str]) -> String {
    let out = abbild(args);
    assert!(!out.status.success(), "abbild {args:?} should fail");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn data(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn herne_args(format: &str) -> Vec<String> {
    let mut v: Vec<String> = ["analyze", "representation", "--staff"]
        .map(str::to_owned)
        .to_vec();
    v.push(data("herne_staff.csv"));
    v.push("--responses".into());
    v.push(data("herne_responses.csv"));
    v.push("--population".into());
    v.push(data("herne_population.csv"));
    v.extend([
        "--format".to_owned(),
        format.to_owned(),
        "--unprotected".to_owned(),
    ]);
    v
}

fn run_herne(format: &str) -> String {
    let args = herne_args(format);
    ok(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

const METRICS: [&str; 12] = [
    "headcount",
    "respondents",
    "with_migration",
    "response_rate",
    "share",
    "ci_low",
    "ci_high",
    "benchmark_total",
    "benchmark_standardized",
    "ratio",
    "gap_heads",
    "assessment",
];

fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().expect("object").keys().cloned().collect();
    k.sort();
    k
}

#[test]
fn german_excel_files_give_the_documented_json_shape() {
    let json: Value = serde_json::from_str(&run_herne("json")).unwrap();
    assert_eq!(json["definition"], "eg");
    assert_eq!(json["interval"], "wilson_fpc");
    assert_eq!(json["confidence"], 0.95);
    assert_eq!(json["protection"]["status"], "unprotected");
    let city = &json["cities"][0];
    assert_eq!(city["ags"], "05916000");
    assert_eq!(
        city["benchmark"],
        serde_json::json!({"source": "zensus2022", "year": 2022, "definition": "eg"})
    );
    let mut expected: Vec<String> = METRICS.map(str::to_owned).to_vec();
    expected.sort();
    for seg in city["segments"].as_array().unwrap() {
        let mut k = keys(seg);
        k.retain(|x| x != "key");
        assert_eq!(k, expected, "segment keys");
        assert_eq!(keys(&seg["key"]), vec!["field", "level"]);
    }
    let mut with_uncovered = expected.clone();
    with_uncovered.push("uncovered_headcount".into());
    with_uncovered.sort();
    assert_eq!(keys(&city["overall"]), with_uncovered);
    insta::assert_json_snapshot!("herne_json", json);
}

#[test]
fn german_table_is_readable_and_warns() {
    let table = run_herne("table");
    assert!(table.starts_with("!! UNGESCHÜTZTE ZAHLEN"), "{table}");
    insta::assert_snapshot!("herne_table", table);
}

#[test]
fn csv_and_xlsx_outputs() {
    let csv = run_herne("csv");
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    assert!(
        header.starts_with("ags,year,wave,definition,scope,field,level,headcount,"),
        "{header}"
    );
    assert!(header.ends_with(",uncovered_headcount,protection"));
    assert_eq!(
        lines.clone().count(),
        5 + 1,
        "5 field × level segments (two span two age bands) + overall"
    );
    assert!(lines.all(|l| l.ends_with(",unprotected")));

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.xlsx");
    let mut args = herne_args("xlsx");
    args.extend(["--out".to_owned(), out.to_string_lossy().into_owned()]);
    ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(&bytes[..4], b"PK\x03\x04");
    // xlsx to stdout makes no sense: refused with a hint.
    let err = fail(
        &herne_args("xlsx")
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    assert!(err.contains("--out"), "{err}");
}

#[test]
fn grouping_by_a_column_the_files_lack_is_refused() {
    let mut args = herne_args("json");
    args.extend(["--by".to_owned(), "field,sex".to_owned()]);
    let err = fail(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(
        err.contains(
            "Gruppierung nach sex nicht möglich: die Personaldatei enthält keine Spalte sex"
        ),
        "{err}"
    );
}

#[test]
fn definition_other_than_benchmark_warns_visibly() {
    let mut args = herne_args("table");
    args.extend(["--definition".to_owned(), "mh".to_owned()]);
    let table = ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(table.contains("Hinweis: Achtung: Die Beschäftigten werden nach „Migrationshintergrund (Destatis)“ gezählt"), "{table}");
}

struct Db {
    _dir: tempfile::TempDir,
    path: String,
}

fn db() -> Db {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.sqlite").to_string_lossy().into_owned();
    Db { _dir: dir, path }
}

/// Imports the three Herne test files into `db`.
fn import_herne(db: &Db) {
    for kind in ["staff", "responses", "population"] {
        ok(&[
            "import",
            kind,
            &data(&format!("herne_{kind}.csv")),
            "--db",
            &db.path,
        ]);
    }
}

#[test]
fn bad_file_names_row_column_and_changes_nothing() {
    let db = db();
    ok(&[
        "import",
        "staff",
        &data("herne_staff.csv"),
        "--db",
        &db.path,
    ]);
    let before = ok(&["imports", "list", "--db", &db.path]);

    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("kaputt.csv");
    std::fs::write(
        &bad,
        "ags,wave,level,self_born_abroad\n05916000,2024,mittel,ja\n05916000,2024,gehobn,nein\n",
    )
    .unwrap();
    let err = fail(&[
        "import",
        "responses",
        bad.to_str().unwrap(),
        "--db",
        &db.path,
    ]);
    assert!(err.contains("kaputt.csv"), "{err}");
    assert!(err.contains("Zeile 3"), "{err}");
    assert!(err.contains("gehobn"), "{err}");
    assert!(
        err.to_lowercase().contains("level") || err.contains("Ebene"),
        "{err}"
    );
    assert_eq!(
        ok(&["imports", "list", "--db", &db.path]),
        before,
        "a failed import must change nothing"
    );
}

#[test]
fn reimport_is_idempotent_and_overlap_is_refused() {
    let db = db();
    import_herne(&db);
    let once = ok(&["imports", "list", "--db", &db.path]);
    let out = abbild(&[
        "import",
        "staff",
        &data("herne_staff.csv"),
        "--db",
        &db.path,
    ]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("bereits als Import #1 vorhanden"));
    assert_eq!(ok(&["imports", "list", "--db", &db.path]), once);

    // Same city and year from a different file: refused, nothing merged.
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("personal_neu.csv");
    std::fs::write(&other, "ags,year,headcount\n05916000,2024,99\n").unwrap();
    let err = fail(&["import", "staff", other.to_str().unwrap(), "--db", &db.path]);
    assert!(
        err.contains("herne_staff.csv"),
        "conflict names the existing import: {err}"
    );
    assert_eq!(ok(&["imports", "list", "--db", &db.path]), once);
}

#[test]
fn database_and_files_give_the_same_numbers() {
    let db = db();
    import_herne(&db);
    // The database path is always protected: compare with protected file output.
    let mut args = herne_args("json");
    args.pop();
    let from_files = ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let from_db = ok(&[
        "analyze",
        "representation",
        "--db",
        &db.path,
        "--ags",
        "05916000",
        "--format",
        "json",
    ]);
    assert_eq!(from_files, from_db);
    let json: Value = serde_json::from_str(&from_db).unwrap();
    assert_eq!(json["protection"]["status"], "protected");
    // And it cannot be talked out of it.
    let err = fail(&[
        "analyze",
        "representation",
        "--db",
        &db.path,
        "--unprotected",
    ]);
    assert!(err.contains("--unprotected"), "{err}");
}

#[test]
fn w1_generate_then_analyze_files_and_db_agree() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("w1");
    ok(&[
        "generate",
        "--workload",
        "w1",
        "--seed",
        "7",
        "--out",
        out.to_str().unwrap(),
    ]);
    let f = |n: &str| -> PathBuf { out.join(n) };
    let files = ok(&[
        "analyze",
        "representation",
        "--unprotected",
        "--staff",
        f("staff.csv").to_str().unwrap(),
        "--responses",
        f("responses.csv").to_str().unwrap(),
        "--population",
        f("population.csv").to_str().unwrap(),
        "--format",
        "json",
    ]);
    let json: Value = serde_json::from_str(&files).unwrap();
    assert_eq!(json["cities"].as_array().unwrap().len(), 10);
    let files = ok(&[
        "analyze",
        "representation",
        "--staff",
        f("staff.csv").to_str().unwrap(),
        "--responses",
        f("responses.csv").to_str().unwrap(),
        "--population",
        f("population.csv").to_str().unwrap(),
        "--format",
        "json",
    ]);
    let db = db();
    for k in ["staff", "responses", "population"] {
        ok(&[
            "import",
            k,
            f(&format!("{k}.csv")).to_str().unwrap(),
            "--db",
            &db.path,
        ]);
    }
    let from_db = ok(&[
        "analyze",
        "representation",
        "--db",
        &db.path,
        "--format",
        "json",
    ]);
    assert_eq!(files, from_db);
    assert_protected_representation(&serde_json::from_str(&from_db).unwrap(), 5);
}

/// No published count in a released representation is primary-sensitive, and every figure
/// derived from a withheld count is withheld too.
fn assert_protected_representation(json: &Value, k: u64) {
    assert_eq!(json["protection"]["status"], "protected");
    let mut shown = 0;
    for city in json["cities"].as_array().unwrap() {
        for seg in city["segments"].as_array().unwrap() {
            for key in ["respondents", "with_migration"] {
                if let Some(v) = seg[key].as_u64() {
                    assert!(v == 0 || v >= k, "{key} = {v} published in {seg}");
                }
            }
            if let (Some(n), Some(x)) =
                (seg["respondents"].as_u64(), seg["with_migration"].as_u64())
            {
                assert!(
                    n - x == 0 || n - x >= k,
                    "without = {} derivable in {seg}",
                    n - x
                );
                shown += 1;
            }
            if seg["with_migration"].is_null() {
                for derived in ["share", "ci_low", "ci_high", "ratio", "gap_heads"] {
                    assert!(
                        seg[derived].is_null(),
                        "{derived} leaks a suppressed cell: {seg}"
                    );
                }
                assert_eq!(seg["assessment"], "suppressed");
            }
            if seg["respondents"].is_null() {
                assert!(seg["response_rate"].is_null(), "{seg}");
            }
        }
    }
    assert!(shown > 0, "protection must not suppress everything");
}

#[test]
fn files_are_protected_by_default() {
    let mut args = herne_args("json");
    args.pop();
    let out = abbild(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Geheimhaltung: Schwelle k = 5"));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["protection"]["status"], "protected");
    insta::assert_json_snapshot!("herne_protected_json", json);
}

#[test]
fn protect_command_on_the_classic_two_by_two() {
    let dir = tempfile::tempdir().unwrap();
    let cells = dir.path().join("zellen.csv");
    std::fs::write(&cells, "field;class;count\nkita;with;2\nkita;without;20\nverwaltung;with;30\nverwaltung;without;40\n").unwrap();
    let out = ok(&[
        "protect",
        "--cells",
        cells.to_str().unwrap(),
        "--publish",
        "field,class",
        "--format",
        "json",
    ]);
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["k"], 5);
    assert_eq!(json["primary"], 1);
    assert_eq!(json["secondary"], 3);
    assert!(json["audit"]["min_width"].as_f64().unwrap() >= 5.0);
    let tables = json["tables"].as_array().unwrap();
    let inner = tables
        .iter()
        .find(|t| t["dims"] == serde_json::json!(["field", "class"]))
        .unwrap();
    for c in inner["cells"].as_array().unwrap() {
        assert!(
            c["value"].is_null(),
            "all four inner cells must be suppressed: {c}"
        );
    }
    let total = tables
        .iter()
        .find(|t| t["dims"] == serde_json::json!([]))
        .unwrap();
    assert_eq!(total["cells"][0]["value"], 92);
    // k below 3 is refused.
    let err = fail(&[
        "protect",
        "--cells",
        cells.to_str().unwrap(),
        "--publish",
        "field,class",
        "--k",
        "2",
    ]);
    assert!(err.contains("mindestens 3"), "{err}");
}

#[test]
fn template_round_trip_names_german_headers() {
    let dir = tempfile::tempdir().unwrap();
    let t = dir.path().join("personal.xlsx");
    ok(&["template", "staff", "--out", t.to_str().unwrap()]);
    assert_eq!(&std::fs::read(&t).unwrap()[..2], b"PK");
}

/// `--second-language en` sets the English letter text beside the German one; German is
/// refused as a second language.
#[test]
fn survey_letters_in_two_languages() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.sqlite");
    let codes = dir.path().join("codes.csv");
    let letters = dir.path().join("briefe.pdf");
    let (db, c, l) = (
        db.to_str().unwrap(),
        codes.to_str().unwrap(),
        letters.to_str().unwrap(),
    );
    let args = |lang| {
        [
            "survey",
            "open",
            "--ags",
            "05916000",
            "--wave",
            "2027",
            "--codes",
            "2",
            "--out",
            c,
            "--letters",
            l,
            "--url",
            "https://abbild.herne.example/befragung",
            "--db",
            db,
            "--second-language",
            lang,
        ]
    };
    let refused = fail(&args("de"));
    assert!(refused.contains("schon deutsch"), "{refused}");
    ok(&args("en"));
    let pdf = String::from_utf8_lossy(&std::fs::read(&letters).unwrap()).into_owned();
    assert!(pdf.contains("/Count 2"));
    assert!(pdf.contains("/Lang(de)") && pdf.contains("/Lang(en)"));
}

/// Survey round trip: open a wave (codes CSV), answer with two codes, close, export in the
/// import format, and import the export into a fresh database.
#[test]
fn survey_open_answer_close_export_reimport() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.sqlite");
    let db = db.to_str().unwrap();
    let codes = dir.path().join("codes.csv");
    let letters = dir.path().join("briefe.pdf");
    ok(&[
        "survey",
        "open",
        "--ags",
        "05916000",
        "--wave",
        "2027",
        "--codes",
        "3",
        "--out",
        codes.to_str().unwrap(),
        "--letters",
        letters.to_str().unwrap(),
        "--url",
        "https://abbild.herne.example/befragung",
        "--db",
        db,
    ]);
    let text = std::fs::read_to_string(&codes).unwrap();
    let list: Vec<&str> = text.lines().skip(1).collect();
    assert_eq!(list.len(), 3);
    // docs/ANONYMITY.md: codes, letters and the database are readable by their owner only.
    {
        use std::os::unix::fs::PermissionsExt;
        for f in [codes.as_path(), letters.as_path(), std::path::Path::new(db)] {
            let mode = std::fs::metadata(f).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "{} has mode {mode:o}", f.display());
        }
    }
    // The letters: one page per code, each with its code and the address, German text.
    let pdf = std::fs::read(&letters).unwrap();
    let pdf_text = String::from_utf8_lossy(&pdf);
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(pdf_text.contains("/Count 3"));
    assert!(pdf_text.contains("https://abbild.herne.example/befragung"));
    // Each code once, as the link of its QR code (the printed text is checked in
    // abbild-report: typst's content streams are compressed).
    for c in &list {
        let link = format!("/URI(https://abbild.herne.example/befragung?code={c})");
        assert_eq!(
            pdf_text.matches(&link).count(),
            1,
            "{c} once in the letters"
        );
    }
    assert!(list
        .iter()
        .all(|c| c.len() == 17 && c.matches('-').count() == 2));
    // The database holds no code.
    let raw = std::fs::read(db).unwrap();
    for c in &list {
        let canon = c.replace('-', "");
        assert!(!raw.windows(canon.len()).any(|w| w == canon.as_bytes()));
    }
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let cat = abbild_core::FieldCatalog::default();
        let store = abbild_store::AnyStore::open(db, cat.clone()).await.unwrap();
        for (code, born) in [(list[0], "ja"), (list[1], "nein")] {
            let mut a = abbild_core::survey::SurveyAnswers::default();
            a.parse_field("self_born_abroad", born, &cat).unwrap();
            a.parse_field("field", "kita", &cat).unwrap();
            let o = abbild_service::survey::submit(&store, code, a)
                .await
                .unwrap();
            assert_eq!(o, abbild_store::SubmitOutcome::Stored);
        }
        store.close().await;
    });
    ok(&[
        "survey", "close", "--ags", "05916000", "--wave", "2027", "--db", db,
    ]);
    let export = dir.path().join("antworten.csv");
    ok(&[
        "survey",
        "export",
        "--ags",
        "05916000",
        "--wave",
        "2027",
        "--out",
        export.to_str().unwrap(),
        "--db",
        db,
    ]);
    let csv = std::fs::read_to_string(&export).unwrap();
    assert_eq!(csv.lines().count(), 3, "{csv}");
    let db2 = dir.path().join("b.sqlite");
    ok(&[
        "import",
        "responses",
        export.to_str().unwrap(),
        "--db",
        db2.to_str().unwrap(),
    ]);
}

/// Views of one wave share the city's respondents and class totals; protected one by one,
/// they must agree on them (published everywhere, or suppressed everywhere).
#[test]
fn views_of_one_wave_agree_on_shared_margins() {
    let mut overall = Vec::new();
    for by in ["field,level", "field", "level"] {
        let mut args: Vec<String> = herne_args("json")
            .into_iter()
            .filter(|a| a != "--unprotected")
            .collect();
        args.extend(["--by".to_owned(), by.to_owned()]);
        let out = ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let o = &v["cities"][0]["overall"];
        overall.push((o["respondents"].clone(), o["with_migration"].clone()));
    }
    assert!(overall.windows(2).all(|w| w[0] == w[1]), "{overall:?}");
    assert_eq!(overall[0].1, serde_json::json!(13));
}

/// Opens Herne's wave 2027 with `n` codes through the CLI; returns the codes file and codes.
fn open_herne_wave(dir: &Path, db: &str, n: usize) -> (PathBuf, Vec<String>) {
    let codes_file = dir.join("codes.csv");
    let n = n.to_string();
    ok(&[
        "survey",
        "open",
        "--ags",
        "05916000",
        "--wave",
        "2027",
        "--codes",
        &n,
        "--out",
        codes_file.to_str().unwrap(),
        "--db",
        db,
    ]);
    let codes = read_codes(&codes_file);
    (codes_file, codes)
}

/// The codes of a codes CSV (header `code`), as printed.
fn read_codes(file: &Path) -> Vec<String> {
    std::fs::read_to_string(file)
        .unwrap()
        .lines()
        .skip(1)
        .map(str::to_owned)
        .collect()
}

/// Starts `abbild serve` on a free loopback port; returns the process and its base URL.
fn serve(
    db: &str,
    stdout: std::process::Stdio,
    stderr: std::process::Stdio,
    env: &[(&str, &str)],
) -> (std::process::Child, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(env!("CARGO_BIN_EXE_abbild"))
        .args([
            "serve",
            "--db",
            db,
            "--listen",
            &format!("127.0.0.1:{port}"),
        ])
        .envs(env.iter().copied())
        .stdout(stdout)
        .stderr(stderr)
        .spawn()
        .unwrap();
    (child, format!("http://127.0.0.1:{port}"))
}

/// Waits (at most 5 s) until the server answers.
async fn wait_healthy(client: &reqwest::Client, base: &str) {
    for _ in 0..100 {
        if client.get(format!("{base}/healthz")).send().await.is_ok() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// An acknowledged survey submission survives `kill -9` of the server: submit under load,
/// kill, reopen the database, and every acknowledged code is used, with exactly one response
/// per used code.
#[test]
fn acknowledged_submissions_survive_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.sqlite");
    let db = db.to_str().unwrap().to_owned();
    let (codes_file, codes) = open_herne_wave(dir.path(), &db, 4000);
    let (mut server, base) = serve(
        &db,
        std::process::Stdio::null(),
        std::process::Stdio::null(),
        &[],
    );
    let rt = tokio::runtime::Runtime::new().unwrap();
    let acked = rt.block_on(async {
        let client = reqwest::Client::new();
        wait_healthy(&client, &base).await;
        let acked = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let codes = std::sync::Arc::new(codes);
        let next = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..32 {
            let (client, base, codes, next, acked) = (
                client.clone(),
                base.clone(),
                codes.clone(),
                next.clone(),
                acked.clone(),
            );
            tasks.push(tokio::spawn(async move {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(code) = codes.get(i) else { break };
                    let body = serde_json::json!({"code": code, "answers": {"field": "kita"}});
                    match client
                        .post(format!("{base}/api/v1/survey/responses"))
                        .json(&body)
                        .send()
                        .await
                    {
                        Ok(r) if r.status().as_u16() == 201 => acked.lock().unwrap().push(i),
                        Ok(_) => {}
                        Err(_) => break,
                    }
                }
            }));
        }
        // Kill the server in the middle of the load (at most 10 s of waiting).
        for _ in 0..500 {
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            if acked.lock().unwrap().len() >= 300 {
                break;
            }
        }
        server.kill().unwrap(); // SIGKILL on Unix
        let _ = server.wait();
        for t in tasks {
            t.await.unwrap();
        }
        let v = acked.lock().unwrap().clone();
        v
    });
    assert!(acked.len() >= 300 && acked.len() < 4000, "{}", acked.len());
    rt.block_on(async {
        use abbild_store::Survey;
        let cat = abbild_core::FieldCatalog::default();
        let store = abbild_store::AnyStore::open(&db, cat).await.unwrap();
        let ags = abbild_core::Ags::parse("05916000").unwrap();
        let wave = abbild_core::Wave::new(2027).unwrap();
        let info = store.wave_info(ags, wave).await.unwrap().unwrap();
        assert!(
            info.used >= acked.len() as u64,
            "{} used < {} acknowledged",
            info.used,
            acked.len()
        );
        let codes = read_codes(&codes_file);
        for &i in &acked {
            let o = abbild_service::survey::submit(
                &store,
                &codes[i],
                abbild_core::survey::SurveyAnswers::default(),
            )
            .await
            .unwrap();
            assert_eq!(
                o,
                abbild_store::SubmitOutcome::UsedCode,
                "acknowledged code {i} lost"
            );
        }
        // Closing releases every stored answer; then they can be counted.
        store.close_wave(ags, wave).await.unwrap();
        let responses = store.survey_responses(ags, wave).await.unwrap().len() as u64;
        assert_eq!(info.used, responses, "one response per used code");
    });
}

/// docs/ANONYMITY.md, "Logs": whatever the server writes to its output while codes are
/// entered (valid, used, unknown, malformed, in the link of a letter) holds neither a code
/// nor an answer.
#[test]
fn server_output_holds_no_codes_or_answers() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("o.sqlite");
    let db = db.to_str().unwrap().to_owned();
    let (_, codes) = open_herne_wave(dir.path(), &db, 5);
    let out_path = dir.path().join("server.out");
    let err_path = dir.path().join("server.err");
    let (mut server, base) = serve(
        &db,
        std::fs::File::create(&out_path).unwrap().into(),
        std::fs::File::create(&err_path).unwrap().into(),
        &[("RUST_LOG", "trace"), ("RUST_BACKTRACE", "1")],
    );
    let answers = serde_json::json!({"self_born_abroad": "yes", "field": "feuerwehr",
        "level": "gehoben", "sex": "d", "languages": ["uk", "fa"]});
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let client = reqwest::Client::new();
        wait_healthy(&client, &base).await;
        let post = |code: String, a: serde_json::Value| {
            let (client, base) = (client.clone(), base.clone());
            async move {
                client
                    .post(format!("{base}/api/v1/survey/responses"))
                    .json(&serde_json::json!({"code": code, "answers": a}))
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            }
        };
        assert_eq!(post(codes[0].clone(), answers.clone()).await, 201);
        assert_eq!(post(codes[0].clone(), answers.clone()).await, 409);
        assert_eq!(post("ZZZZZ-ZZZZZ-ZZZZZ".into(), answers.clone()).await, 403);
        assert_eq!(
            post(codes[1].clone(), serde_json::json!({"level": "Q7 geheim"})).await,
            422
        );
        let r = client
            .get(format!("{base}/befragung?code={}", codes[2]))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 200);
    });
    server.kill().unwrap();
    let _ = server.wait();
    let mut output = std::fs::read(&out_path).unwrap();
    output.extend(std::fs::read(&err_path).unwrap());
    let text = String::from_utf8_lossy(&output).to_lowercase();
    for c in &codes {
        let canon = c.replace('-', "").to_lowercase();
        assert!(
            !text.contains(&canon) && !text.contains(&c.to_lowercase()),
            "code in output"
        );
    }
    for word in [
        "zzzzz",
        "feuerwehr",
        "gehoben",
        "uk",
        "fa",
        "q7 geheim",
        "self_born",
    ] {
        assert!(
            !text.contains(word),
            "{word:?} in the server's output: {text}"
        );
    }
}

/// A LimeSurvey export through a mapping file lands as a responses import; re-importing the
/// same export changes nothing.
#[test]
fn limesurvey_export_is_imported_through_a_mapping() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("l.sqlite");
    let map = dir.path().join("zuordnung.csv");
    let export = dir.path().join("results-survey123.csv");
    std::fs::write(
        &map,
        "limesurvey,abbild,values\nG01Q01,self_born_abroad,Y=yes|N=no\nG02Q01,field,A1=verwaltung|A2=kita\n",
    )
    .unwrap();
    std::fs::write(
        &export,
        "id,submitdate,ipaddr,G01Q01,G02Q01\n1,2026-05-04 09:13:22,10.1.2.3,Y,A2\n2,2026-05-04 09:14:01,10.1.2.4,N,A1\n",
    )
    .unwrap();
    let args = [
        "import-limesurvey",
        export.to_str().unwrap(),
        "--mapping",
        map.to_str().unwrap(),
        "--ags",
        "05916000",
        "--wave",
        "2026",
        "--db",
        db.to_str().unwrap(),
    ];
    let out = abbild(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("2 Antworten"));
    let again = abbild(&args);
    assert!(String::from_utf8_lossy(&again.stderr).contains("bereits"));
    let list = ok(&["imports", "list", "--db", db.to_str().unwrap()]);
    assert!(list.contains("results-survey123.csv"), "{list}");
}

#[test]
fn report_writes_every_format_and_names_bad_input() {
    let db = db();
    import_herne(&db);
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("bericht");
    let o = abbild(&[
        "report",
        "--db",
        &db.path,
        "--year",
        "2024",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "abbild_bericht_region_2024_de.html",
            "abbild_bericht_region_2024_de.pdf",
            "abbild_bericht_region_2024_de.xlsx"
        ]
    );
    let pdf = std::fs::read(dir.join("abbild_bericht_region_2024_de.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    // English, one format, one city.
    ok(&[
        "report",
        "--db",
        &db.path,
        "--year",
        "2024",
        "--cities",
        "05916000",
        "--out",
        dir.to_str().unwrap(),
        "--format",
        "html",
        "--lang",
        "en",
    ]);
    let html = std::fs::read_to_string(dir.join("abbild_bericht_region_2024_en.html")).unwrap();
    assert!(html.contains("Herne") && html.contains("Appendix: all tables"));
    let e = fail(&[
        "report",
        "--db",
        &db.path,
        "--year",
        "2024",
        "--cities",
        "05913000",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(
        e.contains("05913000") && e.contains("nicht in der Datenbank"),
        "{e}"
    );
    let e = fail(&[
        "report",
        "--db",
        &db.path,
        "--year",
        "2024",
        "--out",
        dir.to_str().unwrap(),
        "--format",
        "docx",
    ]);
    assert!(
        e.contains("docx") && e.contains("html, pdf oder xlsx"),
        "{e}"
    );
}
