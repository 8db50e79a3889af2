//! The survey's use cases: open a wave with fresh access codes, close it, submit, export.
//! Codes leave this module only towards the analyst (CSV, letters); the store sees their
//! SHA-256; nothing here logs.

use crate::ServiceError;
use abbild_core::access::CityWrite;
use abbild_core::answers::Item;
use abbild_core::records::ResponseRecord;
use abbild_core::representation::value_code;
use abbild_core::survey::{AccessCode, SurveyAnswers, CODE_RANDOM_BYTES};
use abbild_core::{Dim, FieldCatalog, Wave};
use abbild_store::{ImportId, Store, SubmitOutcome, Survey};
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::collections::HashSet;

/// Most codes per wave: the largest city administrations have about 20,000 staff.
pub const MAX_CODES: usize = 100_000;

/// What the store keeps of a code.
pub fn code_hash(code: &AccessCode) -> String {
    hex::encode(Sha256::digest(code.canonical().as_bytes()))
}

/// `n` distinct fresh codes from the operating system's CSPRNG (via `rand`'s thread RNG).
pub fn fresh_codes(n: usize) -> Vec<AccessCode> {
    let mut rng = rand::rng();
    let mut seen = HashSet::with_capacity(n);
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let mut b = [0u8; CODE_RANDOM_BYTES];
        rng.fill_bytes(&mut b);
        let c = AccessCode::from_random(b);
        if seen.insert(c.clone()) {
            out.push(c);
        }
    }
    out
}

/// Opens a wave for the city with `n` codes; returns the codes (shown once) and the import
/// the responses will be stored under.
pub async fn open_wave<S: Survey + abbild_store::Accounts>(
    store: &S,
    cap: &CityWrite,
    actor: &str,
    wave: Wave,
    n: usize,
) -> Result<(Vec<AccessCode>, ImportId), ServiceError> {
    if n == 0 || n > MAX_CODES {
        return Err(ServiceError::Input(format!(
            "Anzahl der Codes: 1 bis {MAX_CODES}, angegeben {n}"
        )));
    }
    let codes = fresh_codes(n);
    let hashes: Vec<String> = codes.iter().map(code_hash).collect();
    let id = store.open_wave(cap.ags(), wave, &hashes).await?;
    store
        .audit(
            crate::accounts::now(),
            actor,
            "survey.open",
            &format!("Stadt {}, Welle {wave}, {n} Codes", cap.ags()),
        )
        .await?;
    Ok((codes, id))
}

/// How long closing waits for another reader (a backup, say) to let go of the SQLite
/// write-ahead log before it reports that closing must be repeated.
pub const CLOSE_PATIENCE: std::time::Duration = std::time::Duration::from_secs(20);

/// Closes the wave, rewrites its rows in random order and empties the SQLite log. Succeeds
/// only once no file holds the order of the submissions any more; otherwise
/// `StoreError::LogBusy` (the wave is closed then, and closing again finishes the job).
pub async fn close_wave<S: Survey + abbild_store::Accounts>(
    store: &S,
    cap: &CityWrite,
    actor: &str,
    wave: Wave,
) -> Result<(), ServiceError> {
    store.close_wave(cap.ags(), wave).await?;
    // The last submissions' order goes with the rewrite (see `Survey::reshuffle_wave`).
    store.reshuffle_wave(cap.ags(), wave).await?;
    store
        .audit(
            crate::accounts::now(),
            actor,
            "survey.close",
            &format!("Stadt {}, Welle {wave}", cap.ags()),
        )
        .await?;
    store.forget_order(CLOSE_PATIENCE).await?;
    Ok(())
}

/// Rewrites the responses of every open wave in random order (see
/// `Survey::reshuffle_wave`). The server runs this periodically, so that even during a wave
/// the stored order reveals at most the submissions since the last rewrite.
pub async fn reshuffle_open_waves<S: Store + Survey>(store: &S) -> Result<u64, ServiceError> {
    let mut n = 0;
    for ags in store.cities().await? {
        for w in store.survey_waves(ags).await? {
            if w.open && w.used > 0 {
                n += store.reshuffle_wave(ags, w.wave).await?;
            }
        }
    }
    store.forget_order(ACK_PATIENCE).await?;
    Ok(n)
}

/// How long a submission waits, after its commit, for the SQLite log to be emptied before
/// it is acknowledged anyway (it is stored durably; the server keeps trying to empty the
/// log).
pub const ACK_PATIENCE: std::time::Duration = std::time::Duration::from_secs(5);

/// Checks the typed code and stores the answers (SPEC §6). A code that does not parse is
/// treated like an unknown one.
pub async fn submit<S: Survey>(
    store: &S,
    raw_code: &str,
    answers: SurveyAnswers,
) -> Result<SubmitOutcome, ServiceError> {
    let Ok(code) = AccessCode::parse(raw_code) else {
        return Ok(SubmitOutcome::UnknownCode);
    };
    let outcome = store.submit(&code_hash(&code), answers).await?;
    store.forget_order(ACK_PATIENCE).await?;
    Ok(outcome)
}

/// The codes as CSV (one per line, grouped), for mail merge into letters.
pub fn codes_csv(codes: &[AccessCode]) -> String {
    let mut s = String::from("code\n");
    for c in codes {
        s.push_str(&c.grouped());
        s.push('\n');
    }
    s
}

/// Responses in the canonical import format of SPEC §3 (`abbild import responses` reads it).
pub fn responses_csv(
    rows: &[ResponseRecord],
    catalog: &FieldCatalog,
) -> Result<Vec<u8>, ServiceError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let io = |e: csv::Error| ServiceError::Input(format!("CSV schreiben: {e}"));
    let mut head = vec![
        "ags",
        "wave",
        "field",
        "level",
        "status",
        "leadership",
        "age_from",
        "age_to",
        "sex",
    ];
    head.extend(Item::ALL.iter().map(|i| i.code()));
    head.push("languages");
    w.write_record(&head).map_err(io)?;
    for r in rows {
        let mut rec = vec![r.ags.to_string(), r.wave.to_string()];
        for d in [Dim::Field, Dim::Level, Dim::Status, Dim::Leadership] {
            let v = value_code(&r.key, d, catalog);
            rec.push(if v == "-" { String::new() } else { v });
        }
        match r.key.age {
            Some(a) => {
                rec.push(a.from.to_string());
                rec.push(a.to.to_string());
            }
            None => {
                rec.push(String::new());
                rec.push(String::new());
            }
        }
        let sex = value_code(&r.key, Dim::Sex, catalog);
        rec.push(if sex == "-" { String::new() } else { sex });
        for i in Item::ALL {
            rec.push(r.answers.get(i).code().to_owned());
        }
        rec.push(
            r.languages
                .iter()
                .map(|l| l.to_string())
                .collect::<Vec<_>>()
                .join(";"),
        );
        w.write_record(&rec).map_err(io)?;
    }
    w.into_inner()
        .map_err(|e| ServiceError::Input(format!("CSV schreiben: {e}")))
}
