# The regional report: chapter titles, headings and running text.

# Renderers: the frame every format puts around the chapters.
report-skip = Zum Inhalt springen
report-contents = Inhalt
report-sources = Quellen
report-data-table = Daten: Tabelle { $id }
report-sheet-notes = Geheimhaltung und Hinweise
report-footer-page = Seite
report-footer-of = von

# Title page.
report-title-region = Vielfalt in den Stadtverwaltungen: Regionalbericht { $year }
report-title-city = Vielfalt in der Stadtverwaltung: Bericht { $city } { $year }
report-subtitle-region = Berichtsjahr { $year } · { $count } Städte ({ $cities })
report-subtitle-city = Berichtsjahr { $year }
report-author = Kooperation der Ruhrgebietsstädte · erstellt mit abbild

# Column headers; a header used by several tables has one wording everywhere.
report-col-city = Stadt
report-col-wave = Welle
report-col-year = Jahr
report-col-staff = Beschäftigte
report-col-responses = Antworten
report-col-response-rate = Rücklaufquote
report-col-share = Anteil
report-col-ci-low = KI unten
report-col-ci-high = KI oben
report-col-population-total = Bevölkerung gesamt
report-col-population-std = Bevölkerung altersstandardisiert
report-col-ratio = Verhältnis
report-col-gap = Lücke (Köpfe)
report-col-change = Veränderung zur Vorwelle (Pp.)
report-col-assessment = Bewertung
report-col-target = Ziel
report-col-scenario = Szenario
report-col-staff-change = Personalveränderung je Jahr
report-col-start-year = Startjahr
report-col-start-share = Anteil am Start
report-col-scenario-hiring = Einstellungsanteil im Szenario
report-col-parity-year = Paritätsjahr
report-col-required-hiring = Nötiger Einstellungsanteil
report-col-by-year = Bis Jahr
report-col-equilibrium = Gleichgewichtsanteil
report-col-field-level = Feld · Laufbahn
report-col-age-group = Altersgruppe
report-col-status = Status
report-col-leadership = Führung
report-col-applicant-share = Anteil mit Einwanderungsgeschichte unter Bewerbungen
report-col-outreach = Bevölkerung 15–24 mit Einwanderungsgeschichte
report-col-cumulative-ratio = Quotenverhältnis Bewerbung bis Einstellung
report-col-flagged = Übergänge unter 4/5
report-col-step = Übergang
report-col-reason = Grund
report-col-with = mit Einwanderungsgeschichte: { $what }
report-col-without = ohne Einwanderungsgeschichte: { $what }
report-part-at-stage = auf Stufe
report-part-advanced = weiter
report-part-staff = Beschäftigte
report-part-exits = Abgänge
report-part-rate = Quote
report-col-impact-ratio = Quotenverhältnis
report-col-exit-ratio = Abgangsverhältnis
report-col-fisher = Fisher p (einseitig)
report-col-below-four-fifths = unter 4/5
report-col-shortfall = Fehlbetrag (Personen)
report-col-with-mh = mit Einwanderungsgeschichte
report-col-share-p05 = Anteil 5 %
report-col-share-p95 = Anteil 95 %
report-col-benchmark-source = Quelle des Vergleichswerts
report-col-benchmark-year = Jahr des Vergleichswerts
report-col-definition = Definition
report-col-staff-year = Personaljahr
report-col-survey-wave = Befragungswelle
report-col-table = Tabelle
report-col-title = Titel
report-col-threshold = Schwelle k
report-col-primary = primär gesperrt
report-col-secondary = sekundär gesperrt

# Figures and charts.
report-figure-caption = Abbildung { $number }: { $title }.
report-chart-part = { $title } (Teil { $part } von { $parts })
report-chart-interval = Intervall ({ $confidence } %)
report-chart-benchmark = Bevölkerung (altersstandardisiert)
report-chart-suppressed = gesperrt
report-chart-model-share = Anteil (Modell)
report-chart-band = 90-%-Band
report-chart-parity = Parität
report-funnel-with = mit Einwanderungsgeschichte
report-funnel-without = ohne Einwanderungsgeschichte
report-funnel-ratio = Verhältnis der Quoten

# Protection notes under the tables.
report-combined-protection = Gesamtzeilen der geschützten Tabellen je Stadt (Schwelle k = { $k }; dort insgesamt { $primary } Zellen primär und { $secondary } sekundär gesperrt).

