//! One test suite, run against both backends (`sqlite::*` and `postgres::*`).
//!
//! PostgreSQL tests need the server of `ABBILD_TEST_PG` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`); they fail, not skip, if it is unreachable.

// Tests: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use common::fixtures::*;
use common::{snapshot, Snapshot};

/// Cases written once, generic over the backend.
mod cases {
    use super::*;
    use abbild_core::records::{Source, StaffRecord};
    use abbild_core::{AgeBand, Definition, Dim, DimSet};
    use abbild_store::{ImportKind, ImportOutcome, Store, StoreError};

    fn staff_dims() -> DimSet {
        [Dim::Field, Dim::Level, Dim::Status, Dim::Age, Dim::Sex]
            .into_iter()
            .collect()
    }

    fn imported(o: ImportOutcome) -> abbild_store::ImportId {
        match o {
            ImportOutcome::Imported { id, .. } => id,
            other => panic!("expected Imported, got {other:?}"),
        }
    }

    pub async fn import_then_read_back_exactly<S: Store>(s: S) {
        let staff = staff(1, &[HERNE, ESSEN], &[2023, 2024], 300, staff_dims());
        let mut resp = responses(2, &[HERNE, ESSEN], &[2024], 700, all_dims());
        // Identical responses must count, not collapse.
        resp.extend_from_within(..50);
        let pop = population(3, &[HERNE], &[2022], Definition::Eg, Source::Zensus2022);

        let o = s
            .import_staff(meta("personal.csv", 1, staff_dims()), &staff)
            .await
            .expect("staff");
        assert!(
            matches!(o, ImportOutcome::Imported { rows: 1200, .. }),
            "{o:?}"
        );
        let o = s
            .import_responses(meta("befragung.csv", 2, all_dims()), &resp)
            .await
            .expect("responses");
        assert!(
            matches!(o, ImportOutcome::Imported { rows: 1450, .. }),
            "{o:?}"
        );
        let pop_dims = DimSet::EMPTY.with(Dim::Age).with(Dim::Sex);
        s.import_population(meta("zensus.csv", 3, pop_dims), &pop)
            .await
            .expect("population");

        assert_eq!(s.cities().await.unwrap(), vec![ags(ESSEN), ags(HERNE)]);
        assert_eq!(
            s.staff_years(ags(HERNE)).await.unwrap(),
            vec![year(2023), year(2024)]
        );
        assert_eq!(s.waves(ags(ESSEN)).await.unwrap(), vec![wave(2024)]);
        assert_eq!(
            s.population_years(ags(HERNE)).await.unwrap(),
            vec![year(2022)]
        );
        assert!(s.population_years(ags(ESSEN)).await.unwrap().is_empty());
        assert!(s.waves(ags(GELSENKIRCHEN)).await.unwrap().is_empty());

        for c in [HERNE, ESSEN] {
            for y in [2023, 2024] {
                let got = s.staff_cells(ags(c), year(y)).await.unwrap();
                assert_eq!(got, expected_staff(&staff, ags(c), year(y)));
                assert_eq!(s.staff_dims(ags(c), year(y)).await.unwrap(), staff_dims());
            }
            let got = s.response_cells(ags(c), wave(2024)).await.unwrap();
            let want = expected_responses(&resp, ags(c), wave(2024));
            assert_eq!(got, want);
            let n = if c == HERNE { 750 } else { 700 };
            assert_eq!(want.iter().map(|c| c.2).sum::<u64>(), n);
            assert!(c == ESSEN || want.iter().any(|c| c.2 > 1));
            assert_eq!(
                s.language_cells(ags(c), wave(2024)).await.unwrap(),
                expected_languages(&resp, ags(c), wave(2024))
            );
            assert_eq!(
                s.response_dims(ags(c), wave(2024)).await.unwrap(),
                all_dims()
            );
        }
        assert!(s
            .staff_cells(ags(HERNE), year(2020))
            .await
            .unwrap()
            .is_empty());
        assert_eq!(
            s.staff_dims(ags(HERNE), year(2020)).await.unwrap(),
            DimSet::EMPTY
        );
        assert_eq!(
            s.population(ags(HERNE), Some(year(2022))).await.unwrap(),
            expected_population(&pop, ags(HERNE), Some(year(2022)))
        );
        assert_eq!(
            s.population(ags(HERNE), None).await.unwrap(),
            expected_population(&pop, ags(HERNE), None)
        );
        assert!(s
            .population(ags(HERNE), Some(year(2021)))
            .await
            .unwrap()
            .is_empty());

        let list = s.list_imports().await.unwrap();
        assert_eq!(list.len(), 3);
        let (st, re, po) = (&list[0], &list[1], &list[2]);
        assert_eq!(
            (st.kind, re.kind, po.kind),
            (
                ImportKind::Staff,
                ImportKind::Responses,
                ImportKind::Population
            )
        );
        assert!(st.id < re.id && re.id < po.id);
        assert_eq!(st.file_name, "personal.csv");
        assert_eq!(st.sha256, sha(1));
        assert_eq!(st.rows, 1200);
        assert_eq!(st.dims, staff_dims());
        assert_eq!(st.cities, vec![ags(ESSEN), ags(HERNE)]);
        assert_eq!(st.periods, vec![2023, 2024]);
        assert_eq!(re.rows, 1450);
        assert_eq!(re.periods, vec![2024]);
        assert_eq!(po.cities, vec![ags(HERNE)]);
        assert_eq!(po.rows, pop.len() as u64);
        let day = &st.imported_on;
        assert!(
            day.len() == 10 && day.as_bytes()[4] == b'-' && day.as_bytes()[7] == b'-',
            "{day}"
        );
    }

    pub async fn reimport_is_idempotent<S: Store>(s: S) {
        let staff = staff(4, &[HERNE], &[2023], 200, staff_dims());
        let resp = responses(5, &[HERNE], &[2024], 300, all_dims());
        let id1 = imported(
            s.import_staff(meta("p.csv", 10, staff_dims()), &staff)
                .await
                .unwrap(),
        );
        let id2 = imported(
            s.import_responses(meta("b.csv", 11, all_dims()), &resp)
                .await
                .unwrap(),
        );
        let before = snapshot(&s).await;

        // Same bytes again, even under another name and with the hash in upper case.
        let mut again = meta("p (Kopie).csv", 10, staff_dims());
        again.sha256 = again.sha256.to_uppercase();
        assert_eq!(
            s.import_staff(again, &staff).await.unwrap(),
            ImportOutcome::AlreadyImported { id: id1 }
        );
        assert_eq!(
            s.import_responses(meta("b.csv", 11, all_dims()), &resp)
                .await
                .unwrap(),
            ImportOutcome::AlreadyImported { id: id2 }
        );
        assert_eq!(snapshot(&s).await, before);
    }

