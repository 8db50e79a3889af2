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