# Summary.
report-summary = Zusammenfassung
report-summary-no-survey = { $city }: keine auswertbare Befragung im Berichtsjahr
report-summary-table = Anteil mit Einwanderungsgeschichte je Stadt, nach Verhältnis zum Vergleichswert
report-summary-chart-desc = Balken: Anteil der Beschäftigten je Stadt mit Intervall; gestrichelt: altersstandardisierter Bevölkerungsanteil.
report-summary-where = Wo jede Stadt steht
report-summary-city = { $city }: Anteil { $share } (Intervall { $low } bis { $high }), altersstandardisierter Bevölkerungsanteil { $benchmark }, Verhältnis { $ratio }, Lücke { $gap } Köpfe; { $assessment }.
report-summary-city-change = { $city }: Anteil { $share } (Intervall { $low } bis { $high }), altersstandardisierter Bevölkerungsanteil { $benchmark }, Verhältnis { $ratio }, Lücke { $gap } Köpfe; { $assessment }; Veränderung zur Vorwelle { $change } Prozentpunkte.
report-summary-projection-table = Projektion: Paritätsjahr und nötiger Einstellungsanteil je Stadt
report-summary-projection-note = Modellrechnung (SPEC §4) auf dem veröffentlichten Altersaufbau; keine Personenzählung. „nicht erreicht“: Ziel im Zeitraum nicht erreicht; „–“ beim nötigen Anteil: auch mit 100 % nicht erreichbar.
report-summary-parity = Wann Parität erreichbar ist
report-scenario-default = Standard
report-not-reached = nicht erreicht

# Representation.
report-representation = Repräsentation
report-trend-title = { $city }: Entwicklung über die Wellen
report-trend-desc = Linie: Anteil der Beschäftigten je Welle mit Intervall; gestrichelt: Bevölkerungsanteil.
report-view-title = { $city }: nach { $view }, Welle { $wave }
report-view-fields = Tätigkeitsfeld und Laufbahn
report-view-age = Altersgruppe
report-view-status = Beschäftigungsstatus (Auszubildende)
report-view-leadership = Führungsaufgabe
report-view-desc = Balken: Anteil der Beschäftigten je Gruppe mit Intervall; gestrichelt: Bevölkerungsanteil; schraffiert: gesperrt.
report-total = Gesamt

# Apprenticeships and retention.
report-pipeline = Ausbildung und Verbleib
report-pipeline-table = Ausbildung: Bewerbungen und Auswahl je Stadt (alle Ausbildungsberufe)
report-selection-title = { $city }: Auswahlverfahren { $year }, { $occupation }
report-funnel-desc = Je Stufe zwei Balken: Personen mit und ohne Einwanderungsgeschichte; rechts das Verhältnis der Quoten.
report-exits-title = { $city }: Abgänge nach Grund { $year }
report-reason-retirement = Ruhestand
report-reason-resignation = Kündigung
report-reason-contract-end = Vertragsende
report-reason-not-taken-over = Nicht übernommen
report-reason-other = Sonstiges

# Projection.
report-projection = Projektion
report-projection-title = { $city }: Projektion des Anteils
report-projection-summary = Parität: { $parity }; nötiger Einstellungsanteil: { $required }; Gleichgewicht bei gleichbleibendem Personal: { $equilibrium }.
report-projection-parity-none = nicht im Zeitraum
report-projection-required-none = auch 100 % reichen nicht
report-projection-note = Modellrechnung, keine Personenzählung; Personen gerundet. { $summary }
report-fact-scenario-default = Standard (keine gespeicherte Annahme)
report-fact-hiring = Einstellungsanteil mit Einwanderungsgeschichte
report-fact-exit-rates = Abgangsquote mit / ohne Einwanderungsgeschichte
report-fact-retirement = Ruhestandsalter

