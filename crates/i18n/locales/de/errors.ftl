# Error messages of every layer (core, store, service, letters), as structured values
# (`abbild_i18n::Message`) rendered at the edge in the reader's language.

## General
err-parse = "{ $value }": erwartet { $expected }
err-with-file = { $file }: { $cause }
err-list = { $first }; { $rest }

## Population benchmark
err-benchmark-empty = Bevölkerungsbenchmark { $ags }: keine Zeilen für { $what }
err-benchmark-overlap = Bevölkerungsbenchmark { $ags }: Altersbänder { $a } und { $b } überschneiden sich
err-benchmark-not-a-union = Altersband { $staff } des Personals ist keine Vereinigung von Altersbändern des Benchmarks { $ags } ({ $bands }); das Personal-Altersband muss genau aus Benchmark-Bändern zusammengesetzt sein
err-benchmark-no-persons = Bevölkerungsbenchmark { $ags }: Altersband { $band } hat 0 Einwohner, der Anteil ist nicht bestimmbar
err-benchmark-ambiguous = Bevölkerungsbenchmark { $ags }: mehrere Benchmarks ({ $found }); bitte mit --definition bzw. --year wählen

## Representation
err-analysis-dim-not-carried = Gruppierung nach { $dim } nicht möglich: die { $file } enthält keine Spalte { $dim } (vorhanden: { $present })
err-analysis-file-staff = Personaldatei
err-analysis-file-responses = Antwortdatei
err-analysis-segment-not-in-staff = Stadt { $ags }: Segment { $segment } kommt in den Antworten vor ({ $respondents } Antworten), aber nicht in der Personaldatei
err-analysis-respondents-exceed = Stadt { $ags }: Segment { $segment } hat { $respondents } Antworten, aber nur { $headcount } Beschäftigte
err-analysis-no-staff = Stadt { $ags }: keine Beschäftigten in der Personaldatei für { $year }

## Scenario
err-scenario-invalid = { $key } = { $value }: { $expected }
err-scenario-overlap = { $key }: Altersbänder { $a } und { $b } überschneiden sich
err-scenario-empty-profile = hire_age_profile ist leer: mindestens ein Altersband mit Gewicht > 0 nötig
err-scenario-empty-initial = initial: Anfangsbestand ist 0 Personen; mindestens eine Person nötig
err-scenario-no-initial-source = initial fehlt: Anfangsbestand als initial = [...] angeben oder city und wave für die Datenbank
err-scenario-missing-initial = initial fehlt: der Anfangsbestand muss vor der Projektion aus der Datenbank ergänzt werden (city, wave)
err-scenario-too-large = Zielbestand { $headcount } im Jahr { $year } ist für die Monte-Carlo-Simulation zu groß (höchstens { $max }); headcount_growth oder horizon verkleinern

## Field catalogue
err-catalog-duplicate = Tätigkeitsfeld-Katalog: Code „{ $code }“ doppelt
err-catalog-too-many = Tätigkeitsfeld-Katalog: höchstens 255 Felder
err-catalog-bad-code = Tätigkeitsfeld-Katalog: Code „{ $code }“ ist leer oder enthält Leerzeichen

## Disclosure control
err-sdc-k-too-small = Schwelle k = { $k } ist zu klein (mindestens 3)
err-sdc-bad-protection = Schutzbreite { $width } ungültig (muss endlich und ≥ 0 sein)
err-sdc-unknown-dim = unbekannte Dimension „{ $dim }“
err-sdc-dim-index = Dimension Nr. { $index } existiert nicht
err-sdc-nothing = keine Tabelle zu veröffentlichen
err-sdc-row-length = Zeile hat { $found } Werte, erwartet { $expected }
err-sdc-unknown-value = Dimension { $dim }: Wert Nr. { $index } existiert nicht
err-sdc-duplicate-cell = Zelle { $key } kommt doppelt vor
err-sdc-too-large = zu viele Dimensionen oder Werte
err-sdc-class-dim = Klassen-Dimension Nr. { $index } existiert nicht
err-sdc-prior-mismatch = früher veröffentlichte Zelle { $dims } { $key } = { $prior } passt nicht zu den Daten ({ $actual })
err-sdc-prior-discloses = früher veröffentlichte Zahlen legen die sensible Zelle { $dims } { $key } schon auf [{ $min }, { $max }] fest (Breite < { $required })
err-sdc-unknown-cell = Zelle { $dims } { $key } gibt es in den veröffentlichten Tabellen nicht
err-sdc-solver = LP-Löser: { $detail }
err-sdc-invalid-input = Eingabe der Geheimhaltung widersprüchlich: { $detail }

