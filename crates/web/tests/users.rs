//! What users lost before issue 14, each tried as a user would over HTTP: a new survey wave
//! blanked the dashboards, the questionnaire threw answers away on an error, error pages
//! stayed German in the English interface.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use reqwest::StatusCode;

/// A new wave with only two answers, closed: before, the overview, the field page and the
/// region switched to it and showed "–"; now they stay on the last wave with results and
/// offer the new one in a wave choice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_wave_with_few_answers_does_not_blank_the_pages() {
    let s = start().await;
    let codes = open_wave(&s, "2027", 4).await;
    for code in &codes[..2] {
        let (st, _) = answer(&s, code, &[("field", "kita"), ("self_born_abroad", "yes")]).await;
        assert_eq!(st, 200);
    }
    let (c, csrf) = login(&s, "herne.analyse").await;
    let r = close_wave(&s, &c, &csrf, "2027").await;
    assert_eq!(r.status(), StatusCode::OK);

    let (st, html) = get(&c, format!("{}/stadt/{HERNE}", s.base)).await;
    assert_eq!(st, 200);
    assert!(
        html.contains("Befragung 2024"),
        "overview on the old wave: {html}"
    );
    assert!(
        html.contains(
            "<option value=\"2027\">2027 – noch keine veröffentlichten Ergebnisse</option>"
        ),
        "{html}"
    );
    assert!(
        html.contains("<option value=\"2024\" selected>2024</option>"),
        "{html}"
    );
    // The share is a figure, not "–".
    let share = html
        .split("<th scope=\"row\">Anteil Beschäftigte</th><td class=\"num\">")
        .nth(1)
        .and_then(|t| t.split('<').next())
        .unwrap()
        .to_owned();
    assert!(share.ends_with('%'), "share {share}: {html}");

    // The reader may still pick the new wave.
    let (st, html) = get(&c, format!("{}/stadt/{HERNE}?welle=2027", s.base)).await;
    assert_eq!(st, 200);
    assert!(html.contains("<option value=\"2027\" selected>"), "{html}");

    // Field page and its downloads follow the shown wave.
    let (_, html) = get(&c, format!("{}/stadt/{HERNE}/ansicht/felder", s.base)).await;
    assert!(html.contains("tabelle.csv?welle=2024"), "{html}");
    let (st, json) = get(
        &c,
        format!(
            "{}/stadt/{HERNE}/ansicht/felder/tabelle.json?welle=2024",
            s.base
        ),
    )
    .await;
    assert_eq!(st, 200);
    assert!(
        json.contains("\"wave\": 2024") || json.contains("\"wave\":2024"),
        "{json}"
    );

    // The API answers like the pages: the last wave with results unless one is asked for.
    let (acc, _) = abbild_store::Accounts::user_by_name(
        &s.store,
        &abbild_core::access::UserName::parse("herne.analyse").unwrap(),
    )
    .await
    .unwrap()
    .unwrap();
    let token = abbild_service::accounts::create_api_token(&s.store, "test", &acc, "skript")
        .await
        .unwrap();
    let api = |q: &'static str| {
        let url = format!("{}/api/v1/cities/{HERNE}/representation{q}", s.base);
        let token = token.clone();
        async move {
            let body = reqwest::Client::new()
                .get(url)
                .bearer_auth(token)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            let v: serde_json::Value = serde_json::from_str(&body).expect(&body);
            v["cities"][0]["wave"].clone()
        }
    };
    assert_eq!(api("").await, 2024);
    assert_eq!(api("?welle=2027").await, 2027);

    // The region: Herne with its 2024 figures.
    let (k, _) = login(&s, "koordination").await;
    let (st, html) = get(&k, format!("{}/region", s.base)).await;
    assert_eq!(st, 200);
    assert!(html.contains("Gezeigte Befragungswellen: 2024"), "{html}");
}