# Methods.
report-methods = Methoden
report-definitions = Definitionen
report-definition-used = Alle Anteile dieses Berichts (Beschäftigte, Bevölkerung, Ausbildung, Verbleib) verwenden die Definition „{ $label }“ ({ $code }). Der Vergleichswert der Bevölkerung nennt dieselbe Definition.
report-benchmark-data = Vergleichswert und Daten
report-sources-table = Quellen je Stadt
report-metadata-note = Metadaten, keine Personenzählung.
report-intervals-weighting = Intervalle und Gewichtung
report-response = Rücklauf
report-confidentiality = Geheimhaltung
report-suppressed-total = Über alle geschützten Tabellen des Berichts wurden { $primary } Zellen gesperrt, weil sie weniger als k Personen zählen (primär), und { $secondary } weitere, damit sich die gesperrten nicht aus Summen und Differenzen zurückrechnen lassen (sekundär). Eine Lineare-Programmierungs-Prüfung hat für jede sensible Zelle gezeigt, dass sie nur auf ein Intervall der Breite von mindestens k eingegrenzt werden kann.
report-suppressed-table = Gesperrte Zellen je Tabelle
report-suppressed-note = Primär: Zählung zwischen 1 und k − 1 (oder davon abgeleitet). Sekundär: gesperrt, damit primäre Zellen nicht rückrechenbar sind. Zählungen der Gruppe „unbekannt“ werden nie veröffentlicht.

# Appendix and sources.
report-appendix = Anhang: alle Tabellen
report-appendix-intro = Jede Tabelle des Berichts in voller Länge, in derselben Nummerierung wie im Text und in der Excel-Datei (ein Blatt je Tabelle). „–“ steht für einen gesperrten oder nicht berechenbaren Wert.
report-source-report = Bericht
report-source-report-region = Berichtsjahr { $year } · Region
report-source-report-city = Berichtsjahr { $year } · Stadt { $ags }
report-source-staff = Personalstatistik der Städte (Köpfe nach Feld, Laufbahn, Status, Alter, Führung), Stichtag des Berichtsjahres.
report-source-survey = Befragung
report-source-survey-text = Anonyme Beschäftigtenbefragung mit abbild (Einmalcodes, keine Verknüpfung mit Personen).
report-source-population = Bevölkerung
report-source-population-text = Zensus 2022 (Statistische Ämter des Bundes und der Länder), Einwanderungsgeschichte nach Altersgruppen; je Stadt siehe Tabelle „Quellen je Stadt“.
report-source-pipeline = Ausbildung und Abgänge
report-source-pipeline-text = Bewerbungs- und Auswahldaten sowie Abgänge der Städte im Berichtsjahr.
report-source-confidentiality = Jede Tabelle hat den Geheimhaltungsschritt von abbild durchlaufen (SPEC §5); gesperrte Werte sind leer bzw. „–“.
report-source-note = Hinweis ({ $city })