## Apprentice pipeline and outreach
err-youth-no-population = Stadt { $ags }: keine Bevölkerungszahlen nach Definition { $definition }
err-youth-not-coverable = Stadt { $ags }: die Bevölkerung { $source } { $year } lässt das Alter 15–24 nicht genau abgrenzen ({ $reason }); die Altersbänder müssen 15–24 genau zusammensetzen
err-pipeline-duplicate = Ausbildungspipeline { $ags } { $year }: Zeile doppelt (Beruf "{ $occupation }", Stufe "{ $stage }", Gruppe { $group })
err-pipeline-same-order = Ausbildungspipeline { $ags } { $year }: Stufenreihenfolge { $order } ist sowohl "{ $first }" als auch "{ $second }"; jede Stufe braucht eine eigene Nummer
err-pipeline-two-orders = Ausbildungspipeline { $ags } { $year }: Stufe "{ $stage }" hat zwei Reihenfolgen ({ $first } und { $second })
err-pipeline-missing-stage = Ausbildungspipeline { $ags } { $year }: für den Beruf "{ $occupation }" fehlt die Stufe "{ $stage }", die andere Berufe der Stadt in diesem Jahr haben (0 bitte als Zeile mit Anzahl 0 angeben)
err-pipeline-funnel-grows = Ausbildungspipeline { $ags } { $year }, Beruf "{ $occupation }", Gruppe { $group }: Stufe "{ $to }" hat { $to_count } Personen, mehr als die vorige Stufe "{ $from }" ({ $from_count }); die Zahlen dürfen im Verlauf nicht wachsen
err-pipeline-ladder-mismatch = Ausbildungspipeline { $ags }: die Jahre { $first } und { $second } haben verschiedene Stufen und lassen sich nicht zusammenfassen

## Retention
err-retention-mixed-reasons = Abgänge { $ags } { $year }: manche Zeilen haben einen Grund, andere nicht; entweder alle Zeilen mit Grund oder keine
err-retention-duplicate = Abgänge { $ags } { $year }, Segment { $segment }, Gruppe { $group }: Zeile doppelt (Grund { $reason })
err-retention-headcount-differs = Abgänge { $ags } { $year }, Segment { $segment }, Gruppe { $group }: die Zeilen verschiedener Gründe nennen verschiedene Beschäftigtenzahlen ({ $first } und { $second }); sie müssen dieselbe wiederholen
err-retention-exits-exceed = Abgänge { $ags } { $year }, Segment { $segment }, Gruppe { $group }: { $exits } Abgänge bei nur { $headcount } Beschäftigten

## Accounts
err-account-city-required = Die Rolle { $role } gehört zu genau einer Stadt: bitte --city AGS angeben.
err-account-city-not-allowed = Die Rolle { $role } gilt für alle Städte bzw. die Installation: keine Stadt angeben.

## What a scenario key expects
exp-between = muss zwischen { $min } und { $max } liegen
exp-within = muss in { $range } liegen
exp-horizon-after = start_year + horizon = { $end } liegt nach 2200
exp-required-by = muss zwischen start_year = { $start } und start_year + horizon = { $end } liegen
exp-hire-band = Altersband muss innerhalb von { $min } bis retirement_age − 1 = { $max } liegen (age_from ≤ age_to)
exp-positive-finite = muss positiv und endlich sein
exp-initial-band = Altersband mit 0 ≤ age_from ≤ age_to ≤ { $max } erwartet
exp-finite-nonneg = muss eine endliche Zahl ≥ 0 sein

