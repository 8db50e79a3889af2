//! The real server on port 0 with a temporary SQLite database, and the browser-like helpers
//! every web test binary shares.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use abbild_core::access::{Password, Role, UserName};
use abbild_core::{Ags, FieldCatalog};
use abbild_import::Kind;
use abbild_service::accounts;
use abbild_store::AnyStore;
use abbild_web::state::AppState;
use reqwest::redirect::Policy;
use reqwest::StatusCode;
use std::path::PathBuf;

pub const PW: &str = "test-passwort-123";
pub const HERNE: &str = "05916000";
pub const BOCHUM: &str = "05911000";

pub struct Server {
    pub base: String,
    pub store: AnyStore,
    pub _dir: tempfile::TempDir,
}

pub fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../cli/tests/data")
        .join(name)
}

pub async fn start() -> Server {
    start_with(false).await
}

/// A server in secure mode (`secure_cookies`: it runs behind TLS) or not.
pub async fn start_with(secure: bool) -> Server {
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
        (Kind::Pipeline, "herne_pipeline.csv"),
        (Kind::Exits, "herne_exits.csv"),
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
    let state = AppState::new(store.clone(), catalog, secure);
    tokio::spawn(abbild_web::serve(listener, state));
    Server {
        base,
        store,
        _dir: dir,
    }
}

/// Switches the session's interface to English (the language switch redirects back).
pub async fn to_english(s: &Server, c: &reqwest::Client) {
    let r = c
        .get(format!("{}/sprache/en", s.base))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_redirection());
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .unwrap()
}

pub fn csrf_of(html: &str) -> String {
    let i = html.find("name=\"csrf\" value=\"").expect("csrf field");
    let rest = &html[i + 19..];
    rest[..rest.find('"').unwrap()].to_owned()
}

/// Logs in; returns the client and the session's CSRF token (from a page's logout form).
pub async fn login(s: &Server, name: &str) -> (reqwest::Client, String) {
    let c = client();
    let (_, form) = get(&c, format!("{}/anmelden", s.base)).await;
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
    let (_, page) = get(&c, format!("{}/ueber", s.base)).await;
    let csrf = csrf_of(&page);
    (c, csrf)
}

/// The test files are Windows-1252: replace on bytes, not on (lossy) text.
pub fn replace_bytes(hay: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
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

pub async fn status(c: &reqwest::Client, url: String) -> u16 {
    c.get(url).send().await.unwrap().status().as_u16()
}

pub async fn open_wave(s: &Server, wave: &str, n: usize) -> Vec<String> {
    let (c, csrf) = login(s, "herne.analyse").await;
    let r = c
        .post(format!("{}/stadt/{HERNE}/befragung", s.base))
        .form(&[
            ("csrf", csrf.as_str()),
            ("wave", wave),
            ("codes", &n.to_string()),
            ("format", "csv"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let text = r.text().await.unwrap();
    text.lines().skip(1).map(str::to_owned).collect()
}

/// Answers the questionnaire like a browser: fetch the form (CSRF cookie), post it.
pub async fn answer(s: &Server, code: &str, extra: &[(&str, &str)]) -> (u16, String) {
    let c = client();
    let (_, form) = get(&c, format!("{}/befragung", s.base)).await;
    let token = csrf_of(&form);
    let mut fields = vec![("csrf", token.as_str()), ("code", code)];
    fields.extend_from_slice(extra);
    let r = c
        .post(format!("{}/befragung", s.base))
        .form(&fields)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// GETs a page: status and body.
pub async fn get(c: &reqwest::Client, url: String) -> (u16, String) {
    let r = c.get(url).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// Closes a wave of Herne as the logged-in analyst, with the confirmation ticked.
pub async fn close_wave(
    s: &Server,
    c: &reqwest::Client,
    csrf: &str,
    wave: &str,
) -> reqwest::Response {
    c.post(format!(
        "{}/stadt/{HERNE}/befragung/{wave}/schliessen",
        s.base
    ))
    .form(&[("csrf", csrf), ("bestaetigt", "ja")])
    .send()
    .await
    .unwrap()
}
