//! What every handler shares: the store, translations, the login limiter and the cache of
//! protected results.

use crate::i18n::I18n;
use abbild_core::disclosure::Released;
use abbild_core::representation::RepresentationReport;
use abbild_core::{Ags, DimSet, FieldCatalog, Wave};
use abbild_store::AnyStore;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Server settings.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `Secure` cookies (with the `__Host-` prefix). Off only when serving on loopback
    /// without TLS, where browsers would otherwise drop them.
    pub secure_cookies: bool,
    /// Largest accepted upload.
    pub max_upload_bytes: usize,
}

/// What a cached result is keyed by. `None` city: the region.
pub type CacheKey = (Option<Ags>, DimSet, Option<Wave>);

#[derive(Debug, Clone)]
pub struct AppState {
    pub store: AnyStore,
    pub catalog: Arc<FieldCatalog>,
    pub i18n: Arc<I18n>,
    pub settings: Arc<Settings>,
    pub limiter: Arc<LoginLimiter>,
    /// Wrong survey codes per client address.
    pub code_limiter: Arc<CodeLimiter>,
    /// The survey's single writer with group commit.
    pub intake: Intake,
    /// Protected results, computed once per data state: the pages show the same protected
    /// table to everyone allowed to see it, and recomputing (DB read, analysis, suppression
    /// with LP audit) on every request would cost tens of milliseconds. Cleared by every
    /// import and deletion and by every release point of a survey wave (interim release,
    /// closing). Submissions do not clear it: until a release point they change nothing that
    /// is published (SPEC §6).
    pub cache: Arc<Mutex<HashMap<CacheKey, Arc<Released<RepresentationReport>>>>>,
}

impl AppState {
    pub fn invalidate(&self) {
        if let Ok(mut c) = self.cache.lock() {
            c.clear();
        }
    }
}

/// Counts failed logins per client address and per account name in a sliding window; a
/// key with too many failures is refused until the window has passed. Successful logins do
/// not count, so fifty colleagues behind one proxy can still log in.
#[derive(Debug, Default)]
pub struct LoginLimiter {
    failures: Mutex<FailureWindow<String>>,
}

/// Failed attempts allowed per account name and window: guessing one password is slow.
pub const LOGIN_MAX_FAILURES: usize = 5;
/// Failed attempts allowed per client address and window: higher, because a city hall's
/// staff share one proxy address, but it stops guessing across many names.
pub const LOGIN_MAX_FAILURES_PER_IP: usize = 30;
/// The window.
pub const LOGIN_WINDOW: Duration = Duration::from_secs(15 * 60);

impl LoginLimiter {
    fn keys(ip: Option<IpAddr>, name: &str) -> [String; 2] {
        [
            format!("ip:{}", ip.map_or("-".to_owned(), |i| i.to_string())),
            format!("name:{}", name.trim().to_lowercase()),
        ]
    }

    /// Whether a login attempt may be made now.
    pub fn allowed(&self, ip: Option<IpAddr>, name: &str) -> bool {
        let Ok(mut f) = self.failures.lock() else {
            return false;
        };
        let now = Instant::now();
        let limits = [LOGIN_MAX_FAILURES_PER_IP, LOGIN_MAX_FAILURES];
        Self::keys(ip, name)
            .iter()
            .zip(limits)
            .all(|(k, max)| f.recent(k, now) < max)
    }

    pub fn failed(&self, ip: Option<IpAddr>, name: &str) {
        if let Ok(mut f) = self.failures.lock() {
            let now = Instant::now();
            for k in Self::keys(ip, name) {
                f.record(k, now);
            }
        }
    }
}

/// Wrong access codes allowed per client address and window. Only wrong codes count, and the
/// limit is high, so that a whole office behind one address can answer; guessing a 75-bit
/// code at this rate would take longer than the universe has existed.
pub const CODE_MAX_FAILURES_PER_IP: usize = 100;

/// Counts wrong survey codes per client address (in memory only, never stored or logged).
#[derive(Debug, Default)]
pub struct CodeLimiter {
    failures: Mutex<FailureWindow<IpAddr>>,
}

impl CodeLimiter {
    pub fn allowed(&self, ip: IpAddr) -> bool {
        let Ok(mut f) = self.failures.lock() else {
            return false;
        };
        f.recent(&ip, Instant::now()) < CODE_MAX_FAILURES_PER_IP
    }

    pub fn failed(&self, ip: IpAddr) {
        if let Ok(mut f) = self.failures.lock() {
            f.record(ip, Instant::now());
        }
    }
}