# The fixed prose: figures never appear here, they come from the tables.
report-text-goals = Die Städte der Kooperation haben sich verpflichtet: Der Anteil der Beschäftigten mit Einwanderungsgeschichte soll langfristig dem Anteil in der Bevölkerung der Stadt entsprechen, und interkulturelle Kompetenz soll bei Einstellung und Personalentwicklung zählen. Dieser Bericht zeigt für das Berichtsjahr, wo jede Stadt steht, wie sich der Anteil entwickelt, wie das Auswahlverfahren der Auszubildenden wirkt und wann Parität unter heutigen Annahmen erreichbar ist.
report-text-how-to-read = Lesehilfe: Der faire Vergleichswert ist der altersstandardisierte Bevölkerungsanteil – der Anteil, den die Verwaltung bei ihrer eigenen Altersstruktur hätte, wenn sie der Bevölkerung entspräche (Kinder erhöhen den Anteil in der Bevölkerung, können aber nicht beschäftigt sein). Ein Verhältnis von 1 bedeutet Parität; die Lücke in Köpfen ist die Zahl der Personen, die heute für Parität fehlen. „Unterrepräsentiert“ heißt: das ganze Intervall liegt unter dem Vergleichswert.
report-text-representation = Für jede Stadt: die Entwicklung über die Befragungswellen und die Repräsentation nach Tätigkeitsfeld und Laufbahn, Altersgruppe, Beschäftigungsstatus (darunter die Auszubildenden) und Führungsaufgabe in der Welle des Berichtsjahres. Schraffierte Balken und „–“ kennzeichnen gesperrte Werte.
report-text-pipeline = Das Auswahlverfahren der Auszubildenden von der Bewerbung bis zur Einstellung, über alle Ausbildungsberufe zusammengefasst. Das Quotenverhältnis teilt die Erfolgsquote der Bewerberinnen und Bewerber mit Einwanderungsgeschichte durch die der übrigen; unter 0,8 (vier Fünftel) gilt als Hinweis auf Benachteiligung. Danach der Verbleib: Abgangsquoten nach Grund und ihr Verhältnis (über 1 heißt: Beschäftigte mit Einwanderungsgeschichte gehen häufiger).
report-text-projection = Wann wird Parität erreicht, und welcher Anteil an den Einstellungen ist dafür nötig, während Personal abgebaut wird? Je Stadt das gespeicherte Szenario (das zuletzt gespeicherte) oder, wenn keines gespeichert ist, das Standardszenario: 1 % Personalabbau je Jahr, Einstellungsanteil wie der heutige Anteil, 5 % Abgänge je Jahr in beiden Gruppen, Ruhestand mit 67, Ziel der altersstandardisierte Bevölkerungsanteil.
report-text-definitions-intro = Es gibt keine einheitliche Definition. abbild speichert die Antworten, nicht ein Merkmal, und leitet jede Definition daraus ab (SPEC §1):
report-text-definition-mh = Migrationshintergrund (mh, Destatis): mit, wenn die Person oder ein Elternteil nicht von Geburt an deutsch ist.
report-text-definition-eg = Einwanderungsgeschichte (eg, Destatis seit 2023, Zensus 2022): mit, wenn die Person selbst oder beide Elternteile im Ausland geboren sind.
report-text-definition-eg-nrw = Einwanderungsgeschichte nach § 4 TIntG NRW (eg_nrw): mit, wenn die Person nicht deutsch ist, im Ausland geboren ist oder mindestens ein Elternteil im Ausland geboren ist.
report-text-benchmark = Der Bevölkerungsanteil gesamt ist das wörtliche Ziel der Vereinbarung (Anteil in der ganzen Stadtbevölkerung). Der altersstandardisierte Anteil wendet die Altersstruktur der Beschäftigten auf die altersspezifischen Anteile der Bevölkerung an: b* = Σ (N_a / N) · (M_a / P_a). Verhältnis = Anteil / b*; Lücke = gerundet N · (b* − Anteil).
report-text-intervals = Intervalle: Wilson-Intervall mit Endlichkeitskorrektur (effektiver Stichprobenumfang n' = n·(N−1)/(N−n)) zum Niveau 95 %; bei Vollerhebung ist das Intervall der Punkt. Im Auswahlverfahren und beim Verbleib: Katz-Intervall des Quotenverhältnisses und exakter Test nach Fisher.
report-text-weighting = Gewichtung: Der Gesamtanteil einer Stadt ist über die Gruppen nach Tätigkeitsfeld und Laufbahn geschichtet (Gewicht = Beschäftigte der Gruppe / Beschäftigte aller Gruppen mit mindestens zwei Antworten); so zählt eine Gruppe mit hohem Rücklauf nicht mehr, als sie Beschäftigte hat. Sein Intervall ist das Normalverteilungsintervall der geschichteten Schätzung.
report-text-response = Die Rücklaufquote (Antworten / Beschäftigte) steht je Stadt in der Übersichtstabelle und je Gruppe in den Tabellen der Repräsentation. Antworten, die keine Einordnung unter der Definition erlauben, zählen nicht als Antworten der Gruppe.
report-text-confidentiality = Keine Zahl dieses Berichts lässt Rückschlüsse auf einzelne Beschäftigte zu. Jede Tabelle aus Befragung und Personalzahlen hat denselben Schutzschritt durchlaufen wie die Seiten und Downloads von abbild: Eine Zählung unter der Schwelle k ist sensibel und wird gesperrt (primär); weitere Zellen werden gesperrt, damit sich sensible Zellen nicht aus Summen, Differenzen und Randsummen eingrenzen lassen (sekundär); eine Prüfung mit linearer Programmierung weist das für jede sensible Zelle nach. Anteile, Intervalle und Verhältnisse aus gesperrten Zellen sind ebenfalls gesperrt. Die Tabellen einer Stadt werden je Sicht geschützt, wie sie auch auf den Seiten erscheinen.
report-text-projection-method = Modell (SPEC §4): Bestand nach Alter und Gruppe, Startverteilung aus dem veröffentlichten Altersaufbau der Befragung (gesperrte Altersgruppen erhalten den Gesamtanteil der Stadt). Jedes Jahr: Abgänge, Altern und Ruhestand, Zielbestand nach der Personalveränderung, Einstellungen mit dem Einstellungsanteil. Das 90-%-Band stammt aus 1.000 Monte-Carlo-Läufen mit ganzen Personen (fester Startwert, daher reproduzierbar). Der nötige Einstellungsanteil ist der kleinste Anteil, mit dem das Ziel im Zieljahr erreicht wird.
