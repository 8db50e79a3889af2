//! The survey's use cases: open a wave with fresh access codes, close it, submit, export.
//! Codes leave this module only towards the analyst (CSV, letters); the store sees their
//! SHA-256; nothing here logs.

use crate::ServiceError;
use abbild_core::access::CityWrite;
use abbild_core::answers::Item;
use abbild_core::records::ResponseRecord;
use abbild_core::representation::value_code;
use abbild_core::survey::{AccessCode, SurveyAnswers, CODE_RANDOM_BYTES};
use abbild_core::{Dim, DimSet, FieldCatalog, SegmentKey, Wave};
use abbild_store::{ImportId, ReleaseInfo, Store, SubmitOutcome, Survey};
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
        return Err(ServiceError::Input(
            abbild_i18n::Message::new("err-codes-count")
                .with("max", MAX_CODES)
                .with("n", n),
        ));
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

/// Closes the wave: no more submissions, and every answer not yet released is released (the
/// final release point, SPEC §6), in one transaction; then rewrites its rows in random order
/// and empties the SQLite log. Succeeds only once no file holds the order of the submissions
/// any more; otherwise `StoreError::LogBusy` (the wave is closed then, and closing again
/// finishes the job).
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

/// The groupings the product publishes from a wave, each as the dimensions a segment is keyed
/// by: the city total, each single dimension, and field × level. A release must not change any
/// of their segments by fewer than k answers.
pub fn published_groupings() -> Vec<DimSet> {
    let mut out = vec![DimSet::EMPTY];
    out.extend(Dim::ALL.into_iter().map(|d| DimSet::EMPTY.with(d)));
    out.push(DimSet::EMPTY.with(Dim::Field).with(Dim::Level));
    out
}

/// How many segments of the published groupings would gain between 1 and k − 1 answers if
/// `gain` (unreleased answers per full segment key) were released. Respondents who left a
/// question open form a segment of their own (it is total minus the shown segments). A segment
/// counted in several groupings counts once per grouping.
pub fn short_segments(gain: &[(SegmentKey, u64)], k: u64) -> usize {
    published_groupings()
        .into_iter()
        .map(|dims| {
            let mut per: std::collections::HashMap<SegmentKey, u64> =
                std::collections::HashMap::new();
            for (key, n) in gain {
                *per.entry(key.project(dims)).or_default() += n;
            }
            per.values().filter(|&&n| n > 0 && n < k).count()
        })
        .sum()
}

/// An interim release of an open wave (SPEC §6): allowed only when every segment of every
/// published grouping gained 0 or at least k answers since the previous release; otherwise
/// refused with the number of short segments (never which answers). The check and the release
/// run in one transaction that holds submissions back. Audit-logged like closing.
pub async fn release_wave<S: Survey + abbild_store::Accounts>(
    store: &S,
    cap: &CityWrite,
    actor: &str,
    wave: Wave,
) -> Result<ReleaseInfo, ServiceError> {
    let k = crate::scoped::K;
    let check: abbild_store::ReleaseCheck =
        Box::new(
            move |gain: &[(SegmentKey, u64)]| match short_segments(gain, k) {
                0 => Ok(()),
                n => Err(abbild_i18n::Message::new("err-release-short")
                    .count("n", n as u64)
                    .with("most", k - 1)
                    .with("k", k)),
            },
        );
    let info = store.release_wave(cap.ags(), wave, check).await?;
    // The release rewrote the rows' marks; rewrite the wave as at closing (see
    // `Survey::reshuffle_wave`), so no old row versions keep an order.
    store.reshuffle_wave(cap.ags(), wave).await?;
    store
        .audit(
            crate::accounts::now(),
            actor,
            "survey.release",
            &format!(
                "Stadt {}, Welle {wave}, Freigabe {}, {} Antworten",
                cap.ags(),
                info.release_no,
                info.responses
            ),
        )
        .await?;
    Ok(info)
}

/// The city-wide number of answers of an open wave as it may be shown while the wave runs:
/// rounded down to a multiple of 10, so a single submission changes it at most every tenth time
/// and never says which class it was.
pub fn rounded_count(used: u64) -> u64 {
    used / 10 * 10
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
    let io = |e: abbild_export::ExportError| {
        ServiceError::Input(abbild_i18n::Message::new("err-csv-write").with("detail", e))
    };
    let mut w =
        abbild_export::CsvOut::new(Vec::new(), abbild_export::CsvStyle::Canonical).map_err(io)?;
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
    w.record(&head).map_err(io)?;
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
        w.record(&rec).map_err(io)?;
    }
    w.finish().map_err(io)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use abbild_core::{Level, SegmentKey};

    fn key(field: Option<usize>, level: Option<Level>) -> SegmentKey {
        let cat = FieldCatalog::default();
        SegmentKey {
            field: field.map(|i| cat.iter().nth(i).unwrap().0),
            level,
            ..SegmentKey::default()
        }
    }

    #[test]
    fn every_published_segment_gains_zero_or_at_least_k() {
        let a = key(Some(0), Some(Level::Mittel));
        let b = key(Some(1), Some(Level::Gehoben));
        // 5 and 3: the field, level and field × level segments of b are short.
        assert_eq!(short_segments(&[(a, 5), (b, 3)], 5), 3);
        assert_eq!(short_segments(&[(a, 5), (b, 5)], 5), 0);
        // Only a, 5 answers: every segment gains 0 or 5.
        assert_eq!(short_segments(&[(a, 5)], 5), 0);
        // Same field, two levels with 3 each: the field gains 6, but each level 3.
        let c = key(Some(0), Some(Level::Gehoben));
        assert_eq!(short_segments(&[(a, 3), (c, 3)], 5), 4);
        // Answers without a field form a segment of their own in the field grouping.
        let none = key(None, Some(Level::Mittel));
        assert_eq!(short_segments(&[(a, 5), (none, 2)], 5), 2);
        // The city total alone: 4 answers are short in every grouping they touch.
        assert_eq!(short_segments(&[(SegmentKey::default(), 4)], 5), 8);
        assert_eq!(rounded_count(49), 40);
        assert_eq!(rounded_count(9), 0);
    }
}