    pub async fn overlap_is_refused_and_nothing_changes<S: Store>(s: S) {
        let a = staff(6, &[HERNE], &[2023], 100, staff_dims());
        let id_a = imported(
            s.import_staff(meta("personal_2023.csv", 20, staff_dims()), &a)
                .await
                .unwrap(),
        );
        let r = responses(7, &[HERNE], &[2024], 100, all_dims());
        let id_r = imported(
            s.import_responses(meta("welle_2024.csv", 21, all_dims()), &r)
                .await
                .unwrap(),
        );
        let p = population(8, &[HERNE], &[2022], Definition::Eg, Source::Zensus2022);
        let id_p = imported(
            s.import_population(meta("zensus.csv", 22, DimSet::EMPTY.with(Dim::Age)), &p)
                .await
                .unwrap(),
        );
        let before = snapshot(&s).await;

        // A different file: Essen 2023 is new, Herne 2023 overlaps.
        let b = staff(9, &[ESSEN, HERNE], &[2023], 100, staff_dims());
        let err = s
            .import_staff(meta("korrektur.csv", 23, staff_dims()), &b)
            .await
            .expect_err("overlap must be refused");
        match &err {
            StoreError::Conflict {
                id,
                kind,
                file_name,
                what,
                ..
            } => {
                assert_eq!(*id, id_a);
                assert_eq!(*kind, ImportKind::Staff);
                assert_eq!(file_name, "personal_2023.csv");
                let what = what.to_string();
                assert!(what.contains(HERNE) && what.contains("2023"), "{what}");
            }
            other => panic!("expected Conflict, got {other:?}"),
        }
        let msg = err.to_string();
        assert!(msg.contains("personal_2023.csv"), "{msg}");
        assert!(msg.contains(&format!("Import {id_a}")), "{msg}");
        assert!(msg.contains("löschen"), "{msg}");
        assert!(msg.contains("importiert am"), "{msg}");

        let r2 = responses(10, &[HERNE], &[2024], 50, all_dims());
        let err = s
            .import_responses(meta("welle_2024_neu.csv", 24, all_dims()), &r2)
            .await
            .expect_err("overlapping wave");
        assert!(
            matches!(err, StoreError::Conflict { id, .. } if id == id_r),
            "{err:?}"
        );

        let p2 = population(11, &[HERNE], &[2022], Definition::Eg, Source::Zensus2022);
        let err = s
            .import_population(
                meta("zensus_neu.csv", 25, DimSet::EMPTY.with(Dim::Age)),
                &p2,
            )
            .await
            .expect_err("overlapping benchmark");
        assert!(
            matches!(err, StoreError::Conflict { id, .. } if id == id_p),
            "{err:?}"
        );

        assert_eq!(snapshot(&s).await, before, "a refused import changed data");

        // Another definition for the same city and year is a different benchmark: allowed.
        let p3 = population(12, &[HERNE], &[2022], Definition::Mh, Source::Mikrozensus);
        imported(
            s.import_population(meta("mz.csv", 26, DimSet::EMPTY.with(Dim::Age)), &p3)
                .await
                .unwrap(),
        );
        // After deleting the old import, the corrected file goes in.
        s.delete_import(id_a).await.unwrap();
        imported(
            s.import_staff(meta("korrektur.csv", 23, staff_dims()), &b)
                .await
                .unwrap(),
        );
        assert_eq!(
            s.staff_cells(ags(HERNE), year(2023)).await.unwrap(),
            expected_staff(&b, ags(HERNE), year(2023))
        );
    }

    pub async fn failing_import_leaves_database_as_before<S: Store>(s: S) {
        let good = staff(13, &[HERNE], &[2023], 100, staff_dims());
        imported(
            s.import_staff(meta("ok.csv", 30, staff_dims()), &good)
                .await
                .unwrap(),
        );
        let r = responses(14, &[HERNE], &[2024], 100, all_dims());
        imported(
            s.import_responses(meta("ok_b.csv", 31, all_dims()), &r)
                .await
                .unwrap(),
        );
        let before = snapshot(&s).await;

        // 3000 staff rows (three INSERT statements); row 2500 violates the age CHECK, so two
        // statements and the imports row are written before the database refuses.
        let mut bad: Vec<StaffRecord> = staff(15, &[ESSEN], &[2023], 3000, staff_dims());
        bad[2500].key.age = Some(AgeBand { from: 60, to: 20 });
        let err = s
            .import_staff(meta("kaputt.csv", 32, staff_dims()), &bad)
            .await
            .expect_err("CHECK violation");
        assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
        assert_eq!(snapshot(&s).await, before);

        // Population: with_migration > persons in row 900 of ~1000.
        let mut pop = population(
            16,
            &[ESSEN, HERNE],
            &[2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027, 2028],
            Definition::Eg,
            Source::Register,
        );
        assert!(pop.len() > 900);
        pop[900].with_migration = pop[900].persons + 1;
        let err = s
            .import_population(meta("pop.csv", 33, DimSet::EMPTY.with(Dim::Age)), &pop)
            .await
            .expect_err("CHECK violation");
        assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
        assert_eq!(snapshot(&s).await, before);

        // The file was not recorded as imported: after fixing it, it goes in.
        bad[2500].key.age = Some(AgeBand { from: 20, to: 60 });
        imported(
            s.import_staff(meta("kaputt.csv", 32, staff_dims()), &bad)
                .await
                .unwrap(),
        );
    }

    pub async fn invalid_input_is_refused<S: Store>(s: S) {
        let rows = staff(17, &[HERNE], &[2023], 10, staff_dims());
        let mut m = meta("x.csv", 40, staff_dims());
        m.sha256 = "abc".into();
        assert!(matches!(
            s.import_staff(m, &rows).await,
            Err(StoreError::Invalid(_))
        ));
        assert!(matches!(
            s.import_staff(meta("leer.csv", 41, staff_dims()), &[])
                .await,
            Err(StoreError::Invalid(_))
        ));
        // Rows carry a sex value, but the file supposedly had no `sex` column.
        let dims = DimSet::EMPTY.with(Dim::Field).with(Dim::Level);
        let err = s
            .import_staff(meta("x.csv", 42, dims), &rows)
            .await
            .expect_err("dims mismatch");
        assert!(err.to_string().contains("Datenzeile 1"), "{err}");
        assert!(s.list_imports().await.unwrap().is_empty());
        assert!(matches!(
            s.delete_import(abbild_store::ImportId(999)).await,
            Err(StoreError::NotFound(_))
        ));
    }

