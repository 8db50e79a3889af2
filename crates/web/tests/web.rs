//! The real server on port 0 with a temporary SQLite database, driven over HTTP.
//!
//! One test binary: the role × route matrix, CSRF, tenancy, bad uploads, the API and the
//! language switch.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use abbild_core::access::{Password, Role, UserName};
use abbild_core::{Ags, FieldCatalog};
use abbild_import::Kind;
use abbild_service::accounts;
use abbild_store::{AnyStore, Store};
use abbild_web::state::AppState;
use common::*;
use reqwest::StatusCode;
use std::collections::BTreeMap;
use std::path::PathBuf;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_with_every_role() {
    let s = start().await;
    let routes = [
        format!("/stadt/{HERNE}"),
        format!("/stadt/{HERNE}/ansicht/felder"),
        format!("/stadt/{HERNE}/ansicht/alter"),
        format!("/stadt/{HERNE}/ansicht/felder/tabelle.csv"),
        format!("/stadt/{HERNE}/daten"),
        format!("/stadt/{BOCHUM}"),
        "/region".to_owned(),
        "/region/tabelle.xlsx".to_owned(),
        "/admin".to_owned(),
        "/vorlagen/staff.xlsx".to_owned(),
        "/ueber".to_owned(),
        format!("/stadt/{HERNE}/befragung"),
        "/befragung".to_owned(),
        format!("/stadt/{HERNE}/prognose"),
        "/region/bericht".to_owned(),
        format!("/stadt/{HERNE}/bericht"),
        format!("/stadt/{HERNE}/bericht/datei?jahr=2024&format=xlsx"),
    ];
    // Expected status per role, in route order. 303: to the login page.
    let expect: [(&str, [u16; 17]); 6] = [
        (
            "",
            [
                303, 303, 303, 303, 303, 303, 303, 303, 303, 303, 200, 303, 200, 303, 303, 303, 303,
            ],
        ),
        (
            "admin",
            [
                403, 403, 403, 403, 403, 403, 403, 403, 200, 200, 200, 403, 200, 403, 403, 403, 403,
            ],
        ),
        (
            "koordination",
            [
                200, 200, 200, 200, 200, 200, 200, 200, 403, 200, 200, 200, 200, 200, 200, 200, 200,
            ],
        ),
        (
            "herne.analyse",
            [
                200, 200, 200, 200, 200, 403, 403, 403, 403, 200, 200, 200, 200, 200, 403, 200, 200,
            ],
        ),
        (
            "herne.lesen",
            [
                200, 200, 200, 200, 200, 403, 403, 403, 403, 200, 200, 200, 200, 200, 403, 200, 200,
            ],
        ),
        (
            "bochum.analyse",
            [
                403, 403, 403, 403, 403, 200, 403, 403, 403, 200, 200, 403, 200, 403, 403, 403, 403,
            ],
        ),
    ];
    for (who, codes) in expect {
        let c = if who.is_empty() {
            client()
        } else {
            login(&s, who).await.0
        };
        let mut got = Vec::new();
        for r in &routes {
            got.push(status(&c, format!("{}{r}", s.base)).await);
        }
        assert_eq!(got, codes, "role {who:?}, routes {routes:?}");
    }
    // Malformed city ids are simply not found.
    let (c, _) = login(&s, "koordination").await;
    for bad in [
        "/stadt/5916000",
        "/stadt/abc",
        "/stadt/05916000/ansicht/gibtsnicht",
    ] {
        assert_eq!(status(&c, format!("{}{bad}", s.base)).await, 404, "{bad}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_show_protected_figures_in_german_and_english() {
    let s = start().await;
    let (c, _) = login(&s, "herne.lesen").await;
    let html = c
        .get(format!("{}/stadt/{HERNE}/ansicht/felder", s.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("<html lang=\"de\">"));
    assert!(html.contains("Herne: Tätigkeitsfeld × Laufbahngruppe"));
    assert!(html.contains("Geheimhaltung"), "protection note");
    assert!(html.contains("<svg"), "chart");
    assert!(html.contains("role=\"img\""));
    // Suppressed segments show no share.
    assert!(html.contains("geheimgehalten"));
    let r = c
        .get(format!("{}/sprache/en?zurueck=/stadt/{HERNE}", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = c
        .get(format!("{}/stadt/{HERNE}", s.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("Herne: overview"));
    // No open redirect through the language switch.
    let r = c
        .get(format!("{}/sprache/de?zurueck=//evil.example", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["location"], "/");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forms_need_the_session_csrf_token_and_the_right_city() {
    let s = start().await;
    let id = s.store.list_imports().await.unwrap()[0].id.0;
    let before = s.store.list_imports().await.unwrap().len();
    let (c, csrf) = login(&s, "herne.analyse").await;
    // Forged token: refused, nothing deleted.
    let r = c
        .post(format!("{}/stadt/{HERNE}/daten/{id}/loeschen", s.base))
        .form(&[("csrf", "0000")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // Another city's analyst with a valid token of their own: refused by the capability.
    let (b, bcsrf) = login(&s, "bochum.analyse").await;
    let r = b
        .post(format!("{}/stadt/{HERNE}/daten/{id}/loeschen", s.base))
        .form(&[("csrf", bcsrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // ... and via their own city's URL the import is not found.
    let r = b
        .post(format!("{}/stadt/{BOCHUM}/daten/{id}/loeschen", s.base))
        .form(&[("csrf", bcsrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(s.store.list_imports().await.unwrap().len(), before);
    // The viewer cannot delete even with a valid token.
    let (v, vcsrf) = login(&s, "herne.lesen").await;
    let r = v
        .post(format!("{}/stadt/{HERNE}/daten/{id}/loeschen", s.base))
        .form(&[("csrf", vcsrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // Without ticking "bestätigen" nothing is deleted, and the page says why.
    let r = c
        .post(format!("{}/stadt/{HERNE}/daten/{id}/loeschen", s.base))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("nicht gelöscht"));
    assert_eq!(s.store.list_imports().await.unwrap().len(), before);
    // The analyst with the right token deletes, and it is in the audit log.
    let r = c
        .post(format!("{}/stadt/{HERNE}/daten/{id}/loeschen", s.base))
        .form(&[("csrf", csrf.as_str()), ("bestaetigt", "ja")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(s.store.list_imports().await.unwrap().len(), before - 1);
    let log = abbild_store::Accounts::audit_log(&s.store, 10)
        .await
        .unwrap();
    assert_eq!(log[0].action, "import.delete");
    assert_eq!(log[0].actor, "herne.analyse");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_are_checked_and_all_or_nothing() {
    let s = start().await;
    let (c, csrf) = login(&s, "herne.analyse").await;
    let before = s.store.list_imports().await.unwrap();
    let upload = |kind: &'static str, name: &'static str, bytes: Vec<u8>, token: String| {
        let form = reqwest::multipart::Form::new()
            .text("csrf", token)
            .text("kind", kind)
            .part(
                "file",
                reqwest::multipart::Part::bytes(bytes).file_name(name),
            );
        c.post(format!("{}/stadt/{HERNE}/daten", s.base))
            .multipart(form)
            .send()
    };
    // A broken file: the page lists row, column and expectation; nothing stored.
    let bad = "ags,wave,field,level,self_born_abroad\n05916000,2025,kita,mittel,vielleicht\n";
    let r = upload("responses", "kaputt.csv", bad.into(), csrf.clone())
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("kaputt.csv, Zeile 2"), "{html}");
    // Rows of another city: refused.
    let other = replace_bytes(
        &std::fs::read(data("herne_responses.csv")).unwrap(),
        b"05916000;2024",
        b"05911000;2025",
    );
    let r = upload("responses", "bochum.csv", other, csrf.clone())
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("Gemeindeschlüssel Ihrer Stadt"));
    // Forged token.
    let r = upload("responses", "x.csv", b"a".to_vec(), "falsch".into())
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // Too large.
    let big = vec![b'x'; abbild_web::MAX_UPLOAD_BYTES + 1024];
    let r = upload("responses", "gross.csv", big, csrf.clone()).await;
    if let Ok(r) = r {
        assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    }
    assert_eq!(s.store.list_imports().await.unwrap(), before);
    // A good file for a new wave is imported and the pages show it.
    let good = replace_bytes(
        &std::fs::read(data("herne_responses.csv")).unwrap(),
        b"05916000;2024",
        b"05916000;2025",
    );
    let r = upload("responses", "welle2025.csv", good, csrf.clone())
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("welle2025.csv"));
    assert_eq!(
        s.store.list_imports().await.unwrap().len(),
        before.len() + 1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_is_rate_limited_and_admin_actions_are_logged() {
    let s = start().await;
    let c = client();
    let form = c
        .get(format!("{}/anmelden", s.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut token = csrf_of(&form);
    let mut codes = Vec::new();
    for _ in 0..6 {
        let r = c
            .post(format!("{}/anmelden", s.base))
            .form(&[
                ("name", "herne.lesen"),
                ("password", "falsch-falsch-falsch"),
                ("csrf", token.as_str()),
            ])
            .send()
            .await
            .unwrap();
        codes.push(r.status().as_u16());
        // Every form carries a fresh token.
        token = csrf_of(&r.text().await.unwrap());
    }
    assert_eq!(codes, [401, 401, 401, 401, 401, 429]);
    // Without the login form's token: refused before the password is even checked.
    let r = client()
        .post(format!("{}/anmelden", s.base))
        .form(&[("name", "admin"), ("password", PW), ("csrf", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // Admin creates and disables an account; both land in the log shown to admins.
    let (a, csrf) = login(&s, "admin").await;
    let r = a
        .post(format!("{}/admin/konten", s.base))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "essen.analyse"),
            ("role", "analyst"),
            ("city", "05113000"),
            ("password", "ein-langes-passwort"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = a
        .post(format!("{}/admin/konten/essen.analyse/sperren", s.base))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    let html = r.text().await.unwrap();
    assert!(html.contains("user.disable") && html.contains("user.add"));
    assert!(
        !html.contains("ein-langes-passwort"),
        "never show a password"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_with_token_and_openapi() {
    let s = start().await;
    let (acc, _) =
        abbild_store::Accounts::user_by_name(&s.store, &UserName::parse("herne.lesen").unwrap())
            .await
            .unwrap()
            .unwrap();
    let token = accounts::create_api_token(&s.store, "test", &acc, "skript")
        .await
        .unwrap();
    let c = client();
    let r = c
        .get(format!(
            "{}/api/v1/cities/{HERNE}/representation?by=field",
            s.base
        ))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["protection"]["status"], "protected");
    let r = c
        .get(format!("{}/api/v1/cities/{BOCHUM}/representation", s.base))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = c
        .get(format!("{}/api/v1/cities", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["status"], 401);
    let v: serde_json::Value = c
        .get(format!("{}/api/v1/openapi.json", s.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(v["paths"]["/api/v1/cities/{ags}/representation"].is_object());
}

/// Opens a wave through the web app as Herne's analyst; returns the codes from the CSV.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn survey_wave_questionnaire_and_api() {
    let s = start().await;
    let codes = open_wave(&s, "2027", 6).await;
    assert_eq!(codes.len(), 6);
    let (st, html) = answer(
        &s,
        &codes[0].to_lowercase(),
        &[
            ("self_born_abroad", "yes"),
            ("field", "kita"),
            ("age", "25-34"),
            ("languages", "tr"),
            ("languages", "ar"),
            ("languages_other", "ku"),
        ],
    )
    .await;
    assert_eq!(st, 200, "{html}");
    assert!(html.contains("Vielen Dank"));
    let (st, html) = answer(&s, &codes[0], &[]).await;
    assert_eq!(st, 409);
    assert!(html.contains("bereits verwendet"));
    let (st, _) = answer(&s, "K7QM4-XW9PA-3HTRC", &[]).await;
    assert_eq!(st, 403);
    let (st, html) = answer(&s, &codes[1], &[("self_born_abroad", "vielleicht")]).await;
    assert_eq!(st, 422);
    assert!(html.contains("ungültig"));
    // Free text never gets in: "other languages" accepts codes only.
    let (st, _) = answer(
        &s,
        &codes[1],
        &[("languages_other", "Plattdeutsch und Kölsch")],
    )
    .await;
    assert_eq!(st, 422);
    // Without the form's token: refused.
    let r = client()
        .post(format!("{}/befragung", s.base))
        .form(&[("csrf", "x"), ("code", codes[1].as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // The JSON API.
    let api = |code: String, answers: serde_json::Value| {
        let c = client();
        let url = format!("{}/api/v1/survey/responses", s.base);
        async move {
            let r = c
                .post(url)
                .json(&serde_json::json!({"code": code, "answers": answers}))
                .send()
                .await
                .unwrap();
            let st = r.status().as_u16();
            let v: serde_json::Value = r.json().await.unwrap();
            assert_eq!(v["status"], st);
            st
        }
    };
    let full = serde_json::json!({"self_born_abroad": "yes", "self_german_at_birth": "no",
        "field": "kita", "level": "mittel", "status": "tarif", "leadership": "no",
        "age_from": 25, "age_to": 34, "sex": "w", "languages": ["tr", "ar"]});
    assert_eq!(api(codes[2].clone(), full.clone()).await, 201);
    assert_eq!(api(codes[2].clone(), full.clone()).await, 409);
    assert_eq!(api("22222-22222-22222".into(), full.clone()).await, 403);
    assert_eq!(
        api(codes[3].clone(), serde_json::json!({"level": "sehr hoch"})).await,
        422
    );
    assert_eq!(api(codes[3].clone(), serde_json::json!({})).await, 201);
    // While the wave is open the analyst sees only the count rounded down to tens, and no
    // response rate by segment (SPEC §6: results only at release points).
    let (c, csrf) = login(&s, "herne.analyse").await;
    let html = c
        .get(format!("{}/stadt/{HERNE}/befragung", s.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("<td class=\"num\">≥ 0</td>"), "{html}");
    assert!(
        !html.contains("Rücklauf nach Tätigkeitsfeld und Ebene"),
        "{html}"
    );
    let r = close_wave(&s, &c, &csrf, "2027").await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    // Closed: 3 of 6 codes used, all 3 released.
    assert!(html.contains("<td class=\"num\">3</td>"), "{html}");
    assert!(html.contains("<td>3 (1 Freigabe(n), zuletzt "), "{html}");
    // The response rate by field × level is there, protected: the segment with the few
    // answers is withheld ("–"), never shown as 1 to 4.
    let sec = html
        .split("Rücklauf nach Tätigkeitsfeld und Ebene (geschützt), Welle 2027")
        .nth(1)
        .expect("response-rate table")
        .split("</table>")
        .next()
        .unwrap();
    let rows: Vec<&str> = sec.split("<th scope=\"row\">").skip(1).collect();
    assert!(!rows.is_empty(), "{sec}");
    let mut withheld = 0;
    for r in rows {
        let cells: Vec<&str> = r.split("<td class=\"num\">").skip(1).collect();
        let respondents = cells[1].split('<').next().unwrap();
        assert!(
            !matches!(respondents, "1" | "2" | "3" | "4"),
            "a small count is shown: {r}"
        );
        withheld += usize::from(respondents == "–");
    }
    assert!(withheld > 0, "{sec}");
    // The wave's import holds the answers the codes refer to: deleting it is refused with the
    // reason on the data page (before: 500, a foreign-key error), and nothing is lost.
    let imports = s.store.list_imports().await.unwrap();
    let wave_import = imports
        .iter()
        .find(|i| i.periods == [2027] && i.cities.iter().any(|a| a.to_string() == HERNE))
        .expect("the wave's import")
        .id
        .0;
    let r = c
        .post(format!(
            "{}/stadt/{HERNE}/daten/{wave_import}/loeschen",
            s.base
        ))
        .form(&[("csrf", csrf.as_str()), ("bestaetigt", "ja")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let page = r.text().await.unwrap();
    assert!(page.contains("Befragungswelle 2027"), "{page}");
    assert!(
        page.contains("<h2 id=\"imp-h\">"),
        "the data page, not an error page: {page}"
    );
    assert_eq!(s.store.list_imports().await.unwrap().len(), imports.len());
    assert_eq!(api(codes[4].clone(), full).await, 403);
    let (st, html) = answer(&s, &codes[5], &[]).await;
    assert_eq!(st, 403);
    assert!(html.contains("beendet"));
    // Viewers and other cities cannot open waves.
    let (v, vcsrf) = login(&s, "herne.lesen").await;
    let r = v
        .post(format!("{}/stadt/{HERNE}/befragung", s.base))
        .form(&[("csrf", vcsrf.as_str()), ("wave", "2028"), ("codes", "3")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

/// docs/ANONYMITY.md: after submissions in a known order, the database holds neither the
/// codes nor anything derived from them next to the answers, and its order is not the order
/// of submission.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn database_dump_reveals_neither_codes_nor_order() {
    let s = start().await;
    let n = 40;
    let codes = open_wave(&s, "2027", n).await;
    let fields = [
        "verwaltung",
        "finanzen",
        "ordnung",
        "feuerwehr",
        "soziales",
        "kita",
        "bildung_kultur",
        "gesundheit",
        "bauen_umwelt",
        "zentrale_dienste",
    ];
    let levels = ["einfach", "mittel", "gehoben", "hoeher"];
    // Response i is recognisable by its (field, level).
    for (i, code) in codes.iter().enumerate() {
        let (st, _) = answer(
            &s,
            code,
            &[("field", fields[i % 10]), ("level", levels[i / 10])],
        )
        .await;
        assert_eq!(st, 200);
    }
    let pool = match &s.store {
        AnyStore::Sqlite(x) => x.pool().clone(),
        AnyStore::Postgres(_) => unreachable!("the test server is SQLite"),
    };
    use sqlx::Row;
    // The responses in storage order.
    let rows = sqlx::query("SELECT * FROM responses WHERE wave = 2027")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(rows.len(), n);
    let order: Vec<usize> = rows
        .iter()
        .map(|r| {
            let f: String = r.get("field");
            let l: String = r.get("level");
            let fi = fields.iter().position(|x| *x == f).unwrap();
            let li = levels.iter().position(|x| *x == l).unwrap();
            li * 10 + fi
        })
        .collect();
    // Spearman's rank correlation between storage and submission order. For 40 independent
    // ranks |rho| > 0.6 has probability below 1e-4.
    let nn = n as f64;
    let d2: f64 = order
        .iter()
        .enumerate()
        .map(|(pos, &i)| (pos as f64 - i as f64).powi(2))
        .sum();
    let rho = 1.0 - 6.0 * d2 / (nn * (nn * nn - 1.0));
    assert!(
        rho.abs() < 0.6,
        "storage order follows submission order: rho = {rho}, {order:?}"
    );
    // Exactly these columns: nothing that could hold a code, a hash, a time or a client.
    let cols: Vec<String> = sqlx::query("SELECT name FROM pragma_table_info('responses')")
        .fetch_all(&pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(
        cols,
        [
            "id",
            "import_id",
            "ags",
            "wave",
            "field",
            "level",
            "status",
            "leadership",
            "age_from",
            "age_to",
            "sex",
            "self_born_abroad",
            "self_german_at_birth",
            "self_german_now",
            "mother_born_abroad",
            "father_born_abroad",
            "mother_german_at_birth",
            "father_german_at_birth",
            "languages",
            // Which release batch the answer belongs to (NULL: not yet released); every
            // batch has 0 or at least k answers in each published segment.
            "release_no",
        ]
    );
    // The codes table: hash and used flag, no time of use.
    let cols: Vec<String> = sqlx::query("SELECT name FROM pragma_table_info('survey_codes')")
        .fetch_all(&pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(cols, ["code_hash", "ags", "wave", "used"]);
    // The whole database file: no code in any spelling, and no code hash outside survey_codes.
    if let AnyStore::Sqlite(x) = &s.store {
        x.close().await;
    }
    let dir = s._dir.path();
    let mut bytes = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        // A side file (a rollback journal) may be removed between listing and reading; what
        // is gone holds nothing.
        match std::fs::read(e.unwrap().path()) {
            Ok(b) => bytes.extend(b),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => panic!("{e}"),
        }
    }
    for c in &codes {
        for spelling in [c.clone(), c.replace('-', ""), c.to_lowercase()] {
            assert!(
                !bytes
                    .windows(spelling.len())
                    .any(|w| w == spelling.as_bytes()),
                "a code is in the database files"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn letters_as_pdf_and_qr_prefill() {
    let s = start().await;
    let (c, csrf) = login(&s, "herne.analyse").await;
    let r = c
        .post(format!("{}/stadt/{HERNE}/befragung", s.base))
        .form(&[
            ("csrf", csrf.as_str()),
            ("wave", "2029"),
            ("codes", "4"),
            ("format", "pdf"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    // Typst's PDF (tagged PDF/UA-1; its text and QR code are checked in abbild-report):
    // binary, one page object per code.
    let pdf = String::from_utf8_lossy(&r.bytes().await.unwrap()).into_owned();
    assert!(pdf.starts_with("%PDF-1.7"));
    assert_eq!(pdf.matches("/Type/Page/").count(), 4);
    assert!(pdf.contains("/StructTreeRoot") && pdf.contains("pdfuaid"));
    // The first page's code, from the link of its QR code, which fills it into the form.
    let link = format!("/URI({}/befragung?code=", s.base);
    let i = pdf.find(&link).unwrap() + link.len();
    let code = &pdf[i..i + pdf[i..].find(')').unwrap()];
    assert_eq!(code.len(), 17);
    let html = client()
        .get(format!(
            "{}/befragung?code={}",
            s.base,
            code.to_lowercase().replace('-', "")
        ))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains(&format!("value=\"{code}\"")), "prefilled");
    let (st, _) = answer(&s, code, &[]).await;
    assert_eq!(st, 200);
    // While the wave is open its answer is in no figure (SPEC §6: release points only) ...
    let overview = || {
        let c = c.clone();
        let url = format!("{}/stadt/{HERNE}", s.base);
        async move { c.get(url).send().await.unwrap().text().await.unwrap() }
    };
    let open = overview().await;
    assert!(!open.contains("<th scope=\"row\">2029</th>"), "{open}");
    assert!(
        open.contains("Eine Befragungswelle läuft (Welle 2029)"),
        "{open}"
    );
    // ... and after closing the wave's responses are part of the analyst's figures: the trend
    // lists wave 2029.
    let r = close_wave(&s, &c, &csrf, "2029").await;
    assert_eq!(r.status(), StatusCode::OK);
    let overview = overview().await;
    assert!(
        overview.contains("<th scope=\"row\">2029</th>"),
        "{overview}"
    );
    // Garbage in the link is not echoed.
    let html = client()
        .get(format!("{}/befragung?code=%3Cscript%3E", s.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!html.contains("<script>"));
    // With the form's second language, the English text stands beside the German one, each
    // tagged with its language.
    let r = c
        .post(format!("{}/stadt/{HERNE}/befragung", s.base))
        .form(&[
            ("csrf", csrf.as_str()),
            ("wave", "2030"),
            ("codes", "1"),
            ("format", "pdf"),
            ("second", "en"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let pdf = String::from_utf8_lossy(&r.bytes().await.unwrap()).into_owned();
    assert_eq!(pdf.matches("/Type/Page/").count(), 1);
    assert!(pdf.contains("/Lang(de)") && pdf.contains("/Lang(en)"));
}

/// The scenario page: sliders, the htmx fragment, saving and comparing scenarios, rights.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn projection_page_sliders_save_and_compare() {
    let s = start().await;
    // A wave that has just opened (one answer) is passed over for the latest wave whose
    // overall share is published.
    let codes = open_wave(&s, "2027", 1).await;
    assert_eq!(answer(&s, &codes[0], &[]).await.0, 200);
    let (c, csrf) = login(&s, "herne.analyse").await;
    let base = format!("{}/stadt/{HERNE}/prognose", s.base);
    let page = c.get(&base).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Parität erreicht"), "{page}");
    assert!(page.contains("type=\"range\""));
    assert!(page.contains("hx-get=\"/stadt/05916000/prognose/ergebnis\""));
    assert!(page.contains("role=\"img\""));
    // Every slider stands on a value it can show (before: hire 22.418870934027357), and the
    // save form carries the same values.
    for input in page.split("type=\"range\"").skip(1) {
        let value = input
            .split("value=\"")
            .nth(1)
            .and_then(|v| v.split('"').next())
            .unwrap();
        assert!(
            value.split('.').nth(1).is_none_or(|d| d.len() <= 1),
            "slider value {value}"
        );
        let name = input
            .split("name=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        assert!(
            page.contains(&format!(
                "<input type=\"hidden\" name=\"{name}\" value=\"{value}\">"
            )),
            "save form carries {name}={value}"
        );
        assert!(input.contains("aria-valuetext=\""), "{input}");
    }
    // The fragment for a slider move: the result and the read-outs, nothing else.
    let part = |q: &'static str| {
        let (c, base) = (c.clone(), base.clone());
        async move {
            let r = c.get(format!("{base}/ergebnis?{q}")).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::OK);
            r.text().await.unwrap()
        }
    };
    let low =
        part("growth=-1&hire=10&exit_with=5&exit_without=5&retire=67&horizon=30&target=30").await;
    let high =
        part("growth=-1&hire=90&exit_with=5&exit_without=5&retire=67&horizon=30&target=30").await;
    assert!(!low.contains("<html") && low.contains("hx-swap-oob"));
    assert!(
        high.contains("id=\"o-hire\" hx-swap-oob=\"true\">90 %</output>"),
        "{high}"
    );
    // Hiring 90 % with migration history reaches a 30 % target within 30 years; 10 % does not.
    let parity = |html: &str| {
        html.split("Parität erreicht</th><td class=\"num\">")
            .nth(1)
            .and_then(|r| r.split('<').next())
            .unwrap()
            .to_owned()
    };
    assert_eq!(parity(&low), "nicht im Zeitraum");
    assert!(parity(&high).parse::<u16>().is_ok(), "{}", parity(&high));
    // Save under a name, then compare.
    let r = c
        .post(format!("{base}/speichern"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "Kürzung 1 %"),
            ("growth", "-1"),
            ("hire", "60"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = c.get(&base).send().await.unwrap().text().await.unwrap();
    assert!(
        page.contains("<th scope=\"row\">Kürzung 1 %</th>"),
        "{page}"
    );
    let cmp = c
        .get(format!("{base}?hire=20&compare=K%C3%BCrzung%201%20%25"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        cmp.contains("Kürzung 1 %</text>"),
        "compare series in the legend"
    );
    // Downloads.
    let csv = c
        .get(format!("{base}/prognose.csv?hire=40"))
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(csv.text().await.unwrap().contains("Jahr;Beschäftigte"));
    // A viewer may look but not save; another city's analyst may not look.
    let (v, vcsrf) = login(&s, "herne.lesen").await;
    assert_eq!(status(&v, base.clone()).await, 200);
    let r = v
        .post(format!("{base}/speichern"))
        .form(&[("csrf", vcsrf.as_str()), ("name", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let (b, _) = login(&s, "bochum.analyse").await;
    assert_eq!(status(&b, format!("{base}/ergebnis?hire=50")).await, 403);
    // A forged token saves nothing.
    let r = c
        .post(format!("{base}/speichern"))
        .form(&[("csrf", "falsch"), ("name", "Fälschung")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let page = c.get(&base).send().await.unwrap().text().await.unwrap();
    assert!(!page.contains("Fälschung"));
    // Saving is audit-logged.
    let (a, _) = login(&s, "admin").await;
    let log = a
        .get(format!("{}/admin", s.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(log.contains("scenario.save"), "{log}");
}

/// Apprentice pipeline and retention pages: funnel charts and tables from the protected
/// report only, pooling, downloads, rights.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pipeline_and_retention_pages() {
    let s = start().await;
    let (c, _) = login(&s, "herne.analyse").await;
    let get = |path: String| {
        let c = c.clone();
        async move {
            let r = c.get(path).send().await.unwrap();
            let st = r.status();
            (st, r.text().await.unwrap())
        }
    };
    let base = format!("{}/stadt/{HERNE}", s.base);
    let (st, page) = get(format!("{base}/ausbildung")).await;
    assert_eq!(st, StatusCode::OK);
    assert!(page.contains("Geheimhaltung (Mindestfallzahl 5)"), "{page}");
    assert!(
        page.matches("<svg").count() >= 5,
        "one funnel per occupation"
    );
    // No published count in a table of this page is between 1 and 4.
    for cell in page.split("<td class=\"num\">").skip(1) {
        let v = cell.split('<').next().unwrap();
        for n in v.split(['/', '(', ' ']).filter(|x| !x.is_empty()) {
            assert!(
                !matches!(n, "1" | "2" | "3" | "4"),
                "small count {n} in {v}"
            );
        }
    }
    let (_, pooled) = get(format!("{base}/ausbildung?pool=occupations")).await;
    assert!(pooled.contains("alle Berufe"));
    assert!(pooled.contains("Quotenverhältnis"));
    let (st, csv) = get(format!("{base}/ausbildung/ausbildung.csv?pool=occupations")).await;
    assert_eq!(st, StatusCode::OK);
    assert!(
        csv.contains("Ausbildungsberuf") && csv.contains("alle Berufe"),
        "{csv}"
    );
    let (st, json) = get(format!("{base}/ausbildung/ausbildung.json")).await;
    assert_eq!(st, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["protection"]["status"], "protected");
    assert!(v["cities"][0]["occupations"][0]["transitions"].is_array());
    let (st, exits) = get(format!("{base}/verbleib")).await;
    assert_eq!(st, StatusCode::OK);
    assert!(exits.contains("alle Gründe") && exits.contains("Verhältnis der Abgangsquoten"));
    let (_, by_field) = get(format!("{base}/verbleib?by=field")).await;
    assert!(
        by_field.contains("Kindertagesbetreuung") || by_field.contains("Allgemeine Verwaltung"),
        "{by_field}"
    );
    let (st, _) = get(format!("{base}/verbleib/verbleib.xlsx")).await;
    assert_eq!(st, StatusCode::OK);
    let (st, _) = get(format!("{base}/ausbildung/anderes.csv")).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    // Another city's analyst sees neither.
    let (b, _) = login(&s, "bochum.analyse").await;
    assert_eq!(status(&b, format!("{base}/ausbildung")).await, 403);
    assert_eq!(
        status(&b, format!("{base}/verbleib/verbleib.csv")).await,
        403
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn report_page_and_downloads() {
    let s = start().await;
    let (c, _) = login(&s, "koordination").await;
    let page = c
        .get(format!("{}/region/bericht", s.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Regionalbericht") && page.contains("name=\"jahr\""));
    assert!(
        page.contains("<option value=\"2024\" selected>2024</option>"),
        "{page}"
    );
    let r = c
        .get(format!(
            "{}/region/bericht/datei?jahr=2024&sprache=de&format=pdf",
            s.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let disposition = r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        disposition,
        "attachment; filename=\"abbild_bericht_region_2024_de.pdf\""
    );
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert!(r.bytes().await.unwrap().starts_with(b"%PDF-"));
    // The city's analyst gets her own city's report in English, as one HTML file.
    let (h, _) = login(&s, "herne.analyse").await;
    let r = h
        .get(format!(
            "{}/stadt/{HERNE}/bericht/datei?jahr=2024&sprache=en&format=html",
            s.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert!(html.contains("<html lang=\"en\">") && html.contains("Herne"));
    assert!(!html.contains("<script"), "the report file runs no scripts");
    // Bad input is a clear 400, not a crash; another city's report is refused.
    for bad in [
        "jahr=abc&format=pdf",
        "jahr=2024&format=docx",
        "jahr=2024&sprache=fr",
    ] {
        let st = status(&h, format!("{}/stadt/{HERNE}/bericht/datei?{bad}", s.base)).await;
        assert_eq!(st, 400, "{bad}");
    }
    assert_eq!(
        status(
            &h,
            format!("{}/stadt/{BOCHUM}/bericht/datei?jahr=2024", s.base)
        )
        .await,
        403
    );
}

// ---------------------------------------------------------------------------------------
// Issue 13: storage that forgets the order. Forensic readers of copies of the SQLite files.

/// The frames of a write-ahead log copy, grouped into commits (in log order). Every frame
/// counts, whatever its salt: a forensic reader uses stale frames too.
fn wal_commits(wal: &[u8]) -> Vec<Vec<Vec<u8>>> {
    if wal.len() < 32 {
        return Vec::new();
    }
    let page = u32::from_be_bytes(wal[8..12].try_into().unwrap()) as usize;
    let mut commits = Vec::new();
    let mut current = Vec::new();
    let mut at = 32;
    while at + 24 + page <= wal.len() {
        let db_size = u32::from_be_bytes(wal[at + 4..at + 8].try_into().unwrap());
        current.push(wal[at + 24..at + 24 + page].to_vec());
        if db_size != 0 {
            commits.push(std::mem::take(&mut current));
        }
        at += 24 + page;
    }
    commits
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Whether a page image holds the record of `hash` with `used = 1`: in the STRICT, WITHOUT
/// ROWID table the record header ends with the serial type of `used` (8 = 0, 9 = 1) right
/// before the hash, the first column of the body.
fn used_in(page: &[u8], hash: &[u8]) -> bool {
    let mut from = 0;
    while let Some(i) = page[from..].windows(hash.len()).position(|w| w == hash) {
        let p = from + i;
        if p > 0 && page[p - 1] == 9 {
            return true;
        }
        from = p + 1;
    }
    false
}

/// What a forensic reader gets from one copy of the log: for every commit in log order, the
/// codes newly seen as used and the answers newly seen. Returns (linked, ordered): commits
/// that show exactly one new code and exactly one new answer which belong together, and
/// answers whose commit (hence position in the submission order) is known.
fn wal_links(wal: &[u8], hashes: &[String], answers: &[Vec<u8>]) -> (Vec<usize>, usize) {
    let mut seen_code = vec![false; hashes.len()];
    let mut seen_answer = vec![false; answers.len()];
    let mut linked = Vec::new();
    let mut ordered = 0;
    for commit in wal_commits(wal) {
        let mut new_codes = Vec::new();
        let mut new_answers = Vec::new();
        for page in &commit {
            for (i, h) in hashes.iter().enumerate() {
                if !seen_code[i] && used_in(page, h.as_bytes()) {
                    seen_code[i] = true;
                    new_codes.push(i);
                }
            }
            for (i, a) in answers.iter().enumerate() {
                if !seen_answer[i] && contains(page, a) {
                    seen_answer[i] = true;
                    new_answers.push(i);
                }
            }
        }
        ordered += new_answers.len();
        if let ([c], [a]) = (&new_codes[..], &new_answers[..]) {
            if c == a {
                linked.push(*c);
            }
        }
    }
    (linked, ordered)
}

/// The page numbers the wal-index (-shm) still lists: the first hash block's `aPgno[]`
/// (native-endian u32 after the 136-byte header), which SQLite clears only when the next
/// transaction writes its first frame.
fn shm_pages(shm: &[u8]) -> Vec<u32> {
    const NPAGE_ONE: usize = 4096 - 136 / 4;
    shm.get(136..136 + 4 * NPAGE_ONE)
        .unwrap_or(&[])
        .chunks_exact(4)
        .map(|c| u32::from_ne_bytes(c.try_into().unwrap()))
        .filter(|&p| p != 0)
        .collect()
}

const FORENSIC_FIELDS: [&str; 10] = [
    "verwaltung",
    "finanzen",
    "ordnung",
    "feuerwehr",
    "soziales",
    "kita",
    "bildung_kultur",
    "gesundheit",
    "bauen_umwelt",
    "zentrale_dienste",
];
const FORENSIC_LEVELS: [&str; 4] = ["einfach", "mittel", "gehoben", "hoeher"];

/// docs/ANONYMITY.md, "Kopien der Dateien": N answers through the real intake, one at a
/// time; after every acknowledgement a copy of the database, its write-ahead log and its
/// wal-index. No copy of the log may link an answer to its code or order answers, and no
/// copy of the wal-index may name a page that holds a code or an answer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn file_copies_after_each_acknowledgement_link_nothing() {
    let s = start().await;
    let n = 30;
    let codes = open_wave(&s, "2027", n).await;
    let hashes: Vec<String> = codes
        .iter()
        .map(|c| {
            abbild_service::survey::code_hash(&abbild_core::survey::AccessCode::parse(c).unwrap())
        })
        .collect();
    // Answer i is recognisable by its (field, level): adjacent text columns of its record.
    let answer_of = |i: usize| (FORENSIC_FIELDS[i % 10], FORENSIC_LEVELS[i / 10]);
    let patterns: Vec<Vec<u8>> = (0..n)
        .map(|i| {
            let (f, l) = answer_of(i);
            [f.as_bytes(), l.as_bytes()].concat()
        })
        .collect();
    let db = s._dir.path().join("abbild.sqlite");
    let side = |suffix: &str| PathBuf::from(format!("{}{suffix}", db.display()));
    let c = client();
    let mut copies = Vec::new();
    for (i, code) in codes.iter().enumerate() {
        let (f, l) = answer_of(i);
        let r = c
            .post(format!("{}/api/v1/survey/responses", s.base))
            .json(&serde_json::json!({"code": code, "answers": {"field": f, "level": l}}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 201);
        let read = |p: PathBuf| std::fs::read(p).unwrap_or_default();
        copies.push((read(db.clone()), read(side("-wal")), read(side("-shm"))));
    }
    let mut linked = std::collections::BTreeSet::new();
    let mut ordered = 0;
    let mut frames = 0;
    let mut shm_leaks = 0;
    for (main, wal, shm) in &copies {
        let (l, o) = wal_links(wal, &hashes, &patterns);
        linked.extend(l);
        ordered = ordered.max(o);
        frames += wal_commits(wal).iter().map(Vec::len).sum::<usize>();
        // Each page the wal-index names, in its newest image of the same moment: the last
        // frame of the log copy that holds it, else the main file.
        let newest = |p: u32| -> Option<Vec<u8>> {
            let page = 4096usize;
            let mut img = main
                .get((p as usize - 1) * page..p as usize * page)
                .map(<[u8]>::to_vec);
            if wal.len() >= 32 {
                let mut at = 32;
                while at + 24 + page <= wal.len() {
                    if u32::from_be_bytes(wal[at..at + 4].try_into().unwrap()) == p {
                        img = Some(wal[at + 24..at + 24 + page].to_vec());
                    }
                    at += 24 + page;
                }
            }
            img
        };
        for p in shm_pages(shm) {
            if let Some(img) = newest(p) {
                let img = &img[..];
                if hashes.iter().any(|h| contains(img, h.as_bytes()))
                    || patterns.iter().any(|a| contains(img, a))
                {
                    shm_leaks += 1;
                }
            }
        }
    }
    let figures = format!(
        "{} of {n} answers linked to their code, {ordered} of {n} ordered, {frames} log \
         frames, {shm_leaks} wal-index entries naming a code or answer page",
        linked.len()
    );
    assert_eq!(linked.len(), 0, "the log links answers to codes: {figures}");
    assert_eq!(ordered, 0, "the log orders answers: {figures}");
    assert_eq!(frames, 0, "a log copy holds frames: {figures}");
    assert_eq!(shm_leaks, 0, "the wal-index names written pages: {figures}");
}

/// docs/ANONYMITY.md: closing a wave while another reader holds the database open must not
/// report success while the log still holds frames; once the reader is gone, closing again
/// succeeds and the log is empty.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closing_waits_for_an_empty_log_or_fails() {
    let s = start().await;
    let codes = open_wave(&s, "2027", 6).await;
    for code in &codes[..4] {
        let (st, _) = answer(&s, code, &[("field", "kita")]).await;
        assert_eq!(st, 200);
    }
    let db = s._dir.path().join("abbild.sqlite");
    let wal = PathBuf::from(format!("{}-wal", db.display()));
    // A second reader, e.g. a backup tool, holding a read transaction.
    let reader = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(sqlx::sqlite::SqliteConnectOptions::new().filename(&db))
        .await
        .unwrap();
    let mut held = reader.acquire().await.unwrap();
    sqlx::query("BEGIN").execute(&mut *held).await.unwrap();
    sqlx::query("SELECT count(*) FROM responses")
        .fetch_one(&mut *held)
        .await
        .unwrap();
    let (c, csrf) = login(&s, "herne.analyse").await;
    let close = || close_wave(&s, &c, &csrf, "2027");
    let r = close().await;
    let status = r.status();
    let body = r.text().await.unwrap();
    let wal_len = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
    assert!(
        !(status.is_success() && wal_len > 0),
        "closing reported success with {wal_len} bytes in the log"
    );
    assert!(
        !status.is_success(),
        "closing must fail while the reader holds the log"
    );
    assert!(body.contains("erneut schließen"), "{body}");
    sqlx::query("COMMIT").execute(&mut *held).await.unwrap();
    drop(held);
    reader.close().await;
    let r = close().await;
    assert_eq!(r.status(), StatusCode::OK);
    // The page after closing may record a release of published figures (the release
    // registry writes after the log was emptied); no code's page is in the log.
    let log = std::fs::read(&wal).unwrap_or_default();
    for c in &codes {
        let h =
            abbild_service::survey::code_hash(&abbild_core::survey::AccessCode::parse(c).unwrap());
        assert!(
            !contains(&log, h.as_bytes()),
            "a code hash is in the log after closing"
        );
    }
    assert!(
        wal_commits(&log).len() <= 2,
        "{} commits in the log",
        wal_commits(&log).len()
    );
}

/// docs/ANONYMITY.md: the database and its side files are readable by their owner only.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn database_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let s = start().await;
    let codes = open_wave(&s, "2027", 2).await;
    let (st, _) = answer(&s, &codes[0], &[]).await;
    assert_eq!(st, 200);
    let db = s._dir.path().join("abbild.sqlite");
    for suffix in ["", "-wal", "-shm"] {
        let p = PathBuf::from(format!("{}{suffix}", db.display()));
        let mode = std::fs::metadata(&p).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "{} has mode {mode:o}", p.display());
    }
}

/// Every object with `respondents` in a JSON result, by a path that names segments by their
/// key: (respondents, with_migration), `None` where withheld.
fn counts_of(v: &serde_json::Value) -> BTreeMap<String, (Option<u64>, Option<u64>)> {
    fn walk(
        v: &serde_json::Value,
        path: String,
        out: &mut BTreeMap<String, (Option<u64>, Option<u64>)>,
    ) {
        match v {
            serde_json::Value::Object(m) => {
                if m.contains_key("respondents") {
                    out.insert(
                        path.clone(),
                        (
                            m["respondents"].as_u64(),
                            m.get("with_migration").and_then(|x| x.as_u64()),
                        ),
                    );
                }
                for (k, x) in m {
                    walk(x, format!("{path}.{k}"), out);
                }
            }
            serde_json::Value::Array(xs) => {
                for (i, x) in xs.iter().enumerate() {
                    let id = x.get("key").map_or(i.to_string(), |k| k.to_string());
                    walk(x, format!("{path}[{id}]"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = BTreeMap::new();
    walk(v, String::new(), &mut out);
    out
}

/// The class one submission had, as read off by differencing two states of a JSON result:
/// some published count of respondents grew by one and both classes are shown before and
/// after.
fn read_off_json(
    before: &BTreeMap<String, (Option<u64>, Option<u64>)>,
    after: &BTreeMap<String, (Option<u64>, Option<u64>)>,
) -> Option<bool> {
    for (path, &(n1, w1)) in after {
        if let (Some(&(Some(n0), Some(w0))), Some(n1), Some(w1)) = (before.get(path), n1, w1) {
            if n1 == n0 + 1 && w1 >= w0 && w1 - w0 <= 1 {
                return Some(w1 == w0 + 1);
            }
        }
    }
    None
}

/// The overview's key figures as (answers, share in per mille), if shown.
fn overview_figures(html: &str) -> Option<(u64, i64)> {
    let kpi = |label: &str| -> Option<String> {
        let i = html.find(&format!("<th scope=\"row\">{label}</th>"))?;
        let rest = &html[i..];
        let j = rest.find("<td class=\"num\">")? + 16;
        Some(rest[j..j + rest[j..].find('<')?].to_owned())
    };
    let n = kpi("Antworten")?.replace('.', "").parse().ok()?;
    let share = kpi("Anteil Beschäftigte")?;
    let digits: String = share.chars().filter(char::is_ascii_digit).collect();
    Some((n, digits.parse().ok()?))
}

/// SPEC §6, issue 13: while a wave is open nothing published changes with a submission, so
/// no answer can be read off by differencing; after closing, the figures appear.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_wave_results_cannot_be_differenced() {
    let s = start().await;
    let codes = open_wave(&s, "2027", 20).await;
    let (c, _) = login(&s, "herne.analyse").await;
    let (acc, _) =
        abbild_store::Accounts::user_by_name(&s.store, &UserName::parse("herne.lesen").unwrap())
            .await
            .unwrap()
            .unwrap();
    let token = accounts::create_api_token(&s.store, "test", &acc, "beobachter")
        .await
        .unwrap();
    let get = |path: String| {
        let c = c.clone();
        let url = format!("{}{path}", s.base);
        let token = token.clone();
        async move {
            let mut r = c.get(url);
            if path.starts_with("/api/") {
                r = r.bearer_auth(token);
            }
            // Whatever the status: an error page that turns into figures is a change too.
            r.send().await.unwrap().text().await.unwrap()
        }
    };
    let table = format!("/stadt/{HERNE}/ansicht/felder/tabelle.json");
    let overview = format!("/stadt/{HERNE}");
    let api = format!("/api/v1/cities/{HERNE}/representation?by=field,level");
    // The running-wave notice is the one thing allowed to change (rounded down to tens).
    let strip = |html: &str| -> String {
        match (
            html.find("<p class=\"notice\" id=\"wave-running\">"),
            html.find("</p><!--wave-running-->"),
        ) {
            (Some(a), Some(b)) => format!("{}{}", &html[..a], &html[b..]),
            _ => html.to_owned(),
        }
    };
    let mut states = vec![(
        get(table.clone()).await,
        get(overview.clone()).await,
        get(api.clone()).await,
    )];
    // 10 with and 10 without a migration history, all in one segment (kita, mittel).
    let with = [
        true, false, true, true, false, false, true, false, true, false, false, true, true, false,
        true, false, true, true, false, false,
    ];
    let yes = |b: bool| if b { "yes" } else { "no" };
    for (code, &w) in codes.iter().zip(&with) {
        let body = serde_json::json!({"code": code, "answers": {
            "self_born_abroad": yes(w), "self_german_at_birth": yes(!w),
            "self_german_now": yes(!w), "mother_born_abroad": yes(w),
            "father_born_abroad": yes(w), "mother_german_at_birth": yes(!w),
            "father_german_at_birth": yes(!w), "field": "kita", "level": "mittel"}});
        let r = client()
            .post(format!("{}/api/v1/survey/responses", s.base))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::CREATED);
        states.push((
            get(table.clone()).await,
            get(overview.clone()).await,
            get(api.clone()).await,
        ));
    }
    // The attack: difference consecutive states.
    let (mut by_table, mut by_overview, mut by_api, mut read) = (0, 0, 0, 0);
    for (i, &w) in with.iter().enumerate() {
        let (t0, o0, a0) = &states[i];
        let (t1, o1, a1) = &states[i + 1];
        let json = |x: &str| counts_of(&serde_json::from_str(x).unwrap_or_default());
        let t = read_off_json(&json(t0), &json(t1));
        let a = read_off_json(&json(a0), &json(a1));
        let o = match (overview_figures(o0), overview_figures(o1)) {
            (Some((n0, p0)), Some((n1, p1))) if n1 == n0 + 1 && p1 != p0 => Some(p1 > p0),
            _ => None,
        };
        by_table += usize::from(t == Some(w));
        by_api += usize::from(a == Some(w));
        by_overview += usize::from(o == Some(w));
        read += usize::from([t, a, o].contains(&Some(w)));
    }
    eprintln!(
        "answers read off while open: {read} of 20 (table {by_table}, API {by_api}, \
         overview {by_overview})"
    );
    assert_eq!(
        (read, by_table, by_api, by_overview),
        (0, 0, 0, 0),
        "answers read off by differencing"
    );
    // Byte for byte the same during the whole open wave, apart from the rounded count.
    let (t0, o0, a0) = &states[0];
    for (i, (t, o, a)) in states.iter().enumerate() {
        assert_eq!(t, t0, "table changed after {i} answers");
        assert_eq!(a, a0, "API changed after {i} answers");
        assert_eq!(strip(o), strip(o0), "overview changed after {i} answers");
    }
    assert!(
        o0.contains("Eine Befragungswelle läuft (Welle 2027)"),
        "{o0}"
    );
    assert!(states[19].1.contains("bisher mindestens 10 Antworten"));
    assert!(states[20].1.contains("bisher mindestens 20 Antworten"));
    // The previous wave's figures stay on the pages meanwhile.
    let v: serde_json::Value = serde_json::from_str(a0).unwrap();
    assert_eq!(v["cities"][0]["wave"], 2024, "{v}");
    // Closing is the release point: now the wave's figures appear.
    let (c2, csrf) = login(&s, "herne.analyse").await;
    let r = close_wave(&s, &c2, &csrf, "2027").await;
    assert_eq!(r.status(), StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&get(api.clone()).await).unwrap();
    assert_eq!(v["cities"][0]["wave"], 2027, "{v}");
    assert_ne!(&get(table.clone()).await, t0);
    let o = get(overview.clone()).await;
    assert!(!o.contains("Eine Befragungswelle läuft"));
    assert!(o.contains("Befragung 2027"), "{o}");
}

/// Issue 13 (b): an interim release is refused while some published segment gained 1 to 4
/// answers since the last release, and allowed once every segment gained 0 or at least 5;
/// only then do the wave's figures appear.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn interim_release_needs_k_new_answers_per_segment() {
    let s = start().await;
    let codes = open_wave(&s, "2027", 12).await;
    let submit = |code: String, field: &'static str, level: &'static str, with: bool| {
        let url = format!("{}/api/v1/survey/responses", s.base);
        async move {
            let yes = |b: bool| if b { "yes" } else { "no" };
            let r = client()
                .post(url)
                .json(&serde_json::json!({"code": code, "answers": {
                    "self_born_abroad": yes(with), "self_german_at_birth": yes(!with),
                    "self_german_now": yes(!with), "mother_born_abroad": yes(with),
                    "father_born_abroad": yes(with), "mother_german_at_birth": yes(!with),
                    "father_german_at_birth": yes(!with), "field": field, "level": level}}))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::CREATED);
        }
    };
    for (i, code) in codes[..5].iter().enumerate() {
        submit(code.clone(), "kita", "mittel", i % 2 == 0).await;
    }
    for code in &codes[5..8] {
        submit(code.clone(), "verwaltung", "gehoben", true).await;
    }
    let (c, csrf) = login(&s, "herne.analyse").await;
    let release = || {
        let c = c.clone();
        let url = format!("{}/stadt/{HERNE}/befragung/2027/freigeben", s.base);
        let csrf = csrf.clone();
        async move {
            let r = c
                .post(url)
                .form(&[("csrf", csrf.as_str())])
                .send()
                .await
                .unwrap();
            (r.status(), r.text().await.unwrap())
        }
    };
    // The table of wave 2027 as a reader who picks it sees it (by default the pages show the
    // latest wave whose overall share is published, issue 14).
    let waves = || {
        let c = c.clone();
        let url = format!(
            "{}/stadt/{HERNE}/ansicht/felder/tabelle.json?welle=2027",
            s.base
        );
        async move {
            let body = c.get(url).send().await.unwrap().text().await.unwrap();
            let v: serde_json::Value = serde_json::from_str(&body).expect(&body);
            v["cities"][0]["wave"].clone()
        }
    };
    // Without the session's token: refused.
    let r = c
        .post(format!("{}/stadt/{HERNE}/befragung/2027/freigeben", s.base))
        .form(&[("csrf", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // A viewer of the city cannot release.
    let (v, vcsrf) = login(&s, "herne.lesen").await;
    let r = v
        .post(format!("{}/stadt/{HERNE}/befragung/2027/freigeben", s.base))
        .form(&[("csrf", vcsrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // kita/mittel gained 5, verwaltung/gehoben 3: field, level and field × level each have one
    // short segment.
    let (st, html) = release().await;
    assert_eq!(st, StatusCode::CONFLICT, "{html}");
    assert!(
        html.contains(
            "Zwischenfreigabe nicht möglich: 3 Gruppen haben seit der letzten Freigabe nur 1 bis 4"
        ),
        "{html}"
    );
    assert_eq!(waves().await, 2024);
    // Two more in verwaltung/gehoben: every segment gained 0 or at least 5.
    for code in &codes[8..10] {
        submit(code.clone(), "verwaltung", "gehoben", false).await;
    }
    let (st, html) = release().await;
    assert_eq!(st, StatusCode::OK, "{html}");
    assert!(
        html.contains("Welle 2027: 10 Antworten freigegeben"),
        "{html}"
    );
    assert_eq!(waves().await, 2027);
    // One more answer: nothing changes until the next release point, which is refused now.
    submit(codes[10].clone(), "kita", "mittel", true).await;
    let before = c
        .get(format!(
            "{}/stadt/{HERNE}/ansicht/felder/tabelle.json?welle=2027",
            s.base
        ))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let (st, _) = release().await;
    assert_eq!(st, StatusCode::CONFLICT);
    let after = c
        .get(format!(
            "{}/stadt/{HERNE}/ansicht/felder/tabelle.json?welle=2027",
            s.base
        ))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(before, after);
    // The release is in the audit log.
    let log = abbild_store::Accounts::audit_log(&s.store, 20)
        .await
        .unwrap();
    assert!(
        log.iter().any(|e| e.action == "survey.release"
            && e.actor == "herne.analyse"
            && e.detail.contains("Welle 2027, Freigabe 1, 10 Antworten")),
        "{log:?}"
    );
}

/// The W1 demo (`abbild demo`'s data: ten cities, seed 2024) in a temporary SQLite
/// database, with Herne's accounts and the coordinator.
async fn start_w1() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let files = dir.path().join("w1");
    abbild_synth::generate(abbild_synth::Workload::W1, 2024, &files, &mut |_| {}).unwrap();
    let db = dir.path().join("abbild.sqlite");
    let catalog = FieldCatalog::default();
    let store = AnyStore::open(db.to_str().unwrap(), catalog.clone())
        .await
        .unwrap();
    for (kind, f) in [
        (Kind::Staff, "staff.csv"),
        (Kind::Responses, "responses.csv"),
        (Kind::Population, "population.csv"),
        (Kind::Pipeline, "pipeline.csv"),
        (Kind::Exits, "exits.csv"),
    ] {
        abbild_service::import::import_file(&store, kind, &files.join(f), &catalog)
            .await
            .unwrap();
    }
    let pw = Password::parse(PW).unwrap();
    for (name, role, city) in [
        ("koordination", Role::Coordinator, None),
        ("herne.analyse", Role::Analyst, Some(HERNE)),
        ("herne.lesen", Role::Viewer, Some(HERNE)),
    ] {
        accounts::add_user(
            &store,
            "test",
            &UserName::parse(name).unwrap(),
            &pw,
            role,
            city.map(|c| Ags::parse(c).unwrap()),
        )
        .await
        .unwrap();
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let state = AppState::new(store.clone(), catalog, false);
    tokio::spawn(abbild_web::serve(listener, state));
    Server {
        base,
        store,
        _dir: dir,
    }
}

/// Published segments of a representation (JSON) whose respondents all fall in one class:
/// `n ≥ 1` respondents shown with `x` with a migration history shown and `x = 0` or `x = n`
/// (or a share of exactly 0 or 1).
fn one_class_representation(v: &serde_json::Value, what: &str, found: &mut Vec<String>) {
    assert_eq!(v["protection"]["status"], "protected", "{what}");
    for city in v["cities"].as_array().unwrap() {
        let segments = city["segments"].as_array().unwrap();
        for seg in segments.iter().chain(std::iter::once(&city["overall"])) {
            let n = seg["respondents"].as_u64();
            let x = seg["with_migration"].as_u64();
            let share = seg["share"].as_f64();
            let counts = matches!((n, x), (Some(n), Some(x)) if n >= 1 && (x == 0 || x == n));
            let crude = share.is_some_and(|s| s == 0.0 || s == 1.0);
            if counts || crude {
                found.push(format!(
                    "{what} {} {}: {x:?} of {n:?}",
                    city["ags"],
                    seg.get("key").unwrap_or(&serde_json::Value::Null)
                ));
            }
        }
    }
}

/// Two published group counts of one segment (`with`, `without`) that put everybody in one
/// group.
fn one_class_pair(with: Option<u64>, without: Option<u64>) -> bool {
    matches!((with, without), (Some(a), Some(b)) if a + b >= 1 && (a == 0 || b == 0))
}

/// Pipeline (stage counts by group) and retention (headcount, exits and those who stayed, by
/// group) segments that put everybody in one group.
fn one_class_funnels(v: &serde_json::Value, what: &str, found: &mut Vec<String>) {
    assert_eq!(v["protection"]["status"], "protected", "{what}");
    for city in v["cities"].as_array().unwrap() {
        for occ in city["occupations"].as_array().into_iter().flatten() {
            for st in occ["stages"].as_array().unwrap() {
                if one_class_pair(st["with"].as_u64(), st["without"].as_u64()) {
                    found.push(format!("{what} {} {st}", occ["occupation"]));
                }
            }
        }
        for seg in city["segments"].as_array().into_iter().flatten() {
            for line in seg["lines"].as_array().unwrap() {
                let (w, o) = (&line["with"], &line["without"]);
                let stayed = |g: &serde_json::Value| {
                    g["headcount"].as_u64()?.checked_sub(g["exits"].as_u64()?)
                };
                let pairs = [
                    (w["headcount"].as_u64(), o["headcount"].as_u64()),
                    (w["exits"].as_u64(), o["exits"].as_u64()),
                    (stayed(w), stayed(o)),
                ];
                if pairs.iter().any(|&(a, b)| one_class_pair(a, b)) {
                    found.push(format!("{what} {} {line}", seg["segment"]));
                }
            }
        }
    }
}

/// Issue 13: "everyone in one class is published". SPEC §5: a segment whose respondents all
/// fall in one class (0 % or 100 %) is sensitive, because whoever knows a colleague answered
/// would learn the answer. Walks every view a viewer (and the coordinator) can get on the W1
/// demo plus an open wave with five identical answers, and finds no published segment at
/// 0 % or 100 %. (Before the rule was switched on everywhere, this walk found 469.)
/// Every view a viewer of Herne (and the coordinator) can get: the overview with every
/// wave's overall in the trend, the four views, the API by every non-empty subset of the
/// dimensions, pipeline and retention in every pooling and grouping, and the region. Returns
/// the published one-class segments.
async fn one_class_walk(s: &Server, viewer: &str, region: &str) -> Vec<String> {
    let (c, _) = login(s, "herne.lesen").await;
    let get = |path: String| {
        let c = c.clone();
        async move {
            let r = c.get(&path).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::OK, "{path}");
            r.text().await.unwrap()
        }
    };
    let mut found = Vec::new();
    let base = format!("{}/stadt/{HERNE}", s.base);
    let city = get(base.clone()).await;
    for row in city.split("<tr><th scope=\"row\">").skip(1) {
        let share = row.split("<td class=\"num\">").nth(1).unwrap_or("");
        let share = share.split('<').next().unwrap();
        if share == "0,0 %" || share == "100,0 %" {
            found.push(format!("overview: {row}"));
        }
    }
    for view in ["felder", "alter", "status", "fuehrung"] {
        let json = get(format!("{base}/ansicht/{view}/tabelle.json")).await;
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        one_class_representation(&v, view, &mut found);
    }
    let dims = ["field", "level", "status", "leadership", "age", "sex"];
    // Every grouping of one or two dimensions (the API's likely use; all 63 subsets took
    // minutes, each new one protected given every earlier one).
    for mask in (1u32..(1 << dims.len())).filter(|m| m.count_ones() <= 2) {
        let by: Vec<&str> = (0..dims.len())
            .filter(|i| mask & (1 << i) != 0)
            .map(|i| dims[i])
            .collect();
        let by = by.join(",");
        let r = client()
            .get(format!(
                "{}/api/v1/cities/{HERNE}/representation?by={by}",
                s.base
            ))
            .bearer_auth(viewer)
            .send()
            .await
            .unwrap();
        // A grouping that earlier releases would narrow is refused with a reason, and then
        // shows nothing at all.
        if r.status() == StatusCode::UNPROCESSABLE_ENTITY {
            let body = r.text().await.unwrap();
            assert!(body.contains("nicht veröffentlicht"), "by={by}: {body}");
            continue;
        }
        assert_eq!(r.status(), StatusCode::OK, "by={by}");
        let v: serde_json::Value = r.json().await.unwrap();
        one_class_representation(&v, &format!("api by={by}"), &mut found);
    }
    for pool in ["none", "years", "occupations", "both"] {
        let json = get(format!("{base}/ausbildung/ausbildung.json?pool={pool}")).await;
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        one_class_funnels(&v, &format!("pipeline pool={pool}"), &mut found);
    }
    for by in ["", "field", "level", "status", "age", "sex", "field,level"] {
        let json = get(format!("{base}/verbleib/verbleib.json?by={by}")).await;
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        one_class_funnels(&v, &format!("retention by={by}"), &mut found);
    }
    for by in ["field,level", "age", "status", "leadership"] {
        let r = client()
            .get(format!("{}/api/v1/region/representation?by={by}", s.base))
            .bearer_auth(region)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "region by={by}");
        let v: serde_json::Value = r.json().await.unwrap();
        one_class_representation(&v, &format!("region by={by}"), &mut found);
    }
    found
}

async fn token_of(s: &Server, name: &str) -> String {
    let (acc, _) = abbild_store::Accounts::user_by_name(&s.store, &UserName::parse(name).unwrap())
        .await
        .unwrap()
        .unwrap();
    accounts::create_api_token(&s.store, "test", &acc, "skript")
        .await
        .unwrap()
}

/// Issue 13: "everyone in one class is published". SPEC §5: a segment whose respondents all
/// fall in one class (0 % or 100 %) is sensitive, because whoever knows a colleague answered
/// would learn the answer. Walks every view a viewer (and the coordinator) can get on the W1
/// demo, then again after an open wave in which five colleagues gave the same answer, and
/// finds no published segment at 0 % or 100 %. Before the rule was on everywhere, the walk
/// found FOUND_W1 on the W1 demo and FOUND_WAVE with the open wave ("5 of 5").
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_class_check_over_every_view() {
    let s = start_w1().await;
    let viewer = token_of(&s, "herne.lesen").await;
    let region = token_of(&s, "koordination").await;
    let w1 = one_class_walk(&s, &viewer, &region).await;
    // An open wave in which five colleagues all answered "born abroad".
    let codes = open_wave(&s, "2027", 5).await;
    for code in &codes {
        let (st, html) = answer(&s, code, &[("self_born_abroad", "yes")]).await;
        assert_eq!(st, 200, "{html}");
    }
    let wave = one_class_walk(&s, &viewer, &region).await;
    let msg = |found: &[String]| {
        found
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(
        w1.is_empty() && wave.is_empty(),
        "published one-class segments: {} on W1, {} with the open wave, e.g.:\n{}\n{}",
        w1.len(),
        wave.len(),
        msg(&w1),
        msg(&wave)
    );
}
