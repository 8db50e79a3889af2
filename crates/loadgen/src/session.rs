//! One simulated user: logs in once, then requests the pages in turn until the deadline.

use crate::csrf::extract_csrf;
use crate::stats::PathTally;
use anyhow::{bail, Context, Result};
use reqwest::header::LOCATION;
use reqwest::{redirect, Client, StatusCode, Url};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{Barrier, Semaphore};

/// What every session shares (read-only).
#[derive(Debug)]
pub struct Plan {
    /// `{base}/anmelden`.
    pub login_url: Url,
    pub user: String,
    pub password: String,
    /// The pages, requested in this order, round robin.
    pub urls: Vec<Url>,
    /// How long each session requests pages after all sessions have logged in.
    pub duration: Duration,
    /// Per request, login included.
    pub timeout: Duration,
}

/// What one session observed.
#[derive(Debug)]
pub struct SessionResult {
    /// `Err` with the reason when the login failed (then `tallies` is empty).
    pub login: std::result::Result<(), String>,
    /// One tally per URL of the plan, same order.
    pub tallies: Vec<PathTally>,
    /// The first request error, for the report (all of them are counted).
    pub first_error: Option<String>,
}

/// A client of its own per session: own cookie store (the session cookie), own connection
/// pool, like a browser. Redirects are not followed: a page answered by a redirect to the
/// login is a lost session, and must count as non-200, not as the login page's 200.
fn client(timeout: Duration) -> Result<Client> {
    Client::builder()
        .cookie_store(true)
        .redirect(redirect::Policy::none())
        .timeout(timeout)
        // No Nagle delay on our side; a steady ~40 ms p50 means the server writes a response in
        // pieces without TCP_NODELAY (Nagle against delayed ACKs), not that pages are slow.
        .tcp_nodelay(true)
        .build()
        .context("HTTP-Client")
}

/// The login contract: `GET /anmelden` carries the CSRF token in a hidden input; `POST
/// /anmelden` with `name`, `password`, `csrf` sets the session cookie and answers 303 to
/// somewhere other than the login page.
pub async fn login(client: &Client, plan: &Plan) -> Result<()> {
    let page = client
        .get(plan.login_url.clone())
        .send()
        .await
        .with_context(|| format!("GET {}", plan.login_url))?;
    if page.status() != StatusCode::OK {
        bail!("GET {}: status {}", plan.login_url, page.status());
    }
    let html = page.text().await.context("login page body")?;
    let token =
        extract_csrf(&html).context("no <input name=\"csrf\" value=…> in the login page")?;
    let answer = client
        .post(plan.login_url.clone())
        .form(&[
            ("name", plan.user.as_str()),
            ("password", plan.password.as_str()),
            ("csrf", token.as_str()),
        ])
        .send()
        .await
        .with_context(|| format!("POST {}", plan.login_url))?;
    let status = answer.status();
    if status != StatusCode::SEE_OTHER {
        bail!(
            "POST {}: status {status}, expected 303 (wrong name or password?)",
            plan.login_url
        );
    }
    let location = answer
        .headers()
        .get(LOCATION)
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default();
    if location.contains("/anmelden") {
        bail!(
            "POST {}: redirected back to {location} (login refused)",
            plan.login_url
        );
    }
    Ok(())
}

/// Runs one session. `logins` limits how many sessions log in at the same time (password
/// hashing is deliberately slow); `start` releases all sessions together once every login
/// has finished, so the measurement window contains page requests only.
pub async fn run(
    index: usize,
    plan: Arc<Plan>,
    logins: Arc<Semaphore>,
    start: Arc<Barrier>,
) -> SessionResult {
    let logged_in = async {
        let _permit = logins.acquire().await.context("login semaphore")?;
        let c = client(plan.timeout)?;
        login(&c, &plan).await?;
        anyhow::Ok(c)
    }
    .await;
    start.wait().await;
    let client = match logged_in {
        Ok(c) => c,
        Err(e) => {
            return SessionResult {
                login: Err(format!("{e:#}")),
                tallies: Vec::new(),
                first_error: None,
            }
        }
    };

    let n = plan.urls.len();
    let mut tallies = vec![PathTally::default(); n];
    let mut first_error = None;
    if n == 0 {
        return SessionResult {
            login: Ok(()),
            tallies,
            first_error,
        };
    }
    // Sessions start at different pages so every page is under load from the first second.
    let mut i = index % n;
    let deadline = Instant::now() + plan.duration;
    while Instant::now() < deadline {
        let url = &plan.urls[i];
        let t0 = Instant::now();
        match fetch(&client, url).await {
            Ok(StatusCode::OK) => tallies[i].ok_ms.push(t0.elapsed().as_secs_f64() * 1000.0),
            Ok(status) => *tallies[i].non_200.entry(status.as_u16()).or_default() += 1,
            Err(e) => {
                tallies[i].errors += 1;
                first_error.get_or_insert_with(|| format!("GET {url}: {e}"));
            }
        }
        i = (i + 1) % n;
    }
    SessionResult {
        login: Ok(()),
        tallies,
        first_error,
    }
}

/// One page: the latency includes reading the whole body, as a browser would.
async fn fetch(client: &Client, url: &Url) -> reqwest::Result<StatusCode> {
    let answer = client.get(url.clone()).send().await?;
    let status = answer.status();
    answer.bytes().await?;
    Ok(status)
}