    pub async fn delete_import_removes_its_rows<S: Store>(s: S) {
        let herne = staff(18, &[HERNE], &[2023], 100, staff_dims());
        let essen = staff(19, &[ESSEN], &[2023], 100, staff_dims());
        let rh = responses(20, &[HERNE], &[2024], 200, all_dims());
        let id_h = imported(
            s.import_staff(meta("herne.csv", 50, staff_dims()), &herne)
                .await
                .unwrap(),
        );
        let empty = snapshot(&s).await;
        let id_e = imported(
            s.import_staff(meta("essen.csv", 51, staff_dims()), &essen)
                .await
                .unwrap(),
        );
        let id_r = imported(
            s.import_responses(meta("herne_b.csv", 52, all_dims()), &rh)
                .await
                .unwrap(),
        );
        s.delete_import(id_r).await.unwrap();
        s.delete_import(id_e).await.unwrap();
        assert_eq!(snapshot(&s).await, empty);
        assert!(s
            .staff_cells(ags(ESSEN), year(2023))
            .await
            .unwrap()
            .is_empty());
        assert!(s
            .response_cells(ags(HERNE), wave(2024))
            .await
            .unwrap()
            .is_empty());
        assert!(matches!(
            s.delete_import(id_e).await,
            Err(StoreError::NotFound(id)) if id == id_e
        ));
        // Ids are never reused: the re-imported file gets a new one.
        let id_e2 = imported(
            s.import_staff(meta("essen.csv", 51, staff_dims()), &essen)
                .await
                .unwrap(),
        );
        assert!(id_e2 > id_r, "{id_e2} reused an id");
        s.delete_import(id_h).await.unwrap();
        s.delete_import(id_e2).await.unwrap();
        let none = snapshot(&s).await;
        assert_eq!(
            none,
            Snapshot {
                imports: vec![],
                cities: vec![]
            }
        );
    }

    /// Two writers racing with the same file, and with overlapping files: exactly one wins;
    /// the other gets the answer it would have got had it come second.
    pub async fn concurrent_imports_do_not_duplicate<S: Store + Clone + 'static>(s: S) {
        let rows = responses(21, &[HERNE], &[2024], 2000, all_dims());
        let (a, b) = tokio::join!(
            s.import_responses(meta("b.csv", 60, all_dims()), &rows),
            s.import_responses(meta("b.csv", 60, all_dims()), &rows)
        );
        let (a, b) = (a.unwrap(), b.unwrap());
        let mut kinds = [
            matches!(a, ImportOutcome::Imported { .. }),
            matches!(b, ImportOutcome::Imported { .. }),
        ];
        kinds.sort();
        assert_eq!(kinds, [false, true], "{a:?} {b:?}");
        assert_eq!(a.id(), b.id());

