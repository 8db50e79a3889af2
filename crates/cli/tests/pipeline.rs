//! `abbild import pipeline|exits` and `abbild template pipeline|exits` end to end: real files,
//! real SQLite database, real process.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers may panic: a panic is a failed test

use std::process::{Command, Output};

fn abbild(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_abbild"))
        .args(args)
        .output()
        .expect("run abbild")
}

fn ok(args: &[&str]) -> (String, String) {
    let out = abbild(args);
    assert!(
        out.status.success(),
        "abbild {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8(out.stdout).expect("utf-8 output"),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn fail(args: &[&str]) -> String {
    let out = abbild(args);
    assert!(!out.status.success(), "abbild {args:?} should fail");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

const PIPELINE: &str = "AGS;Jahr;Ausbildungsberuf;Stufe;Reihenfolge;Gruppe;Anzahl\n\
05916000;2024;Verwaltungsfachangestellte/r;beworben;1;mit;120\n\
05916000;2024;Verwaltungsfachangestellte/r;beworben;1;ohne;200\n\
05916000;2024;Verwaltungsfachangestellte/r;eingestellt;2;mit;6\n\
05916000;2024;Verwaltungsfachangestellte/r;eingestellt;2;ohne;14\n";

const EXITS: &str = "AGS;Jahr;Gruppe;Grund;Beschäftigte;Abgänge\n\
05916000;2024;mit;Kündigung;900;30\n\
05916000;2024;mit;Ruhestand;900;10\n\
05916000;2024;ohne;Kündigung;3100;60\n";

#[test]
fn import_list_reimport_and_refuse_a_broken_funnel() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.sqlite").to_string_lossy().into_owned();
    let p = dir.path().join("bewerbungen.csv");
    let e = dir.path().join("abgaenge.csv");
    std::fs::write(&p, PIPELINE).unwrap();
    std::fs::write(&e, EXITS).unwrap();

    let (_, err) = ok(&["import", "pipeline", p.to_str().unwrap(), "--db", &db]);
    assert!(err.contains("4 Zeilen importiert als Import #1"), "{err}");
    let (_, err) = ok(&["import", "Abgänge", e.to_str().unwrap(), "--db", &db]);
    assert!(
        err.contains("3 Zeilen importiert als Import #2 (Abgänge)"),
        "{err}"
    );
    let (list, _) = ok(&["imports", "list", "--db", &db]);
    assert!(
        list.contains("pipeline") && list.contains("bewerbungen.csv"),
        "{list}"
    );
    assert!(
        list.contains("exits") && list.contains("abgaenge.csv"),
        "{list}"
    );

    // The same file again changes nothing.
    let (_, err) = ok(&["import", "pipeline", p.to_str().unwrap(), "--db", &db]);
    assert!(err.contains("bereits als Import #1 vorhanden"), "{err}");

    // A funnel that grows: refused with file, row and column; the database stays as it was.
    let bad = dir.path().join("kaputt.csv");
    std::fs::write(
        &bad,
        PIPELINE
            .replace(";2024;", ";2023;")
            .replace("eingestellt;2;ohne;14", "eingestellt;2;ohne;201"),
    )
    .unwrap();
    let err = fail(&["import", "pipeline", bad.to_str().unwrap(), "--db", &db]);
    assert!(
        err.contains(
            "kaputt.csv, Zeile 5, Spalte \"Anzahl\": Wert \"201\" – erwartet höchstens 200"
        ),
        "{err}"
    );
    let (after, _) = ok(&["imports", "list", "--db", &db]);
    assert_eq!(after, list);

    // Another file for the same city and year: refused, naming the existing import.
    let other = dir.path().join("abgaenge_neu.csv");
    std::fs::write(&other, EXITS.replace("900;10", "900;11")).unwrap();
    let err = fail(&["import", "exits", other.to_str().unwrap(), "--db", &db]);
    assert!(
        err.contains("abgaenge.csv") && err.contains("Import 2"),
        "{err}"
    );
}

#[test]
fn templates_for_both_kinds() {
    let dir = tempfile::tempdir().unwrap();
    for kind in ["pipeline", "exits"] {
        let t = dir.path().join(format!("{kind}.xlsx"));
        let (_, err) = ok(&["template", kind, "--out", t.to_str().unwrap()]);
        assert!(err.contains("Vorlage für"), "{err}");
        assert_eq!(&std::fs::read(&t).unwrap()[..2], b"PK");
    }
    let err = fail(&["template", "azubis", "--out", "x.xlsx"]);
    assert!(
        err.contains("staff, responses, population, pipeline oder exits"),
        "{err}"
    );
}

fn data(name: &str) -> String {
    format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// `abbild analyze pipeline`: files and database give the same protected figures; JSON has
/// the issue's shape; pooling; XLSX needs --out.
#[test]
fn analyze_pipeline_from_files_and_db() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.sqlite");
    let db = db.to_str().unwrap();
    let (json, _) = ok(&[
        "analyze",
        "pipeline",
        "--pipeline",
        &data("herne_pipeline.csv"),
        "--population",
        &data("herne_population.csv"),
        "--pool",
        "occupations",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["protection"]["status"], "protected");
    let occ = &v["cities"][0]["occupations"][0];
    assert_eq!(occ["occupation"], "alle Berufe");
    let t = &occ["transitions"][0];
    for key in [
        "from",
        "to",
        "with",
        "without",
        "impact_ratio",
        "ci_low",
        "ci_high",
        "relative_likelihood",
        "fisher_p_two_sided",
        "fisher_p_less",
        "four_fifths",
        "shortfall",
        "cumulative_impact_ratio",
    ] {
        assert!(t.get(key).is_some(), "{key} in {t}");
    }
    for key in ["in", "out", "rate"] {
        assert!(t["with"].get(key).is_some(), "with.{key}");
    }
    // Pooled over occupations nothing is small: every figure is there.
    assert!(
        t["impact_ratio"].is_f64() && t["fisher_p_less"].is_f64(),
        "{t}"
    );
    // Herne's test population has bands 0–19 and 20–29: ages 15–24 are no union of them, so
    // there is no outreach benchmark rather than a wrong one.
    assert!(occ["outreach_benchmark"].is_null());
    // The same from the database.
    ok(&[
        "import",
        "pipeline",
        &data("herne_pipeline.csv"),
        "--db",
        db,
    ]);
    ok(&[
        "import",
        "population",
        &data("herne_population.csv"),
        "--db",
        db,
    ]);
    let (json_db, _) = ok(&[
        "analyze",
        "pipeline",
        "--db",
        db,
        "--pool",
        "occupations",
        "--format",
        "json",
    ]);
    assert_eq!(json, json_db);
    let (table, _) = ok(&["analyze", "pipeline", "--db", db, "--ags", "05916000"]);
    assert!(table.contains("Geheimhaltung: Schwelle k = 5"), "{table}");
    let err = fail(&["analyze", "pipeline", "--db", db, "--format", "xlsx"]);
    assert!(err.contains("--out"), "{err}");
    let out = dir.path().join("a.xlsx");
    ok(&[
        "analyze",
        "pipeline",
        "--db",
        db,
        "--format",
        "xlsx",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(std::fs::read(&out).unwrap().starts_with(b"PK"));
    let err = fail(&["analyze", "pipeline", "--db", db, "--k", "2"]);
    assert!(err.contains("mindestens 3"), "{err}");
}

#[test]
fn analyze_retention_by_reason() {
    let (csv, _) = ok(&[
        "analyze",
        "retention",
        "--exits",
        &data("herne_exits.csv"),
        "--format",
        "csv",
    ]);
    let header = csv.lines().next().unwrap();
    assert!(
        header.starts_with("ags,year,segment,reason,with_headcount"),
        "{header}"
    );
    assert!(csv.contains("alle Gründe") && csv.contains("Kündigung"));
    assert!(csv.lines().last().unwrap().contains("# Geheimhaltung"));
    let (json, _) = ok(&[
        "analyze",
        "retention",
        "--exits",
        &data("herne_exits.csv"),
        "--by",
        "field",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(v["cities"][0]["segments"].as_array().unwrap().len() > 1);
}

/// `abbild project`: inline initial state, JSON of the issue; the database initial state;
/// bad scenarios named by file and key.
#[test]
fn project_scenarios() {
    let dir = tempfile::tempdir().unwrap();
    let sc = dir.path().join("s.toml");
    std::fs::write(
        &sc,
        "start_year = 2024\nhorizon = 20\nheadcount_growth = -0.01\n\
         attrition = { with = 0.05, without = 0.05 }\nhire_share = 0.4\n\
         hire_age_profile = [{ age_from = 20, age_to = 39, weight = 1.0 }]\n\
         target = { share = 0.3 }\n\
         initial = [{ age_from = 20, age_to = 39, with = 100.0, without = 400.0 }, \
                    { age_from = 40, age_to = 64, with = 50.0, without = 450.0 }]\n",
    )
    .unwrap();
    let (json, _) = ok(&[
        "project",
        "--scenario",
        sc.to_str().unwrap(),
        "--format",
        "json",
        "--runs",
        "200",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let years = v["years"].as_array().unwrap();
    assert_eq!(years.len(), 21);
    for key in [
        "year",
        "headcount",
        "with",
        "share",
        "target",
        "p05",
        "p50",
        "p95",
    ] {
        assert!(years[5].get(key).is_some(), "{key}");
    }
    assert!(v["parity_year"].is_u64(), "{v}");
    assert!(v["required_hire_share"].is_f64());
    assert!(v["equilibrium_share"].as_f64().unwrap() > 0.35);
    // Same seed, same bands.
    let (again, _) = ok(&[
        "project",
        "--scenario",
        sc.to_str().unwrap(),
        "--format",
        "json",
        "--runs",
        "200",
    ]);
    assert_eq!(json, again);
    let (csv, _) = ok(&[
        "project",
        "--scenario",
        sc.to_str().unwrap(),
        "--format",
        "csv",
        "--runs",
        "0",
    ]);
    assert!(csv.starts_with("year,headcount,with,share,target,p05,p50,p95"));
    // From the database: Herne's staff and survey.
    let db = dir.path().join("h.sqlite");
    let db = db.to_str().unwrap();
    for (kind, f) in [
        ("staff", "herne_staff.csv"),
        ("responses", "herne_responses.csv"),
        ("population", "herne_population.csv"),
    ] {
        ok(&["import", kind, &data(f), "--db", db]);
    }
    let sc_db = dir.path().join("db.toml");
    std::fs::write(
        &sc_db,
        "start_year = 2024\nhorizon = 10\nattrition = { with = 0.05, without = 0.05 }\n\
         hire_share = 0.4\nhire_age_profile = [{ age_from = 20, age_to = 39, weight = 1.0 }]\n\
         target = { share = 0.3 }\ncity = \"05916000\"\nwave = 2024\n",
    )
    .unwrap();
    let (table, _) = ok(&[
        "project",
        "--scenario",
        sc_db.to_str().unwrap(),
        "--db",
        db,
        "--runs",
        "0",
    ]);
    assert!(table.contains("Parität"), "{table}");
    // Errors name the file and the key.
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        std::fs::read_to_string(&sc)
            .unwrap()
            .replace("hire_share = 0.4", "hire_share = 1.4"),
    )
    .unwrap();
    let err = fail(&["project", "--scenario", bad.to_str().unwrap()]);
    assert!(
        err.contains("bad.toml") && err.contains("hire_share"),
        "{err}"
    );
    let typo = dir.path().join("typo.toml");
    std::fs::write(
        &typo,
        std::fs::read_to_string(&sc)
            .unwrap()
            .replace("horizon", "horizont"),
    )
    .unwrap();
    let err = fail(&["project", "--scenario", typo.to_str().unwrap()]);
    assert!(
        err.contains("typo.toml") && err.contains("horizont"),
        "{err}"
    );
}

/// An occupation that a spreadsheet would run as a formula comes out neutralised in every
/// CSV (OWASP: a leading apostrophe), from files and from the database; JSON keeps the name.
#[test]
fn csv_output_carries_no_formulas() {
    let evil = "=HYPERLINK(\"http://evil.example/x\",\"klick\")";
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bewerbungen.csv");
    let src = std::fs::read_to_string(data("herne_pipeline.csv"))
        .unwrap()
        .replace(
            "Verwaltungsfachangestellte/r",
            &format!("\"{}\"", evil.replace('"', "\"\"")),
        );
    std::fs::write(&p, src).unwrap();
    let db = dir.path().join("p.sqlite");
    let db = db.to_str().unwrap();
    ok(&["import", "pipeline", p.to_str().unwrap(), "--db", db]);
    for source in [vec!["--pipeline", p.to_str().unwrap()], vec!["--db", db]] {
        let mut args = vec!["analyze", "pipeline"];
        args.extend(&source);
        args.extend(["--format", "csv"]);
        let (csv, _) = ok(&args);
        let mut r = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(false)
            .from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
        let mut seen = 0;
        for rec in r.records() {
            for cell in rec.unwrap().iter() {
                assert!(spreadsheet_safe(cell), "{source:?}: formula cell {cell:?}");
                seen += usize::from(cell == format!("'{evil}"));
            }
        }
        assert!(
            seen > 0,
            "{source:?}: the occupation is in the CSV, neutralised:\n{csv}"
        );
        args.pop();
        args.push("json");
        let (json, _) = ok(&args);
        assert!(json.contains("evil.example"), "JSON keeps the name as text");
    }
}

/// A cell no spreadsheet runs as a formula: no leading `=`, `+`, `@`, tab or CR, and a
/// leading `-` only before a number.
fn spreadsheet_safe(cell: &str) -> bool {
    let formula_start = cell.starts_with(['=', '+', '@', '\t', '\r']);
    let dash_text = cell.starts_with('-') && cell[1..].contains(|c: char| c.is_alphabetic());
    !formula_start && !dash_text
}
