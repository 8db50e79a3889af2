//! The real server on port 0 with a temporary SQLite database, driven over HTTP.
//!
//! One test binary: the role × route matrix, CSRF, tenancy, bad uploads, the API and the
//! language switch.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use abbild_core::access::{Password, Role, UserName};
use abbild_core::{Ags, FieldCatalog};
use abbild_import::Kind;
use abbild_service::accounts;
use abbild_store::{AnyStore, Store};
use abbild_web::state::AppState;
use reqwest::redirect::Policy;
use reqwest::StatusCode;
use std::path::PathBuf;

const PW: &str = "test-passwort-123";
const HERNE: &str = "05916000";
const BOCHUM: &str = "05911000";

struct Server {
    base: String,
    store: AnyStore,
    _dir: tempfile::TempDir,
}

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../cli/tests/data")
        .join(name)
}

async fn start() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("abbild.sqlite");
    let catalog = FieldCatalog::default();
    let store = AnyStore::open(db.to_str().unwrap(), catalog.clone())
        .await
        .unwrap();
    for (kind, f) in [
        (Kind::Staff, "herne_staff.csv"),
        (Kind::Responses, "herne_responses.csv"),
        (Kind::Population, "herne_population.csv"),
    ] {
        abbild_service::import::import_file(&store, kind, &data(f), &catalog)
            .await
            .unwrap();
    }
    let pw = Password::parse(PW).unwrap();
    for (name, role, city) in [
        ("admin", Role::Admin, None),
        ("koordination", Role::Coordinator, None),
        ("herne.analyse", Role::Analyst, Some(HERNE)),
        ("herne.lesen", Role::Viewer, Some(HERNE)),
        ("bochum.analyse", Role::Analyst, Some(BOCHUM)),
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

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .unwrap()
}

fn csrf_of(html: &str) -> String {
    let i = html.find("name=\"csrf\" value=\"").expect("csrf field");
    let rest = &html[i + 19..];
    rest[..rest.find('"').unwrap()].to_owned()
}

/// Logs in; returns the client and the session's CSRF token (from a page's logout form).
async fn login(s: &Server, name: &str) -> (reqwest::Client, String) {
    let c = client();
    let form = c
        .get(format!("{}/anmelden", s.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let r = c
        .post(format!("{}/anmelden", s.base))
        .form(&[
            ("name", name),
            ("password", PW),
            ("csrf", csrf_of(&form).as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "login {name}");
    let page = c
        .get(format!("{}/ueber", s.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = csrf_of(&page);
    (c, csrf)
}

/// The test files are Windows-1252: replace on bytes, not on (lossy) text.
fn replace_bytes(hay: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(hay.len());
    let mut i = 0;
    while i < hay.len() {
        if hay[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(hay[i]);
            i += 1;
        }
    }
    out
}

async fn status(c: &reqwest::Client, url: String) -> u16 {
    c.get(url).send().await.unwrap().status().as_u16()
}

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
    ];
    // Expected status per role, in route order. 303: to the login page.
    let expect: [(&str, [u16; 11]); 6] = [
        ("", [303, 303, 303, 303, 303, 303, 303, 303, 303, 303, 200]),
        (
            "admin",
            [403, 403, 403, 403, 403, 403, 403, 403, 200, 200, 200],
        ),
        (
            "koordination",
            [200, 200, 200, 200, 200, 200, 200, 200, 403, 200, 200],
        ),
        (
            "herne.analyse",
            [200, 200, 200, 200, 200, 403, 403, 403, 403, 200, 200],
        ),
        (
            "herne.lesen",
            [200, 200, 200, 200, 200, 403, 403, 403, 403, 200, 200],
        ),
        (
            "bochum.analyse",
            [403, 403, 403, 403, 403, 200, 403, 403, 403, 200, 200],
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
    // The analyst with the right token deletes, and it is in the audit log.
    let r = c
        .post(format!("{}/stadt/{HERNE}/daten/{id}/loeschen", s.base))
        .form(&[("csrf", csrf.as_str())])
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