/// A rejected "further languages" entry: every answer stays, the field is marked invalid,
/// and an error summary links to it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_questionnaire_keeps_every_answer_on_an_error() {
    let s = start().await;
    let codes = open_wave(&s, "2027", 2).await;
    let extra = [
        ("self_born_abroad", "yes"),
        ("mother_born_abroad", "no"),
        ("field", "kita"),
        ("level", "gehoben"),
        ("age", "35-44"),
        ("sex", "d"),
        ("leadership", "yes"),
        ("languages", "tr"),
        ("languages", "ar"),
        ("languages_other", "kurdisch!"),
    ];
    let (st, html) = answer(&s, &codes[0], &extra).await;
    assert_eq!(st, 422, "{html}");
    for kept in [
        "name=\"self_born_abroad\" value=\"yes\" checked",
        "name=\"mother_born_abroad\" value=\"no\" checked",
        "name=\"father_born_abroad\" value=\"unknown\" checked",
        "<option value=\"kita\" selected>",
        "<option value=\"gehoben\" selected>",
        "<option value=\"35-44\" selected>",
        "<option value=\"d\" selected>",
        "name=\"leadership\" value=\"yes\" checked",
        "name=\"languages\" value=\"tr\" checked",
        "name=\"languages\" value=\"ar\" checked",
        "value=\"kurdisch!\" aria-invalid=\"true\" aria-describedby=\"languages-other-error\"",
    ] {
        assert!(html.contains(kept), "lost: {kept}\n{html}");
    }
    assert!(
        html.contains("id=\"survey-error\" tabindex=\"-1\" autofocus"),
        "{html}"
    );
    assert!(html.contains("<a href=\"#languages-other\">"), "{html}");
    assert!(
        html.contains("class=\"field-error\">„kurdisch!“ ist kein zweistelliges Sprachkürzel"),
        "{html}"
    );
    // A mistyped code: the code field is marked, the answers stay.
    let (st, html) = answer(&s, "AAAAA-AAAAA-AAAAA", &extra[..4]).await;
    assert_eq!(st, 403);
    assert!(
        html.contains("aria-invalid=\"true\" value=\"AAAAA-AAAAA-AAAAA\""),
        "{html}"
    );
    assert!(html.contains("<option value=\"kita\" selected>"), "{html}");
    assert!(html.contains("<a href=\"#code\">"), "{html}");
    // Nothing was stored: the code still works.
    let (st, _) = answer(&s, &codes[0], &extra[..4]).await;
    assert_eq!(st, 200);
}

/// The English questionnaire: sex options and language names in English, foreign names
/// marked with their language; the level question offers pay groups too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_questionnaire_speaks_english_and_marks_languages() {
    let s = start().await;
    let c = client();
    let r = c
        .get(format!("{}/befragung", s.base))
        .header("cookie", "abbild_lang=en")
        .send()
        .await
        .unwrap();
    let html = r.text().await.unwrap();
    for want in [
        "<option value=\"w\">female</option>",
        "<span lang=\"ar\" dir=\"rtl\">العربية</span> (Arabic)",
        "<span lang=\"tr\">Türkçe</span> (Turkish)",
        "(EG 9b–12, A 9–12, S 8b–18)",
    ] {
        assert!(html.contains(want), "missing {want}\n{html}");
    }
    assert!(
        !html.contains("weiblich") && !html.contains("Arabisch"),
        "{html}"
    );
    let (_, de) = get(&c, format!("{}/befragung", s.base)).await;
    assert!(
        de.contains("<span lang=\"ar\" dir=\"rtl\">العربية</span> (Arabisch)"),
        "{de}"
    );
}

/// 403, 404 and the rest in the reader's language.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn error_pages_speak_the_readers_language() {
    let s = start().await;
    let (c, _) = login(&s, "herne.lesen").await;
    let (st, de) = get(&c, format!("{}/gibt-es-nicht", s.base)).await;
    assert_eq!(st, 404);
    assert!(de.contains("Diese Seite gibt es nicht."), "{de}");
    to_english(&s, &c).await;
    let (st, en) = get(&c, format!("{}/gibt-es-nicht", s.base)).await;
    assert_eq!(st, 404);
    assert!(en.contains("<html lang=\"en\""), "{en}");
    assert!(!en.contains("Diese Seite"), "{en}");
    let (st, en) = get(&c, format!("{}/stadt/{BOCHUM}", s.base)).await;
    assert_eq!(st, 403);
    assert!(!en.contains("Berechtigung"), "{en}");
}