        let other = responses(22, &[ESSEN, GELSENKIRCHEN], &[2024], 2000, all_dims());
        let other2 = responses(23, &[GELSENKIRCHEN], &[2024], 2000, all_dims());
        let (a, b) = tokio::join!(
            s.import_responses(meta("c.csv", 61, all_dims()), &other),
            s.import_responses(meta("d.csv", 62, all_dims()), &other2)
        );
        let ok = [&a, &b].iter().filter(|r| r.is_ok()).count();
        assert_eq!(ok, 1, "{a:?} {b:?}");
        let err = if a.is_err() { a } else { b };
        assert!(matches!(err, Err(StoreError::Conflict { .. })), "{err:?}");
        assert_eq!(s.list_imports().await.unwrap().len(), 2);
    }
    pub async fn accounts_sessions_and_audit<S: Store + abbild_store::Accounts>(s: S) {
        use abbild_core::access::{Role, UserName};
        let herne = abbild_core::Ags::parse("05916000").unwrap();
        let name = UserName::parse("herne.analyse").unwrap();
        let id = s
            .create_user(&name, "$argon2id$fake", Role::Analyst, Some(herne), 100)
            .await
            .unwrap();
        // Names are unique.
        let dup = s
            .create_user(&name, "$argon2id$x", Role::Viewer, Some(herne), 100)
            .await;
        assert!(matches!(dup, Err(StoreError::Invalid(_))), "{dup:?}");
        // A city-bound role without a city violates the schema.
        let other = UserName::parse("ohne.stadt").unwrap();
        assert!(s
            .create_user(&other, "h", Role::Viewer, None, 100)
            .await
            .is_err());
        let (acc, hash) = s.user_by_name(&name).await.unwrap().unwrap();
        assert_eq!(
            (acc.id, acc.role, acc.city, hash.as_str()),
            (id, Role::Analyst, Some(herne), "$argon2id$fake")
        );
        // Sessions expire and die with a password change or disabling.
        s.create_session("t1", id, "c1", 200).await.unwrap();
        assert_eq!(s.session("t1", 150).await.unwrap().unwrap().csrf, "c1");
        assert!(s.session("t1", 200).await.unwrap().is_none());
        assert!(s.session("nope", 150).await.unwrap().is_none());
        s.create_session("t2", id, "c2", 500).await.unwrap();
        s.set_password(&name, "$argon2id$new").await.unwrap();
        assert!(s.session("t2", 150).await.unwrap().is_none());
        assert_eq!(s.purge_sessions(300).await.unwrap(), 0);
        s.create_session("t3", id, "c3", 500).await.unwrap();
        s.create_api_token("api1", id, "script", 100).await.unwrap();
        assert_eq!(s.api_token("api1").await.unwrap().unwrap().id, id);
        s.set_disabled(&name, true).await.unwrap();
        assert!(s.session("t3", 150).await.unwrap().is_none());
        assert!(s.api_token("api1").await.unwrap().is_none());
        assert!(s.list_users().await.unwrap()[0].disabled);
        s.set_disabled(&name, false).await.unwrap();
        assert!(!s.list_users().await.unwrap()[0].disabled);
        assert!(s.set_disabled(&other, true).await.is_err());
        // The audit log is newest first.
        s.audit(10, "cli", "user.add", "herne.analyse (analyst, 05916000)")
            .await
            .unwrap();
        s.audit(11, "admin", "user.disable", "herne.analyse")
            .await
            .unwrap();
        let log = s.audit_log(10).await.unwrap();
        assert_eq!(log.len(), 2);
        assert_eq!((log[0].at, log[0].action.as_str()), (11, "user.disable"));
        assert_eq!(s.audit_log(1).await.unwrap().len(), 1);
    }

    pub async fn saved_scenarios_per_city<S: Store + abbild_store::Scenarios>(s: S) {
        let herne = abbild_core::Ags::parse("05916000").unwrap();
        let essen = abbild_core::Ags::parse("05113000").unwrap();
        s.save_scenario(herne, "Kürzung 1 %", "{\"a\":1}", "herne.analyse")
            .await
            .unwrap();
        s.save_scenario(herne, "Basis", "{}", "herne.analyse")
            .await
            .unwrap();
        // Same name again replaces.
        s.save_scenario(herne, "Kürzung 1 %", "{\"a\":2}", "herne.analyse")
            .await
            .unwrap();
        s.save_scenario(essen, "Basis", "{\"essen\":true}", "essen.analyse")
            .await
            .unwrap();
        let h = s.scenarios(herne).await.unwrap();
        assert_eq!(
            h.iter().map(|x| x.name.as_str()).collect::<Vec<_>>(),
            ["Basis", "Kürzung 1 %"]
        );
        assert_eq!(h[1].body, "{\"a\":2}");
        assert!(s.save_scenario(herne, "  ", "{}", "x").await.is_err());
        assert!(s.delete_scenario(herne, "Basis").await.unwrap());
        assert!(!s.delete_scenario(herne, "Basis").await.unwrap());
        // Essen's scenario is untouched and invisible to Herne.
        let e = s.scenarios(essen).await.unwrap();
        assert_eq!((e.len(), e[0].body.as_str()), (1, "{\"essen\":true}"));
        assert_eq!(s.scenarios(herne).await.unwrap().len(), 1);
    }

    pub async fn survey_waves_codes_and_submissions<
        S: Store + abbild_store::Survey + Clone + 'static,
    >(
        s: S,
    ) {
        use abbild_core::survey::SurveyAnswers;
        use abbild_core::{FieldCatalog, Wave};
        use abbild_store::SubmitOutcome;
        let herne = abbild_core::Ags::parse("05916000").unwrap();
        let wave = Wave::new(2027).unwrap();
        let hashes: Vec<String> = (0..5).map(|i| format!("{i:064x}")).collect();
        let id = s.open_wave(herne, wave, &hashes).await.unwrap();
        // Opening twice, or importing the same city and wave from a file, is refused.
        assert!(s.open_wave(herne, wave, &[]).await.is_err());
        let file = responses(40, &[HERNE], &[2027], 10, all_dims());
        let r = s
            .import_responses(meta("extern.csv", 41, all_dims()), &file)
            .await;
        assert!(
            matches!(r, Err(StoreError::Conflict { id: c, .. }) if c == id),
            "{r:?}"
        );
        let cat = FieldCatalog::default();
        let mut a = SurveyAnswers::default();
        a.parse_field("self_born_abroad", "ja", &cat).unwrap();
        a.parse_field("field", "kita", &cat).unwrap();
        a.parse_field("languages", "tr", &cat).unwrap();
        assert_eq!(
            s.submit(&hashes[0], a.clone()).await.unwrap(),
            SubmitOutcome::Stored
        );
        assert_eq!(
            s.submit(&hashes[0], a.clone()).await.unwrap(),
            SubmitOutcome::UsedCode
        );
        assert_eq!(
            s.submit(&format!("{:064x}", 99), a.clone()).await.unwrap(),
            SubmitOutcome::UnknownCode
        );
        // One code submitted concurrently many times: exactly one response.
        let mut tasks = Vec::new();
        for _ in 0..8 {
            let (s2, h, a2) = (s.clone(), hashes[1].clone(), a.clone());
            tasks.push(tokio::spawn(
                async move { s2.submit(&h, a2).await.unwrap() },
            ));
        }
        let mut stored = 0;
        for t in tasks {
            if t.await.unwrap() == SubmitOutcome::Stored {
                stored += 1;
            }
        }
        assert_eq!(stored, 1);
        let info = s.wave_info(herne, wave).await.unwrap().unwrap();
        assert_eq!(
            (info.open, info.codes, info.used, info.released),
            (true, 5, 2, 0)
        );
        // Not released yet: the analyses do not see the wave (SPEC §6, release points).
        assert!(s.survey_responses(herne, wave).await.unwrap().is_empty());
        assert!(s.waves(herne).await.unwrap().is_empty());
        let imports = s.list_imports().await.unwrap();
        assert_eq!(imports.iter().find(|i| i.id == id).unwrap().rows, 2);
        // A batch (group commit): outcomes in input order, one response per code.
        let out = s
            .submit_batch(vec![
                (hashes[3].clone(), a.clone()),
                (format!("{:064x}", 98), a.clone()),
                (hashes[3].clone(), a.clone()),
                (hashes[4].clone(), a.clone()),
            ])
            .await
            .unwrap();
        assert_eq!(out[1], SubmitOutcome::UnknownCode);
        assert_eq!(out[3], SubmitOutcome::Stored);
        let mut dup = [out[0], out[2]];
        dup.sort_by_key(|o| *o == SubmitOutcome::Stored);
        assert_eq!(dup, [SubmitOutcome::UsedCode, SubmitOutcome::Stored]);
        assert!(s.survey_responses(herne, wave).await.unwrap().is_empty());
        s.close_wave(herne, wave).await.unwrap();
        // Closing released them: the analysis sees the responses like imported ones.
        let back = s.survey_responses(herne, wave).await.unwrap();
        assert_eq!(back.len(), 4);
        assert_eq!(back[0].languages.len(), 1);
        assert_eq!(s.waves(herne).await.unwrap(), vec![wave]);
        assert_eq!(
            s.submit(&hashes[2], a).await.unwrap(),
            SubmitOutcome::Closed
        );
        assert!(!s.wave_info(herne, wave).await.unwrap().unwrap().open);
        assert_eq!(s.survey_waves(herne).await.unwrap().len(), 1);
    }

    /// Issue 13: an open wave's answers are invisible to every read the analyses use until a
    /// release point; an interim release shows exactly the answers it checked; the rewrite
    /// keeps every mark; closing releases the rest.
    pub async fn unreleased_responses_are_invisible<S: Store + abbild_store::Survey>(s: S) {
        use abbild_core::survey::SurveyAnswers;
        use abbild_core::{FieldCatalog, Wave};
        use abbild_store::{ReleaseKind, StoreError, SubmitOutcome};
        let herne = abbild_core::Ags::parse("05916000").unwrap();
        let earlier = Wave::new(2024).unwrap();
        let wave = Wave::new(2027).unwrap();
        // An earlier wave from a file: released at import.
        let file = responses(40, &[HERNE], &[2024], 30, all_dims());
        s.import_responses(meta("alt.csv", 40, all_dims()), &file)
            .await
            .unwrap();
        let imported = s.response_cells(herne, earlier).await.unwrap();
        let hashes: Vec<String> = (0..30).map(|i| format!("{i:064x}")).collect();
        s.open_wave(herne, wave, &hashes).await.unwrap();
        let cat = FieldCatalog::default();
        let answer = |field: &str, yes: bool| {
            let mut a = SurveyAnswers::default();
            a.parse_field("self_born_abroad", if yes { "ja" } else { "nein" }, &cat)
                .unwrap();
            a.parse_field("field", field, &cat).unwrap();
            a.parse_field("languages", "tr", &cat).unwrap();
            a
        };
        let total = |cells: Vec<(abbild_core::SegmentKey, abbild_core::Answers, u64)>| {
            cells.iter().map(|c| c.2).sum::<u64>()
        };
        for (i, h) in hashes[..10].iter().enumerate() {
            let a = answer(if i < 6 { "kita" } else { "ordnung" }, i % 2 == 0);
            assert_eq!(s.submit(h, a).await.unwrap(), SubmitOutcome::Stored);
        }
        // Nothing of the open wave is visible.
        assert_eq!(s.waves(herne).await.unwrap(), vec![earlier]);
        assert!(s.response_cells(herne, wave).await.unwrap().is_empty());
        assert!(s.language_cells(herne, wave).await.unwrap().is_empty());
        assert_eq!(s.response_dims(herne, wave).await.unwrap(), DimSet::EMPTY);
        assert!(s.survey_responses(herne, wave).await.unwrap().is_empty());
        assert!(s.releases(herne, wave).await.unwrap().is_empty());
        // A refused interim release releases nothing; the check saw the 10 answers by key.
        let r = s
            .release_wave(
                herne,
                wave,
                Box::new(|gain| {
                    assert_eq!(gain.iter().map(|g| g.1).sum::<u64>(), 10);
                    assert_eq!(gain.len(), 2);
                    Err(abbild_i18n::Message::new("err-sdc-nothing"))
                }),
            )
            .await;
        assert!(
            matches!(r, Err(StoreError::Invalid(ref m)) if m.key() == "err-sdc-nothing"),
            "{r:?}"
        );
        assert!(s.waves(herne).await.unwrap() == vec![earlier]);
        assert_eq!(s.wave_info(herne, wave).await.unwrap().unwrap().released, 0);
        // An accepted one releases exactly those 10.
        let info = s
            .release_wave(herne, wave, Box::new(|_| Ok(())))
            .await
            .unwrap();
        assert_eq!(
            (info.release_no, info.responses, info.kind),
            (1, 10, ReleaseKind::Interim)
        );
        assert_eq!(s.waves(herne).await.unwrap(), vec![earlier, wave]);
        assert_eq!(total(s.response_cells(herne, wave).await.unwrap()), 10);
        assert_eq!(s.response_dims(herne, wave).await.unwrap(), all_dims());
        // Nothing new: refused.
        assert!(s
            .release_wave(herne, wave, Box::new(|_| Ok(())))
            .await
            .is_err());
        // Five more, then the rewrite: the marks stay (10 released, 5 not).
        for h in &hashes[10..15] {
            s.submit(h, answer("kita", true)).await.unwrap();
        }
        assert_eq!(total(s.response_cells(herne, wave).await.unwrap()), 10);
        assert_eq!(s.reshuffle_wave(herne, wave).await.unwrap(), 15);
        assert_eq!(total(s.response_cells(herne, wave).await.unwrap()), 10);
        assert_eq!(s.survey_responses(herne, wave).await.unwrap().len(), 10);
        let w = s.wave_info(herne, wave).await.unwrap().unwrap();
        assert_eq!((w.used, w.released), (15, 10));
        // Closing is the final release: everything is visible, the earlier wave unchanged.
        s.close_wave(herne, wave).await.unwrap();
        s.close_wave(herne, wave).await.unwrap();
        assert_eq!(total(s.response_cells(herne, wave).await.unwrap()), 15);
        assert_eq!(s.survey_responses(herne, wave).await.unwrap().len(), 15);
        let rel = s.releases(herne, wave).await.unwrap();
        assert_eq!(
            rel.iter()
                .map(|r| (r.release_no, r.responses, r.kind))
                .collect::<Vec<_>>(),
            [(1, 10, ReleaseKind::Interim), (2, 5, ReleaseKind::Final)]
        );
        assert_eq!(s.reshuffle_wave(herne, wave).await.unwrap(), 15);
        assert_eq!(total(s.response_cells(herne, wave).await.unwrap()), 15);
        assert_eq!(s.response_cells(herne, earlier).await.unwrap(), imported);
        // An interim release of a closed wave is refused.
        assert!(s
            .release_wave(herne, wave, Box::new(|_| Ok(())))
            .await
            .is_err());
    }
}

