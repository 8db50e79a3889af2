# Column headers, units and withheld-cell reasons of the one output model (pages, downloads, API, report).

## Cells
out-yes = ja
out-no = nein
out-withheld = gesperrt
out-not-stated = ohne Angabe
out-all = alle
out-withheld-explained = gesperrt: weniger als 5 Personen oder daraus errechenbar – zum Schutz der Befragten nicht gezeigt

## Protection line for statisticians (command line, report sources)
out-protection-technical-lp = Geheimhaltung: Schwelle k = { $k }; { $primary } Zellen primär und { $secondary } sekundär gesperrt; LP-Prüfung von { $checked } sensiblen Zellen, engstes Intervall { $width }.
out-protection-technical-proof = Geheimhaltung: Schwelle k = { $k }; { $primary } Zellen primär und { $secondary } sekundär gesperrt; Nachweis von { $checked } sensiblen Zellen, engstes Intervall mindestens { $width }.
out-protection-unbounded = unbeschränkt

## Sheets
out-sheet-notes = Hinweise
out-col-sheet = Tabelle
out-col-notes = Geheimhaltung und Hinweise
out-sheet-pipeline = Ausbildung
out-sheet-retention = Verbleib
out-sheet-projection = Projektion
out-sheet-representation = Repräsentation

## Columns shared by several results
out-ags = AGS
out-year = Jahr
out-wave = Welle
out-headcount = Beschäftigte
out-share = Anteil
out-segment = Gruppe
out-ci-low = Intervall unten
out-ci-high = Intervall oben
out-fisher-p-two-sided = Fisher p (zweiseitig)
out-status = Status

## Apprentice pipeline
out-pipeline-occupation = Ausbildungsberuf
out-pipeline-applicant-share = Anteil mit MH unter Bewerbungen
out-pipeline-outreach-benchmark = Bevölkerung 15–24 mit MH
out-pipeline-from = von Stufe
out-pipeline-to = zu Stufe
out-pipeline-with-in = mit MH: auf Stufe
out-pipeline-with-out = mit MH: weiter
out-pipeline-with-rate = mit MH: Quote
out-pipeline-without-in = ohne MH: auf Stufe
out-pipeline-without-out = ohne MH: weiter
out-pipeline-without-rate = ohne MH: Quote
out-pipeline-impact-ratio = Quotenverhältnis
out-pipeline-relative-likelihood = Relative Wahrscheinlichkeit (ohne/mit)
out-pipeline-fisher-p-less = Fisher p (einseitig, geringer)
out-pipeline-four-fifths = unter 4/5
out-pipeline-shortfall = Fehlbetrag (Personen)
out-pipeline-cumulative-impact-ratio = Quotenverhältnis kumuliert
out-status-ok = ok
out-status-withheld = gesperrt

## Retention
out-retention-reason = Grund
out-retention-with-headcount = mit MH: Beschäftigte
out-retention-with-exits = mit MH: Abgänge
out-retention-with-rate = mit MH: Abgangsquote
out-retention-without-headcount = ohne MH: Beschäftigte
out-retention-without-exits = ohne MH: Abgänge
out-retention-without-rate = ohne MH: Abgangsquote
out-retention-exit-ratio = Verhältnis der Abgangsquoten
out-retention-fisher-p-greater = Fisher p (einseitig, höher)
out-reason-all = alle Gründe
out-reason-retirement = Ruhestand
out-reason-resignation = Kündigung
out-reason-contract_end = Vertragsende
out-reason-not_taken_over = Nicht übernommen
out-reason-other = Sonstiges

## Projection
out-projection-with = mit Migrationsgeschichte
out-projection-target = Ziel
out-projection-p05 = Anteil 5 %
out-projection-p50 = Anteil 50 %
out-projection-p95 = Anteil 95 %
out-projection-summary = Parität: { $parity }; nötiger Einstellungsanteil: { $hire }; Gleichgewicht bei gleichbleibendem Personal: { $equilibrium }.
out-projection-no-parity = nicht im Zeitraum
out-projection-no-hire = auch 100 % reichen nicht

## Representation
out-definition = Definition
out-scope = Ebene der Zeile
out-scope-segment = Segment
out-scope-overall = Gesamt
out-with-migration = mit Migrationsgeschichte
out-response-rate = Rücklaufquote
out-benchmark-total = Bevölkerungsanteil
out-benchmark-standardized = Bevölkerungsanteil altersstandardisiert
out-ratio = Verhältnis
out-gap-heads = Lücke (Köpfe)
out-assessment = Bewertung
out-uncovered-headcount = nicht abgedeckt (Beschäftigte)
out-protection = Schutz
out-protection-protected = geschützt
out-protection-unprotected = ungeschützt
out-confidence = { $level }-%-KI
out-total-stratified = Gesamt (geschichtet)
out-total = Gesamt
out-interval = Intervall
out-interval-line = { $method }, Konfidenzniveau { $level }
out-city-line = Stadt { $ags }
out-warning-line = Hinweis { $ags }

## Dimensions and their values
out-dim-field = Tätigkeitsfeld
out-dim-level = Ebene
out-dim-status = Status
out-dim-leadership = Leitung
out-dim-age = Alter
out-dim-sex = Geschlecht
out-level-einfach = Einfacher Dienst (LG 1.1)
out-level-mittel = Mittlerer Dienst (LG 1.2)
out-level-gehoben = Gehobener Dienst (LG 2.1)
out-level-hoeher = Höherer Dienst (LG 2.2)
out-employment-beamte = Beamtinnen und Beamte
out-employment-tarif = Tarifbeschäftigte
out-employment-azubi = Auszubildende und Anwärter
out-leadership-yes = mit Führungsaufgabe
out-leadership-no = ohne Führungsaufgabe
out-age = { $band } Jahre
out-sex-w = weiblich
out-sex-m = männlich
out-sex-d = divers
out-sex-x = keine Angabe
out-assessment-under = unterrepräsentiert
out-assessment-within = im Rahmen
out-assessment-over = überrepräsentiert
out-assessment-not_estimable = nicht schätzbar
out-assessment-suppressed = geheimgehalten
out-respondents = Antworten
out-definition-mh = Migrationshintergrund (Destatis)
out-definition-eg = Einwanderungsgeschichte (Destatis)
out-definition-eg_nrw = Einwanderungsgeschichte (TIntG NRW § 4)
out-method-wilson_fpc = Wilson mit Endlichkeitskorrektur
out-method-wilson = Wilson
out-method-clopper_pearson = Clopper-Pearson (exakt)
out-source-zensus2022 = Zensus 2022
out-source-mikrozensus = Mikrozensus
out-source-register = Melderegister
out-repr-title = Repräsentation nach { $by } · Definition: { $definition } · Intervall: { $method }, { $confidence }
out-repr-overview-title = Städteübersicht · Definition: { $definition } · Intervall: { $method }, { $confidence }
out-repr-city = { $name }(AGS { $ags }) · Personal { $year } · Befragung { $wave } · Benchmark: { $source }, { $definition }
out-repr-uncovered = Nicht abgedeckt (Segmente mit < 2 Antworten): { $uncovered } Beschäftigte · ohne Segmentangabe: { $unassigned } Antworten · nicht zuordenbar (Definition): { $unclassified } Antworten
out-repr-overview-foot = Personal { $year } · Befragung { $wave } · Benchmark: { $source }; Anteil geschichtet über Segmente, „altersstandardisiert“ = nach Altersstruktur des Personals.
out-warning = Hinweis: { $text }