/// Most keys (names, addresses) a limiter remembers: a flood of made-up names or spoofed
/// addresses costs at most this many entries, not the server's memory.
pub const LIMITER_MAX_KEYS: usize = 50_000;

/// Failures per key within [`LOGIN_WINDOW`], bounded in memory: asking about a key stores
/// nothing, a key whose failures have all expired is dropped, and beyond
/// [`LIMITER_MAX_KEYS`] the expired keys go first and then those whose last failure is oldest.
#[derive(Debug)]
pub struct FailureWindow<K> {
    failures: HashMap<K, Vec<Instant>>,
    max_keys: usize,
}

impl<K> Default for FailureWindow<K> {
    fn default() -> Self {
        FailureWindow {
            failures: HashMap::new(),
            max_keys: LIMITER_MAX_KEYS,
        }
    }
}

impl<K: std::hash::Hash + Eq + Clone> FailureWindow<K> {
    /// Failures of `key` within the window before `now`.
    pub fn recent(&mut self, key: &K, now: Instant) -> usize {
        let Some(v) = self.failures.get_mut(key) else {
            return 0;
        };
        v.retain(|t| now.duration_since(*t) < LOGIN_WINDOW);
        let n = v.len();
        if n == 0 {
            self.failures.remove(key);
        }
        n
    }

    pub fn record(&mut self, key: K, now: Instant) {
        if !self.failures.contains_key(&key) && self.failures.len() >= self.max_keys {
            self.make_room(now);
        }
        self.failures.entry(key).or_default().push(now);
    }

    /// How many keys are remembered.
    pub fn len(&self) -> usize {
        self.failures.len()
    }

    pub fn is_empty(&self) -> bool {
        self.failures.is_empty()
    }

    fn make_room(&mut self, now: Instant) {
        self.failures.retain(|_, v| {
            v.retain(|t| now.duration_since(*t) < LOGIN_WINDOW);
            !v.is_empty()
        });
        let excess = (self.failures.len() + 1).saturating_sub(self.max_keys);
        if excess > 0 {
            let mut last: Vec<(Instant, K)> = self
                .failures
                .iter()
                .map(|(k, v)| (v.last().copied().unwrap_or(now), k.clone()))
                .collect();
            last.sort_by_key(|(t, _)| *t);
            for (_, k) in last.into_iter().take(excess) {
                self.failures.remove(&k);
            }
        }
    }
}

type IntakeJob = (
    String,
    abbild_core::survey::SurveyAnswers,
    tokio::sync::oneshot::Sender<Result<abbild_store::SubmitOutcome, String>>,
);

/// Group commit for survey submissions: one task writes; whatever arrived while the previous
/// transaction was committing goes into the next one. Every submission is acknowledged only
/// after its transaction is durable (SQLite `synchronous=FULL`) *and* the SQLite write-ahead
/// log, which holds each commit in order with the code's "used" mark next to the answer,
/// has been emptied (`Survey::forget_order`): a copy of the files taken after an
/// acknowledgement links it to nothing. The cost of a commit is shared by all submissions in
/// it. Within a batch the store inserts under random keys, and nothing records which
/// submission came first.
#[derive(Debug, Clone)]
pub struct Intake {
    tx: tokio::sync::mpsc::Sender<IntakeJob>,
}

/// How often the responses (on PostgreSQL also the codes) of open waves are rewritten in
/// random order while submissions arrive (see `Survey::reshuffle_wave`): PostgreSQL's
/// transaction ids, and SQLite's placement of new rows inside a page, then reveal at most
/// which answers came within the same ten minutes.
pub const RESHUFFLE_EVERY: std::time::Duration = std::time::Duration::from_secs(600);

/// How often the writer retries emptying the SQLite log after a reader kept it busy.
const LOG_RETRY_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

/// Most submissions per transaction.
const INTAKE_BATCH: usize = 256;