/// Schema checks: what the staff council can verify (SPEC §6).
mod anonymity {
    use super::*;
    use abbild_store::{PgStore, SqliteStore, Store};
    use sqlx::Row;

    const SUSPICIOUS: [&str; 12] = [
        "time", "date", "created", "updated", "seq", "order", "code", "token", "ip", "agent",
        "session", "rowid",
    ];

    fn assert_harmless_names(columns: &[String]) {
        for c in columns {
            for word in c.split('_') {
                assert!(
                    !SUSPICIOUS.iter().any(|s| word.starts_with(s)),
                    "responses column {c:?} looks like a time, order or link"
                );
            }
        }
        assert!(columns.contains(&"id".to_owned()));
    }

    const N: usize = 3000;

    /// Imports `N` responses that are identifiable by their age band (for this test only),
    /// in file order of ascending band.
    async fn import_identifiable<S: Store>(s: &S) {
        let mut rows = responses(30, &[HERNE], &[2024], N, all_dims());
        let bands = (0..=120u8).flat_map(|f| (f..=120u8).map(move |t| (f, t)));
        for (r, (from, to)) in rows.iter_mut().zip(bands) {
            r.key.age = Some(abbild_core::AgeBand::new(from, to).unwrap());
        }
        s.import_responses(meta("b.csv", 70, all_dims()), &rows)
            .await
            .unwrap();
    }