/// Refusals from the layers below the web app (store, service) are catalogue messages too:
/// the English page says in English that the name is taken, the German one in German.
#[tokio::test]
async fn refusals_from_the_store_speak_the_readers_language() {
    let s = start().await;
    let (c, csrf) = login(&s, "admin").await;
    let add = |c: reqwest::Client, csrf: String| {
        let url = format!("{}/admin/konten", s.base);
        async move {
            let r = c
                .post(url)
                .form(&[
                    ("csrf", csrf.as_str()),
                    ("name", "herne.lesen"),
                    ("role", "viewer"),
                    ("city", HERNE),
                    ("password", "ein-langes-passwort-1"),
                ])
                .send()
                .await
                .unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        }
    };
    let (st, de) = add(c.clone(), csrf.clone()).await;
    assert_eq!(st, 400, "{de}");
    assert!(
        de.contains("Den Benutzernamen „herne.lesen“ gibt es schon"),
        "{de}"
    );
    to_english(&s, &c).await;
    let (st, en) = add(c.clone(), csrf).await;
    assert_eq!(st, 400, "{en}");
    assert!(
        en.contains("The user name &#34;herne.lesen&#34; is taken"),
        "{en}"
    );
    assert!(!en.contains("gibt es schon"), "{en}");
}

/// The language switch sends the reader back only to a path of this site: a tab, a line break
/// or a backslash that a browser would turn into `//other.site` leads to the start page, and
/// a line break is no server error.
#[tokio::test]
async fn language_switch_is_no_open_redirect() {
    let s = start().await;
    let c = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for (back, expected) in [
        ("/%09/evil.example", "/"),
        ("/%0d%0aSet-Cookie:%20x=1", "/"),
        ("/%5C/evil.example", "/"),
        ("//evil.example", "/"),
        ("https://evil.example/", "/"),
        ("/stadt/05916000?welle=2024", "/stadt/05916000?welle=2024"),
    ] {
        let r = c
            .get(format!("{}/sprache/en?zurueck={back}", s.base))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_redirection(), "{back}: {}", r.status());
        let to = r.headers()["location"].to_str().unwrap().to_owned();
        assert_eq!(to, expected, "{back}");
    }
}

/// Behind TLS (secure mode) every answer carries HSTS; without TLS none does (it would lock a
/// plain-HTTP test installation out of itself).
#[tokio::test]
async fn hsts_only_in_secure_mode() {
    for secure in [true, false] {
        let s = start_with(secure).await;
        let r = client()
            .get(format!("{}/anmelden", s.base))
            .send()
            .await
            .unwrap();
        let hsts = r.headers().get("strict-transport-security");
        assert_eq!(
            hsts.map(|v| v.to_str().unwrap().to_owned()),
            secure.then(|| "max-age=31536000".to_owned()),
            "secure = {secure}"
        );
    }
}

/// In secure mode the cookies that carry a secret (session, login and questionnaire CSRF
/// tokens) are `__Host-` cookies: Secure, path `/`, no domain, so no sibling subdomain can
/// plant one. Without TLS the plain names are used (a browser refuses `__Host-` over HTTP).
#[tokio::test]
async fn secret_cookies_carry_the_host_prefix_in_secure_mode() {
    for secure in [true, false] {
        let s = start_with(secure).await;
        for (path, name) in [
            ("/anmelden", "abbild_login_csrf"),
            ("/befragung", "abbild_survey_csrf"),
        ] {
            let r = client()
                .get(format!("{}{path}", s.base))
                .send()
                .await
                .unwrap();
            let set: Vec<String> = r
                .headers()
                .get_all("set-cookie")
                .iter()
                .map(|v| v.to_str().unwrap().to_owned())
                .collect();
            let wanted = if secure {
                format!("__Host-{name}=")
            } else {
                format!("{name}=")
            };
            let c = set
                .iter()
                .find(|c| c.starts_with(&wanted))
                .unwrap_or_else(|| panic!("{path}, secure = {secure}: {set:?}"));
            assert_eq!(c.contains("; Secure"), secure, "{c}");
            assert!(c.contains("Path=/") && !c.contains("Domain"), "{c}");
        }
    }
}