impl Intake {
    /// Starts the writer task (needs a running tokio runtime).
    pub fn start(store: AnyStore) -> Self {
        let (tx, mut rx) = tokio::sync::mpsc::channel::<IntakeJob>(4 * INTAKE_BATCH);
        tokio::spawn(async move {
            use abbild_store::Survey;
            let mut tick = tokio::time::interval(RESHUFFLE_EVERY);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            tick.tick().await;
            let mut retry = tokio::time::interval(LOG_RETRY_EVERY);
            retry.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            let mut dirty = false;
            // The log still holds commits because a reader kept it busy.
            let mut log_pending = false;
            loop {
                let first = tokio::select! {
                    job = rx.recv() => match job {
                        Some(j) => j,
                        None => break,
                    },
                    _ = tick.tick() => {
                        // Here, in the single writer, the rewrite never races a submission.
                        if std::mem::take(&mut dirty) {
                            // On failure, try again at the next tick (the server logs nothing).
                            dirty = abbild_service::survey::reshuffle_open_waves(&store)
                                .await
                                .is_err();
                            log_pending |= dirty;
                        }
                        continue;
                    }
                    _ = retry.tick(), if log_pending => {
                        log_pending = store
                            .forget_order(abbild_service::survey::ACK_PATIENCE)
                            .await
                            .is_err();
                        continue;
                    }
                };
                dirty = true;
                let mut batch = vec![first];
                while batch.len() < INTAKE_BATCH {
                    match rx.try_recv() {
                        Ok(j) => batch.push(j),
                        Err(_) => break,
                    }
                }
                let mut replies = Vec::with_capacity(batch.len());
                let items = batch
                    .into_iter()
                    .map(|(h, a, reply)| {
                        replies.push(reply);
                        (h, a)
                    })
                    .collect();
                let result = store.submit_batch(items).await;
                // Empty the log before anyone hears back (also after a failed batch: a rolled
                // back transaction may have spilled frames). If a reader keeps it busy past
                // the patience, acknowledge anyway (the answers are durable) and keep trying.
                log_pending = store
                    .forget_order(abbild_service::survey::ACK_PATIENCE)
                    .await
                    .is_err();
                match result {
                    Ok(outcomes) => {
                        for (reply, o) in replies.into_iter().zip(outcomes) {
                            let _ = reply.send(Ok(o));
                        }
                    }
                    Err(e) => {
                        let msg = e.to_string();
                        for reply in replies {
                            let _ = reply.send(Err(msg.clone()));
                        }
                    }
                }
            }
        });
        Intake { tx }
    }

    /// Submits one questionnaire; returns once it is durably stored (or refused).
    pub async fn submit(
        &self,
        raw_code: &str,
        answers: abbild_core::survey::SurveyAnswers,
    ) -> Result<abbild_store::SubmitOutcome, crate::AppError> {
        let Ok(code) = abbild_core::survey::AccessCode::parse(raw_code) else {
            return Ok(abbild_store::SubmitOutcome::UnknownCode);
        };
        let hash = abbild_service::survey::code_hash(&code);
        let (reply, rx) = tokio::sync::oneshot::channel();
        self.tx
            .send((hash, answers, reply))
            .await
            .map_err(|_| crate::AppError::Internal("Annahme der Befragung läuft nicht".into()))?;
        rx.await
            .map_err(|_| crate::AppError::Internal("Annahme der Befragung abgebrochen".into()))?
            .map_err(crate::AppError::Internal)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn asking_stores_nothing_and_expired_keys_go() {
        let mut w: FailureWindow<String> = FailureWindow::default();
        let t0 = Instant::now();
        for i in 0..1000 {
            assert_eq!(w.recent(&format!("name:{i}"), t0), 0);
        }
        assert!(w.is_empty());
        w.record("name:a".into(), t0);
        w.record("name:a".into(), t0);
        assert_eq!(w.recent(&"name:a".into(), t0), 2);
        assert_eq!(w.recent(&"name:a".into(), t0 + LOGIN_WINDOW), 0);
        assert!(w.is_empty());
    }

    #[test]
    fn a_flood_of_keys_is_capped_keeping_the_latest() {
        let mut w: FailureWindow<u32> = FailureWindow {
            failures: HashMap::new(),
            max_keys: 3,
        };
        let t0 = Instant::now();
        for i in 0..10u32 {
            w.record(i, t0 + Duration::from_secs(u64::from(i)));
        }
        assert_eq!(w.len(), 3);
        let now = t0 + Duration::from_secs(10);
        assert_eq!(w.recent(&9, now), 1);
        assert_eq!(w.recent(&8, now), 1);
        assert_eq!(w.recent(&0, now), 0);
        // Expired keys make room before recent ones are dropped.
        let later = t0 + LOGIN_WINDOW + Duration::from_secs(8);
        w.record(100, later);
        w.record(101, later);
        assert_eq!(
            w.recent(&9, later),
            1,
            "the latest failure within the window stays"
        );
    }
}