    /// `bands` in storage order → positions in the file; they must look like a random
    /// permutation: about half of the neighbours ascending, no rank correlation.
    fn assert_unrelated_to_file_order(bands: &[(i64, i64)]) {
        let file: Vec<(i64, i64)> = (0..=120i64)
            .flat_map(|f| (f..=120i64).map(move |t| (f, t)))
            .take(N)
            .collect();
        let pos: Vec<f64> = bands
            .iter()
            .map(|b| file.iter().position(|x| x == b).unwrap() as f64)
            .collect();
        assert_eq!(pos.len(), N);
        let up = pos.windows(2).filter(|w| w[0] < w[1]).count() as f64 / (N - 1) as f64;
        assert!(
            (0.45..0.55).contains(&up),
            "storage order follows file order: {up}"
        );
        // Spearman's rho between storage rank and file rank; sd ≈ 1/sqrt(N) ≈ 0.018.
        let n = N as f64;
        let d2: f64 = pos
            .iter()
            .enumerate()
            .map(|(i, p)| (i as f64 - p).powi(2))
            .sum();
        let rho = 1.0 - 6.0 * d2 / (n * (n * n - 1.0));
        assert!(
            rho.abs() < 0.1,
            "storage order correlates with file order: rho = {rho}"
        );
    }

    pub async fn sqlite_responses_cannot_be_ordered(s: SqliteStore) {
        import_identifiable(&s).await;
        let pool = s.pool();
        let cols = sqlx::query("SELECT name, type, pk FROM pragma_table_info('responses')")
            .fetch_all(pool)
            .await
            .unwrap();
        let names: Vec<String> = cols.iter().map(|r| r.get::<String, _>(0)).collect();
        assert_harmless_names(&names);
        for r in &cols {
            let (name, ty, pk): (String, String, i64) = (r.get(0), r.get(1), r.get(2));
            if pk > 0 {
                assert_eq!(
                    (name.as_str(), ty.as_str()),
                    ("id", "BLOB"),
                    "only key is random"
                );
            }
            assert!(!ty.contains("DATE") && !ty.contains("TIME"), "{name}: {ty}");
        }
        let sql: String = sqlx::query("SELECT sql FROM sqlite_master WHERE name = 'responses'")
            .fetch_one(pool)
            .await
            .unwrap()
            .get(0);
        assert!(sql.contains("WITHOUT ROWID"), "{sql}");
        assert!(!sql.to_uppercase().contains("AUTOINCREMENT"), "{sql}");
        // No hidden rowid to order by.
        assert!(sqlx::query("SELECT rowid FROM responses")
            .fetch_all(pool)
            .await
            .is_err());
        // Physical order is key order, and the keys are not in insertion order: the table
        // scan order is sorted by the random id.
        let ids: Vec<Vec<u8>> = sqlx::query("SELECT id FROM responses")
            .fetch_all(pool)
            .await
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect();
        assert_eq!(ids.len(), N);
        assert!(ids.windows(2).all(|w| w[0] < w[1]));
        assert!(ids.iter().all(|id| id.len() == 16));
        let bands: Vec<(i64, i64)> = sqlx::query("SELECT age_from, age_to FROM responses")
            .fetch_all(pool)
            .await
            .unwrap()
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        assert_unrelated_to_file_order(&bands);
        // No column anywhere in the schema stores a time finer than the day.
        let tables: Vec<String> =
            sqlx::query("SELECT name FROM sqlite_master WHERE type = 'table'")
                .fetch_all(pool)
                .await
                .unwrap()
                .iter()
                .map(|r| r.get(0))
                .collect();
        for t in tables
            .iter()
            .filter(|t| !t.starts_with("_sqlx") && !t.starts_with("sqlite"))
        {
            for r in sqlx::query(&format!("SELECT name, type FROM pragma_table_info('{t}')"))
                .fetch_all(pool)
                .await
                .unwrap()
            {
                let (n, ty): (String, String) = (r.get(0), r.get(1));
                assert!(!ty.contains("TIME"), "{t}.{n}: {ty}");
            }
        }
        // Pragmas: durability and integrity as documented.
        let one = |q: &'static str| async move {
            sqlx::query(q)
                .fetch_one(pool)
                .await
                .unwrap()
                .get::<String, _>(0)
        };
        assert_eq!(
            one("SELECT CAST(journal_mode AS TEXT) FROM pragma_journal_mode").await,
            "wal"
        );
        let num = |q: &'static str| async move {
            sqlx::query(q)
                .fetch_one(pool)
                .await
                .unwrap()
                .get::<i64, _>(0)
        };
        assert_eq!(num("SELECT synchronous FROM pragma_synchronous").await, 2);
        assert_eq!(num("SELECT foreign_keys FROM pragma_foreign_keys").await, 1);
        assert_eq!(
            num("SELECT secure_delete FROM pragma_secure_delete").await,
            1
        );
    }

    pub async fn pg_responses_cannot_be_ordered(s: PgStore) {
        import_identifiable(&s).await;
        let pool = s.pool();
        let cols = sqlx::query(
            "SELECT column_name::text, data_type::text, coalesce(column_default, ''), \
             is_identity::text FROM information_schema.columns WHERE table_name = 'responses'",
        )
        .fetch_all(pool)
        .await
        .unwrap();
        let names: Vec<String> = cols.iter().map(|r| r.get::<String, _>(0)).collect();
        assert_harmless_names(&names);
        for r in &cols {
            let (name, ty, default, identity): (String, String, String, String) =
                (r.get(0), r.get(1), r.get(2), r.get(3));
            assert!(
                !ty.contains("time") && !ty.contains("date") && ty != "interval",
                "{name}: {ty}"
            );
            assert!(
                !default.contains("nextval"),
                "{name}: serial default {default}"
            );
            assert_eq!(identity, "NO", "{name} is an identity column");
            if name == "id" {
                assert_eq!(ty, "bytea");
            }
        }
        let pk: Vec<String> = sqlx::query(
            "SELECT a.attname::text FROM pg_index i JOIN pg_attribute a \
             ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) \
             WHERE i.indrelid = 'responses'::regclass AND i.indisprimary",
        )
        .fetch_all(pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
        assert_eq!(pk, vec!["id".to_owned()]);
        // The heap keeps (roughly) insertion order; the store inserts in random-key order, so
        // the physical order (ctid) says nothing about the order of the file.
        let bands: Vec<(i64, i64)> =
            sqlx::query("SELECT age_from, age_to FROM responses ORDER BY ctid")
                .fetch_all(pool)
                .await
                .unwrap()
                .iter()
                .map(|r| (r.get(0), r.get(1)))
                .collect();
        assert_unrelated_to_file_order(&bands);
        let timeish: i64 = sqlx::query(
            "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public' \
             AND table_name NOT LIKE '_sqlx%' \
             AND (data_type LIKE 'time%' OR data_type = 'date' OR data_type = 'interval')",
        )
        .fetch_one(pool)
        .await
        .unwrap()
        .get(0);
        assert_eq!(timeish, 0, "a table stores a time");
    }
}