## Store
err-store-conflict = { $what } ist bereits durch Import { $id } gespeichert (Datei „{ $file }“, importiert am { $date }). Es wurde nichts gespeichert. Um die Daten zu ersetzen, zuerst Import { $id } löschen und dann erneut importieren.
err-scope-staff = Personaldaten für { $ags }, Jahr { $period }
err-scope-responses = Befragungsantworten für { $ags }, Welle { $period }
err-scope-population = Bevölkerungsdaten für { $ags }, Jahr { $period }, Definition { $definition }, Quelle { $source }
err-scope-pipeline = Bewerbungsverfahren Ausbildung für { $ags }, Jahr { $period }
err-scope-exits = Abgänge für { $ags }, Jahr { $period }
err-store-not-found = Import { $id } gibt es nicht.
err-store-invalid = Abgelehnt: { $reason }. Es wurde nichts gespeichert.
err-store-inconsistent = Gespeicherte Daten passen nicht zur Konfiguration: { $detail }
err-store-io = Verzeichnis { $path } für die Datenbank kann nicht angelegt werden: { $detail }
err-store-file-mode = Zugriffsrechte der Datenbankdatei { $path } können nicht gesetzt werden: { $detail }
err-store-log-busy = Das Schreibprotokoll der Datenbank (Datei „…-wal“) konnte nicht geleert werden, weil ein anderes Programm die Datenbank gerade liest (zum Beispiel eine Sicherung). Bis es geleert ist, verrät es die Reihenfolge der letzten Antworten. Bitte den Vorgang wiederholen, sobald das andere Programm fertig ist (eine Welle also erneut schließen).
err-store-in-use = Import { $id } kann nicht gelöscht werden: er enthält die Antworten der Befragungswelle { $wave } der Stadt { $ags }, die mit abbild durchgeführt wurde (Zugangscodes und Freigaben verweisen auf ihn). Die Antworten bleiben erhalten; eine falsche Welle bitte mit der Administration klären.
err-store-database = Datenbankfehler: { $detail }
err-store-migrate = Datenbank-Migration fehlgeschlagen: { $detail }
err-store-code-hash = Code-Hash mit falscher Länge
err-store-wave-exists = Die Befragungswelle { $wave } für { $ags } gibt es schon
err-store-no-wave = Die Befragungswelle { $wave } für { $ags } gibt es nicht
err-store-wave-closed = Die Befragungswelle { $wave } ist geschlossen; alle Antworten sind freigegeben
err-store-nothing-new = Seit der letzten Freigabe der Welle { $wave } sind keine Antworten hinzugekommen
err-store-column-not-carried = Datenzeile { $row }: Wert in Spalte „{ $column }“, die laut Import-Angaben nicht in der Datei ist (Spalten: { $columns })
err-store-too-large = Datenzeile { $row }: { $column } { $value } ist zu groß
err-store-check = ein Wert verletzt eine Prüfregel der Datenbank ({ $detail })
err-store-sha = SHA-256 „{ $value }“ ist keine 64-stellige Hexadezimalzahl
err-store-no-rows = die Datei { $file } enthält keine Datenzeilen
err-store-pipeline-dims = eine Datei zum Bewerbungsverfahren hat keine Segmentspalten (angegeben: { $dims })
err-store-user-exists = Den Benutzernamen „{ $name }“ gibt es schon
err-store-no-user = Den Benutzer „{ $name }“ gibt es nicht
err-store-scenario-name = Name des Szenarios: 1 bis 80 Zeichen