/// PostgreSQL stamps every row with its writing transaction (`xmin`), so separately
/// committed submissions can be put in order. The rewrite at closing (and every hour while
/// open) removes that: afterwards one `xmin` for all, and a physical order unrelated to the
/// submissions'.
mod reshuffle {
    use abbild_core::survey::SurveyAnswers;
    use abbild_core::{FieldCatalog, Wave};
    use abbild_store::{PgStore, SubmitOutcome, Survey};
    use sqlx::Row;

    const N: usize = 80;

    /// Submission `i` carries a language code that names `i` (aa, ab, …).
    fn tag(i: usize) -> String {
        let b = |x: usize| char::from(b'a' + u8::try_from(x).unwrap());
        format!("{}{}", b(i / 26), b(i % 26))
    }

    fn untag(t: &str) -> usize {
        let b = t.as_bytes();
        usize::from(b[0] - b'a') * 26 + usize::from(b[1] - b'a')
    }

    pub async fn pg_reshuffle_hides_commit_order(s: PgStore) {
        let herne = abbild_core::Ags::parse("05916000").unwrap();
        let wave = Wave::new(2027).unwrap();
        let hashes: Vec<String> = (0..N).map(|i| format!("{i:064x}")).collect();
        s.open_wave(herne, wave, &hashes).await.unwrap();
        let cat = FieldCatalog::default();
        for (i, h) in hashes.iter().enumerate() {
            let mut a = SurveyAnswers::default();
            a.parse_field("languages", &tag(i), &cat).unwrap();
            assert_eq!(s.submit(h, a).await.unwrap(), SubmitOutcome::Stored);
        }
        let order = |sql: &'static str| {
            let pool = s.pool().clone();
            async move {
                sqlx::query(sql)
                    .fetch_all(&pool)
                    .await
                    .unwrap()
                    .iter()
                    .map(|r| untag(&r.get::<String, _>(0)))
                    .collect::<Vec<usize>>()
            }
        };
        let xmins = || {
            let pool = s.pool().clone();
            async move {
                sqlx::query("SELECT count(DISTINCT xmin::text) FROM responses")
                    .fetch_one(&pool)
                    .await
                    .unwrap()
                    .get::<i64, _>(0)
            }
        };
        // The weakness, shown: one transaction per submission gives the order away.
        assert_eq!(xmins().await, N as i64);
        let by_xmin = order("SELECT languages FROM responses ORDER BY xmin::text::bigint").await;
        assert_eq!(by_xmin, (0..N).collect::<Vec<_>>());
        let filenode = || {
            let pool = s.pool().clone();
            async move {
                sqlx::query("SELECT pg_relation_filenode('responses')::text")
                    .fetch_one(&pool)
                    .await
                    .unwrap()
                    .get::<String, _>(0)
            }
        };
        let node_before = filenode().await;

        s.close_wave(herne, wave).await.unwrap();
        // Closing released every answer, so all are readable now.
        let before = s.survey_responses(herne, wave).await.unwrap();
        assert_eq!(before.len(), N);
        assert_eq!(s.reshuffle_wave(herne, wave).await.unwrap(), N as u64);

        assert_eq!(xmins().await, 1);
        assert_eq!(s.survey_responses(herne, wave).await.unwrap(), before);
        let physical = order("SELECT languages FROM responses ORDER BY ctid").await;
        let mut sorted = physical.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..N).collect::<Vec<_>>());
        // Spearman's rho between physical and submission order; sd ≈ 1/sqrt(N−1) ≈ 0.11.
        let n = N as f64;
        let d2: f64 = physical
            .iter()
            .enumerate()
            .map(|(i, &p)| (i as f64 - p as f64).powi(2))
            .sum();
        let rho = 1.0 - 6.0 * d2 / (n * (n * n - 1.0));
        assert!(
            rho.abs() < 0.45,
            "physical order follows submissions: rho = {rho}"
        );
        // VACUUM FULL wrote a new file: the dead versions in the old one went with it.
        assert_ne!(filenode().await, node_before);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres_reshuffle_hides_commit_order() {
        crate::common::run_pg(pg_reshuffle_hides_commit_order).await;
    }

    /// Issue 13: PostgreSQL stamps the code row and the response row of one submission with
    /// the same transaction id (`xmin`), and the code rows keep theirs after closing. After
    /// the rewrite at closing, the wave's code rows and response rows carry one id each,
    /// and none of them is an id from submission time.
    pub async fn pg_codes_and_responses_forget_their_transactions(s: PgStore) {
        const M: usize = 12;
        let herne = abbild_core::Ags::parse("05916000").unwrap();
        let wave = Wave::new(2027).unwrap();
        let hashes: Vec<String> = (0..M).map(|i| format!("{i:064x}")).collect();
        s.open_wave(herne, wave, &hashes).await.unwrap();
        let cat = FieldCatalog::default();
        for (i, h) in hashes.iter().enumerate() {
            let mut a = SurveyAnswers::default();
            a.parse_field("languages", &tag(i), &cat).unwrap();
            assert_eq!(s.submit(h, a).await.unwrap(), SubmitOutcome::Stored);
        }
        let pool = s.pool().clone();
        let pairs = |sql: &'static str| {
            let pool = pool.clone();
            async move {
                sqlx::query(sql)
                    .fetch_all(&pool)
                    .await
                    .unwrap()
                    .iter()
                    .map(|r| (r.get::<String, _>(0), r.get::<String, _>(1)))
                    .collect::<Vec<(String, String)>>()
            }
        };
        let codes_sql = "SELECT code_hash, xmin::text FROM survey_codes WHERE wave = 2027";
        let responses_sql = "SELECT languages, xmin::text FROM responses WHERE wave = 2027";
        // The weakness, shown: the response's xmin names its code.
        let codes = pairs(codes_sql).await;
        let responses = pairs(responses_sql).await;
        let linked = responses
            .iter()
            .filter(|(lang, x)| {
                let i = untag(lang);
                codes.iter().any(|(h, cx)| cx == x && *h == hashes[i])
            })
            .count();
        assert_eq!(
            linked, M,
            "while open, each response shares its code's xmin"
        );
        let code_xmins: std::collections::BTreeSet<String> =
            codes.iter().map(|(_, x)| x.clone()).collect();

        s.close_wave(herne, wave).await.unwrap();
        assert_eq!(s.reshuffle_wave(herne, wave).await.unwrap(), M as u64);

        let codes = pairs(codes_sql).await;
        let responses = pairs(responses_sql).await;
        let mut by_xmin = codes.clone();
        by_xmin.sort_by_key(|(_, x)| x.parse::<u64>().unwrap());
        let use_order: Vec<usize> = by_xmin
            .iter()
            .filter_map(|(h, _)| hashes.iter().position(|x| x == h))
            .collect();
        let distinct = |v: &[(String, String)]| {
            v.iter()
                .map(|(_, x)| x.clone())
                .collect::<std::collections::BTreeSet<_>>()
        };
        assert_eq!(codes.len(), M);
        assert_eq!(
            distinct(&codes).len(),
            1,
            "code rows keep their order of use: {use_order:?}"
        );
        assert_eq!(distinct(&responses).len(), 1);
        assert!(distinct(&responses).is_disjoint(&code_xmins));
        assert!(distinct(&codes).is_disjoint(&code_xmins));
        let info = s.wave_info(herne, wave).await.unwrap().unwrap();
        assert_eq!((info.used, info.codes), (M as u64, M as u64));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres_codes_forget_their_transactions() {
        crate::common::run_pg(pg_codes_and_responses_forget_their_transactions).await;
    }

    pub async fn sqlite_reshuffle_keeps_every_response(s: abbild_store::SqliteStore) {
        let herne = abbild_core::Ags::parse("05916000").unwrap();
        let wave = Wave::new(2027).unwrap();
        let hashes: Vec<String> = (0..20).map(|i| format!("{i:064x}")).collect();
        s.open_wave(herne, wave, &hashes).await.unwrap();
        let cat = FieldCatalog::default();
        for (i, h) in hashes.iter().enumerate() {
            let mut a = SurveyAnswers::default();
            a.parse_field("languages", &tag(i), &cat).unwrap();
            s.submit(h, a).await.unwrap();
        }
        // The rewrite of an open wave keeps every (unreleased) answer: after closing, all 20
        // tags are there.
        assert_eq!(s.reshuffle_wave(herne, wave).await.unwrap(), 20);
        let info = s.wave_info(herne, wave).await.unwrap().unwrap();
        assert_eq!((info.used, info.codes, info.released), (20, 20, 0));
        s.close_wave(herne, wave).await.unwrap();
        let before = s.survey_responses(herne, wave).await.unwrap();
        let mut tags: Vec<usize> = before
            .iter()
            .map(|r| untag(r.languages[0].as_str()))
            .collect();
        tags.sort_unstable();
        assert_eq!(tags, (0..20).collect::<Vec<_>>());
        assert_eq!(s.reshuffle_wave(herne, wave).await.unwrap(), 20);
        assert_eq!(s.survey_responses(herne, wave).await.unwrap(), before);
        assert!(s
            .reshuffle_wave(herne, Wave::new(2030).unwrap())
            .await
            .is_err());
    }

    #[tokio::test]
    async fn sqlite_reshuffle_keeps_responses() {
        crate::common::run_sqlite(sqlite_reshuffle_keeps_every_response).await;
    }
}

/// Instantiates every generic case for both backends.
macro_rules! both_backends {
    ($($case:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $case() {
                    crate::common::run_sqlite(crate::cases::$case).await;
                }
            )*
            #[tokio::test]
            async fn responses_cannot_be_ordered() {
                crate::common::run_sqlite(crate::anonymity::sqlite_responses_cannot_be_ordered)
                    .await;
            }
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    crate::common::run_pg(crate::cases::$case).await;
                }
            )*
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn responses_cannot_be_ordered() {
                crate::common::run_pg(crate::anonymity::pg_responses_cannot_be_ordered).await;
            }
        }
    };
}

both_backends!(
    import_then_read_back_exactly,
    reimport_is_idempotent,
    overlap_is_refused_and_nothing_changes,
    failing_import_leaves_database_as_before,
    invalid_input_is_refused,
    delete_import_removes_its_rows,
    concurrent_imports_do_not_duplicate,
    accounts_sessions_and_audit,
    survey_waves_codes_and_submissions,
    unreleased_responses_are_invisible,
    saved_scenarios_per_city,
);

/// `AnyStore::open` picks the backend from the location and runs the same case.
mod any_store {
    use super::*;
    use abbild_core::field::FieldDef;
    use abbild_core::FieldCatalog;
    use abbild_store::{AnyStore, Store, StoreError};

    #[tokio::test]
    async fn sqlite_path_creates_directories() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("neu/unter/abbild.db");
        let s = AnyStore::open(path.to_str().unwrap(), FieldCatalog::default())
            .await
            .unwrap();
        assert!(matches!(s, AnyStore::Sqlite(_)));
        assert!(path.exists());
        crate::cases::import_then_read_back_exactly(s.clone()).await;
        s.close().await;
    }

    #[tokio::test]
    async fn sqlite_url_and_reopen_keep_data() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite:{}", dir.path().join("a/b.db").display());
        let s = AnyStore::open(&url, FieldCatalog::default()).await.unwrap();
        let rows = staff(40, &[HERNE], &[2023], 50, all_dims());
        s.import_staff(meta("p.csv", 80, all_dims()), &rows)
            .await
            .unwrap();
        let before = snapshot(&s).await;
        s.close().await;

        // Reopening migrates nothing twice and finds the data.
        let s = AnyStore::open(&url, FieldCatalog::default()).await.unwrap();
        assert_eq!(snapshot(&s).await, before);
        s.close().await;

        // A catalog without the stored field codes is reported, not silently misread.
        let only = FieldCatalog::new(vec![FieldDef {
            code: "anderes".into(),
            label_de: "Anderes".into(),
            label_en: "Other".into(),
            aliases: vec![],
        }])
        .unwrap();
        let s = AnyStore::open(&url, only).await.unwrap();
        let err = s.staff_cells(ags(HERNE), year(2023)).await.unwrap_err();
        assert!(matches!(err, StoreError::Inconsistent(_)), "{err:?}");
        s.close().await;
    }

    #[tokio::test]
    async fn sqlite_in_memory() {
        let s = AnyStore::open("sqlite::memory:", FieldCatalog::default())
            .await
            .unwrap();
        crate::cases::reimport_is_idempotent(s.clone()).await;
        s.close().await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres_url() {
        let db = crate::common::PgTestDb::create().await;
        let s = AnyStore::open(&db.url, FieldCatalog::default()).await;
        let result = match s {
            Ok(s) => {
                assert!(matches!(s, AnyStore::Postgres(_)));
                let r = tokio::spawn(crate::cases::import_then_read_back_exactly(s.clone())).await;
                s.close().await;
                r.map_err(|e| e.into_panic())
            }
            Err(e) => Err(Box::new(format!("open: {e}")) as Box<dyn std::any::Any + Send>),
        };
        db.drop_db().await;
        if let Err(p) = result {
            std::panic::resume_unwind(p);
        }
    }
}