## Service
err-import = { $detail }
err-import-shared = Import { $id } enthält Daten mehrerer Städte und kann nur von der Administration gelöscht werden.
err-file-unreadable = { $file } kann nicht gelesen werden: { $detail }
err-withheld-grouping = Diese Gliederung wird nicht veröffentlicht: zusammen mit früher veröffentlichten Tabellen derselben Daten ließe sie Rückschlüsse auf weniger als 5 Personen zu. Bitte eine der schon veröffentlichten Gliederungen verwenden.
err-no-staff-data = Stadt { $ags }: keine Personaldaten vorhanden
err-nothing-to-analyse = Keine Stadt hat sowohl Personaldaten als auch Antworten; nichts zu analysieren
err-reader-aborted = Das Lesen der Dateien wurde abgebrochen.
err-what-staff-year = Personaljahr
err-what-wave = Befragungswelle
err-not-present = Stadt { $ags }: { $what } { $value } nicht vorhanden (vorhanden: { $present })
err-none-present = Stadt { $ags }: { $what } fehlt
err-codes-count = Anzahl der Codes: 1 bis { $max }, angegeben { $n }
err-csv-write = CSV schreiben: { $detail }
err-projection-no-survey = Für { $ags } gibt es keine Befragung mit Beschäftigtenzahlen nach Alter
err-projection-share-withheld = Der Gesamtanteil der Stadt ist gesperrt (zu wenige Antworten); bitte den Ausgangszustand in das Szenario schreiben (initial = [...])
err-projection-no-age-bands = Die Personaldaten der Stadt haben keine Altersgruppen; bitte den Ausgangszustand in das Szenario schreiben (initial = [...])
err-wave-not-year = Welle { $wave } ist kein Jahr
err-scenario-toml = { $file }: kein gültiges Szenario (TOML): { $detail }
err-city-not-in-db = Stadt { $ags } ist nicht in der Datenbank
err-report = Bericht: { $detail }
err-password-hash = Passwort-Hash: { $detail }
err-release-short = Zwischenfreigabe nicht möglich: { $n ->
        [one] { $n } Gruppe hat
       *[other] { $n } Gruppen haben
    } seit der letzten Freigabe nur 1 bis { $most } neue Antworten. Jede Gruppe braucht 0 oder mindestens { $k } neue Antworten; bitte später erneut versuchen oder die Welle schließen.

## Survey letters
err-letters-languages = Briefe: { $n } Sprachen angegeben, möglich sind eine oder zwei
err-letters-lang = Briefe: „{ $lang }“ ist keine Sprachkennung (zwei oder drei Kleinbuchstaben, ISO 639)
err-letters-qr = Briefe: QR-Code für „{ $url }“ nicht möglich
err-letters-too-long = Briefe: der Text passt nicht auf eine Seite je Code ({ $pages } Seiten für { $codes } Codes)
err-letters-pdf = Briefe: { $detail }

## What a value is expected to be (parsers and importers)
exp-one-of = { $choices } oder { $last }
exp-yes-no-unknown = yes/no/unknown bzw. ja/nein/weiß nicht (leer = weiß nicht)
exp-yes-no = yes/no bzw. ja/nein
exp-ags = 8-stelliger Amtlicher Gemeindeschlüssel, z. B. 05916000
exp-year = Jahreszahl zwischen 1950 und 2200
exp-age-band = Altersband mit 0 ≤ Alter von ≤ Alter bis ≤ 120
exp-age = ganze Zahl von 0 bis 120 (Alter in Jahren)
exp-level = einfach, mittel, gehoben oder hoeher (oder eine Entgelt-/Besoldungsgruppe wie EG 9b, A 11, S 8a)
exp-status = beamte, tarif oder azubi
exp-sex = w, m, d oder x (keine Angabe)
exp-confidence = Konfidenzniveau zwischen 0 und 1, z. B. 0.95
exp-code = 15 Zeichen aus Ziffern 2–9 und Buchstaben ohne I und O, z. B. K7QM4-XW9PA-3HTRC
exp-question = eine Frage des Fragebogens
exp-age-group = Altersgruppe wie 25-34
exp-field = ein Tätigkeitsfeld-Code: { $codes }
exp-pool = none, years, occupations oder both (Jahre und/oder Berufe zusammenfassen)
exp-group = with, without oder unknown (mit/ohne/unbekannt)
exp-language = ISO-639-1-Sprachcode aus zwei Buchstaben, z. B. tr, ar, pl
exp-occupation = Name des Ausbildungsberufs (1 bis 120 Zeichen, ohne Steuerzeichen)
exp-stage = Name der Stufe (1 bis 60 Zeichen), z. B. beworben, test, gespräch, angebot, eingestellt
exp-exit-reason = retirement, resignation, contract_end, not_taken_over oder other (Ruhestand, Kündigung, Vertragsende, nicht übernommen, Sonstiges)
exp-role = Rolle: admin, coordinator, analyst oder viewer
exp-user-name = Benutzername: 3–64 Zeichen aus a–z, 0–9, Punkt, Bindestrich, Unterstrich oder @
exp-password = Passwort mit mindestens 12 Zeichen
exp-count = ganze Zahl ≥ 0, z. B. 12 (12,0 geht auch)
exp-count-negative = ganze Zahl ≥ 0 (keine negativen Werte)
exp-count-ambiguous = ganze Zahl ohne Tausendertrennzeichen – drei Stellen nach Punkt oder Komma sind mehrdeutig (Tausender oder Nachkommastellen?)
exp-count-fraction = ganze Zahl ≥ 0 ohne Nachkommastellen (Personen werden gezählt)
exp-count-too-large = ganze Zahl ≥ 0 (Wert ist zu groß)
exp-count-u32 = ganze Zahl bis 4294967295
exp-stage-order = ganze Zahl ab 1 (Position der Stufe im Verfahren: 1 = Bewerbung)
exp-both-ages = beide Altersgrenzen oder keine (beide leer = keine Angabe)
exp-once-segment = jedes Segment nur einmal – dieselbe Kombination steht schon in Zeile { $row }
exp-once-population = jede Kombination aus AGS, Jahr, Definition, Quelle, Altersband und Geschlecht nur einmal – sie steht schon in Zeile { $row }
exp-once-pipeline = jede Kombination aus AGS, Jahr, Ausbildungsberuf, Stufe und Gruppe nur einmal – sie steht schon in Zeile { $row }
exp-once-exits = jede Kombination aus AGS, Jahr, Segment, Gruppe und Grund nur einmal – sie steht schon in Zeile { $row }
exp-at-most-as-many = höchstens so viele wie "{ $column }" ({ $n })
exp-one-order = { $order } wie für die Stufe "{ $stage }" in Zeile { $row } – jede Stufe hat je Beruf und Jahr nur eine Reihenfolge
exp-one-stage = "{ $stage }" wie in Zeile { $row } – die Reihenfolge { $order } gehört je Beruf und Jahr zu nur einer Stufe
exp-funnel = höchstens { $n } wie die vorige Stufe "{ $stage }" in Zeile { $row } (gleicher Beruf, gleiche Gruppe) – eine Stufe kann nicht mehr Personen haben als die davor
exp-abbild-column = eine Spalte von abbild: { $columns }
exp-value-pairs = Paare Code=Wert, getrennt durch |, z. B. Y=yes|N=no
exp-a-reason = einen Grund – für dieselbe Gruppe stehen Abgänge je Grund (Zeile { $row }); eine Zeile ohne Grund zusätzlich würde Abgänge doppelt zählen
exp-same-headcount = { $n } wie in Zeile { $row } – Zeilen, die sich nur im Grund unterscheiden, zählen dieselben Beschäftigten
exp-exits-sum = zusammen mit den anderen Gründen höchstens "{ $column }" ({ $n }) – die Zeilen { $rows } ergeben zusammen { $sum } Abgänge
exp-no-value-without-header = keinen Wert – die Spalte hat keine Überschrift
exp-own-ags = den Gemeindeschlüssel Ihrer Stadt ({ $ags })
