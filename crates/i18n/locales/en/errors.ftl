# Error messages of every layer (core, store, service, letters), as structured values
# (`abbild_i18n::Message`) rendered at the edge in the reader's language.

## General
err-parse = "{ $value }": expected { $expected }
err-with-file = { $file }: { $cause }
err-list = { $first }; { $rest }

## Population benchmark
err-benchmark-empty = Population benchmark { $ags }: no rows for { $what }
err-benchmark-overlap = Population benchmark { $ags }: age bands { $a } and { $b } overlap
err-benchmark-not-a-union = Staff age band { $staff } is not a union of age bands of benchmark { $ags } ({ $bands }); every staff age band must be made up exactly of benchmark bands
err-benchmark-no-persons = Population benchmark { $ags }: age band { $band } has 0 residents, its share cannot be determined
err-benchmark-ambiguous = Population benchmark { $ags }: several benchmarks ({ $found }); choose one with --definition or --year

## Representation
err-analysis-dim-not-carried = Cannot group by { $dim }: the { $file } has no column { $dim } (present: { $present })
err-analysis-file-staff = staff file
err-analysis-file-responses = response file
err-analysis-segment-not-in-staff = City { $ags }: segment { $segment } occurs in the responses ({ $respondents } responses) but not in the staff file
err-analysis-respondents-exceed = City { $ags }: segment { $segment } has { $respondents } responses but only { $headcount } staff
err-analysis-no-staff = City { $ags }: no staff in the staff file for { $year }

## Scenario
err-scenario-invalid = { $key } = { $value }: { $expected }
err-scenario-overlap = { $key }: age bands { $a } and { $b } overlap
err-scenario-empty-profile = hire_age_profile is empty: at least one age band with weight > 0 is needed
err-scenario-empty-initial = initial: the starting staff is 0 persons; at least one person is needed
err-scenario-no-initial-source = initial is missing: give the starting staff as initial = [...] or city and wave for the database
err-scenario-missing-initial = initial is missing: the starting staff must be filled in from the database before the projection (city, wave)
err-scenario-too-large = Target headcount { $headcount } in { $year } is too large for the Monte Carlo simulation (at most { $max }); reduce headcount_growth or horizon

## Field catalogue
err-catalog-duplicate = Field catalogue: code "{ $code }" occurs twice
err-catalog-too-many = Field catalogue: at most 255 fields
err-catalog-bad-code = Field catalogue: code "{ $code }" is empty or contains spaces

## Disclosure control
err-sdc-k-too-small = Threshold k = { $k } is too small (at least 3)
err-sdc-bad-protection = Protection width { $width } is invalid (must be finite and ≥ 0)
err-sdc-unknown-dim = unknown dimension "{ $dim }"
err-sdc-dim-index = dimension no. { $index } does not exist
err-sdc-nothing = nothing to publish
err-sdc-row-length = row has { $found } values, expected { $expected }
err-sdc-unknown-value = dimension { $dim }: value no. { $index } does not exist
err-sdc-duplicate-cell = cell { $key } occurs twice
err-sdc-too-large = too many dimensions or values
err-sdc-class-dim = class dimension no. { $index } does not exist
err-sdc-prior-mismatch = previously published cell { $dims } { $key } = { $prior } does not match the data ({ $actual })
err-sdc-prior-discloses = earlier releases already narrow the sensitive cell { $dims } { $key } to [{ $min }, { $max }] (width < { $required })
err-sdc-unknown-cell = no such published cell { $dims } { $key }
err-sdc-solver = LP solver: { $detail }
err-sdc-invalid-input = inconsistent input to disclosure control: { $detail }

## Apprentice pipeline and outreach
err-youth-no-population = City { $ags }: no population figures under definition { $definition }
err-youth-not-coverable = City { $ags }: population { $source } { $year } does not cover ages 15–24 exactly ({ $reason }); its age bands must add up to exactly 15–24
err-pipeline-duplicate = Apprentice pipeline { $ags } { $year }: duplicate row (occupation "{ $occupation }", stage "{ $stage }", group { $group })
err-pipeline-same-order = Apprentice pipeline { $ags } { $year }: stage_order { $order } is used by both "{ $first }" and "{ $second }"; each stage needs its own number
err-pipeline-two-orders = Apprentice pipeline { $ags } { $year }: stage "{ $stage }" has two stage_order values ({ $first } and { $second })
err-pipeline-missing-stage = Apprentice pipeline { $ags } { $year }: occupation "{ $occupation }" has no rows for stage "{ $stage }", which other occupations of the city use that year (write zeros as rows with count 0)
err-pipeline-funnel-grows = Apprentice pipeline { $ags } { $year }, occupation "{ $occupation }", group { $group }: stage "{ $to }" has { $to_count } persons, more than the previous stage "{ $from }" ({ $from_count }); the funnel must not grow
err-pipeline-ladder-mismatch = Apprentice pipeline { $ags }: years { $first } and { $second } have different stages and cannot be pooled

## Retention
err-retention-mixed-reasons = Exits { $ags } { $year }: some rows give a reason and others do not; either all rows or none
err-retention-duplicate = Exits { $ags } { $year }, segment { $segment }, group { $group }: duplicate row (reason { $reason })
err-retention-headcount-differs = Exits { $ags } { $year }, segment { $segment }, group { $group }: rows that differ only in reason give different headcounts ({ $first } vs { $second }); they must repeat the same one
err-retention-exits-exceed = Exits { $ags } { $year }, segment { $segment }, group { $group }: { $exits } exits exceed the headcount of { $headcount }

## Accounts
err-account-city-required = The role { $role } belongs to exactly one city: please give --city AGS.
err-account-city-not-allowed = The role { $role } applies to all cities or the installation: give no city.

## What a scenario key expects
exp-between = must be between { $min } and { $max }
exp-within = must lie in { $range }
exp-horizon-after = start_year + horizon = { $end } is after 2200
exp-required-by = must be between start_year = { $start } and start_year + horizon = { $end }
exp-hire-band = age band must lie within { $min } to retirement_age − 1 = { $max } (age_from ≤ age_to)
exp-positive-finite = must be positive and finite
exp-initial-band = age band with 0 ≤ age_from ≤ age_to ≤ { $max } expected
exp-finite-nonneg = must be a finite number ≥ 0

## Store
err-store-conflict = { $what } is already stored by import { $id } (file "{ $file }", imported on { $date }). Nothing was stored. To replace the data, first delete import { $id }, then import again.
err-scope-staff = Staff data for { $ags }, year { $period }
err-scope-responses = Survey responses for { $ags }, wave { $period }
err-scope-population = Population data for { $ags }, year { $period }, definition { $definition }, source { $source }
err-scope-pipeline = Apprenticeship selection for { $ags }, year { $period }
err-scope-exits = Exits for { $ags }, year { $period }
err-store-not-found = There is no import { $id }.
err-store-invalid = Refused: { $reason }. Nothing was stored.
err-store-inconsistent = Stored data do not match the configuration: { $detail }
err-store-io = Cannot create directory { $path } for the database: { $detail }
err-store-file-mode = Cannot set the access rights of the database file { $path }: { $detail }
err-store-log-busy = The database's write-ahead log (file "…-wal") could not be emptied because another program is reading the database (a backup, for example). Until it is emptied it reveals the order of the latest answers. Please repeat the action once the other program has finished (close the wave again).
err-store-in-use = Import { $id } cannot be deleted: it holds the answers of survey wave { $wave } of city { $ags }, which was run with abbild (access codes and releases refer to it). The answers are kept; please clear up a wrong wave with the administration.
err-store-database = Database error: { $detail }
err-store-migrate = Database migration failed: { $detail }
err-store-code-hash = code hash of the wrong length
err-store-wave-exists = Survey wave { $wave } for { $ags } already exists
err-store-no-wave = There is no survey wave { $wave } for { $ags }
err-store-wave-closed = Survey wave { $wave } is closed; all answers are released
err-store-nothing-new = No answers have arrived since the last release of wave { $wave }
err-store-column-not-carried = Data row { $row }: value in column "{ $column }", which according to the import details is not in the file (columns: { $columns })
err-store-too-large = Data row { $row }: { $column } { $value } is too large
err-store-check = a value violates a check rule of the database ({ $detail })
err-store-sha = SHA-256 "{ $value }" is not a 64-digit hexadecimal number
err-store-no-rows = the file { $file } holds no data rows
err-store-pipeline-dims = an apprenticeship selection file has no segment columns (given: { $dims })
err-store-user-exists = The user name "{ $name }" is taken
err-store-no-user = There is no user "{ $name }"
err-store-scenario-name = Name of the scenario: 1 to 80 characters

## Service
err-import = { $detail }
err-import-shared = Import { $id } holds data of several cities and can only be deleted by the administration.
err-file-unreadable = { $file } cannot be read: { $detail }
err-withheld-grouping = This breakdown is not published: together with tables of the same data published earlier it would allow conclusions about fewer than 5 persons. Please use one of the breakdowns already published.
err-no-staff-data = City { $ags }: no staff data
err-nothing-to-analyse = No city has both staff data and responses; nothing to analyse
err-reader-aborted = Reading the files was aborted.
err-what-staff-year = staff year
err-what-wave = survey wave
err-not-present = City { $ags }: { $what } { $value } not present (present: { $present })
err-none-present = City { $ags }: { $what } missing
err-codes-count = Number of codes: 1 to { $max }, given { $n }
err-csv-write = Writing CSV: { $detail }
err-projection-no-survey = There is no survey with staff numbers by age for { $ags }
err-projection-share-withheld = The city's overall share is withheld (too few responses); please write the starting state into the scenario (initial = [...])
err-projection-no-age-bands = The city's staff data have no age groups; please write the starting state into the scenario (initial = [...])
err-wave-not-year = Wave { $wave } is not a year
err-scenario-toml = { $file }: not a valid scenario (TOML): { $detail }
err-city-not-in-db = City { $ags } is not in the database
err-report = Report: { $detail }
err-password-hash = Password hash: { $detail }
err-release-short = Interim release not possible: { $n ->
        [one] { $n } group has
       *[other] { $n } groups have
    } only 1 to { $most } new answers since the last release. Every group needs 0 or at least { $k } new answers; please try again later or close the wave.

## Survey letters
err-letters-languages = Letters: { $n } languages given, one or two are possible
err-letters-lang = Letters: "{ $lang }" is not a language code (two or three lower-case letters, ISO 639)
err-letters-qr = Letters: no QR code possible for "{ $url }"
err-letters-too-long = Letters: the text does not fit on one page per code ({ $pages } pages for { $codes } codes)
err-letters-pdf = Letters: { $detail }

## What a value is expected to be (parsers and importers)
exp-one-of = { $choices } or { $last }
exp-yes-no-unknown = yes/no/unknown or ja/nein/weiß nicht (empty = unknown)
exp-yes-no = yes/no or ja/nein
exp-ags = 8-digit official municipality key (AGS), e.g. 05916000
exp-year = a year between 1950 and 2200
exp-age-band = age band with 0 ≤ age from ≤ age to ≤ 120
exp-age = whole number from 0 to 120 (age in years)
exp-level = einfach, mittel, gehoben or hoeher (or a pay grade such as EG 9b, A 11, S 8a)
exp-status = beamte, tarif or azubi
exp-sex = w, m, d or x (not stated)
exp-confidence = confidence level between 0 and 1, e.g. 0.95
exp-code = 15 characters from the digits 2–9 and letters without I and O, e.g. K7QM4-XW9PA-3HTRC
exp-question = a question of the questionnaire
exp-age-group = age group such as 25-34
exp-field = a field code: { $codes }
exp-pool = none, years, occupations or both (pool years and/or occupations)
exp-group = with, without or unknown (mit/ohne/unbekannt)
exp-language = two-letter ISO 639-1 language code, e.g. tr, ar, pl
exp-occupation = name of the apprenticeship occupation (1 to 120 characters, no control characters)
exp-stage = name of the stage (1 to 60 characters), e.g. beworben, test, gespräch, angebot, eingestellt
exp-exit-reason = retirement, resignation, contract_end, not_taken_over or other
exp-role = role: admin, coordinator, analyst or viewer
exp-user-name = user name: 3–64 characters from a–z, 0–9, dot, hyphen, underscore or @
exp-password = password of at least 12 characters
exp-count = whole number ≥ 0, e.g. 12 (12,0 works too)
exp-count-negative = whole number ≥ 0 (no negative values)
exp-count-ambiguous = whole number without thousands separators – three digits after a point or comma are ambiguous (thousands or decimals?)
exp-count-fraction = whole number ≥ 0 without decimals (persons are counted)
exp-count-too-large = whole number ≥ 0 (the value is too large)
exp-count-u32 = whole number up to 4294967295
exp-stage-order = whole number from 1 (position of the stage in the procedure: 1 = application)
exp-both-ages = both age limits or none (both empty = not stated)
exp-once-segment = every segment only once – the same combination is already in row { $row }
exp-once-population = every combination of AGS, year, definition, source, age band and sex only once – it is already in row { $row }
exp-once-pipeline = every combination of AGS, year, occupation, stage and group only once – it is already in row { $row }
exp-once-exits = every combination of AGS, year, segment, group and reason only once – it is already in row { $row }
exp-at-most-as-many = at most as many as "{ $column }" ({ $n })
exp-one-order = { $order } as for the stage "{ $stage }" in row { $row } – each stage has only one order per occupation and year
exp-one-stage = "{ $stage }" as in row { $row } – the order { $order } belongs to only one stage per occupation and year
exp-funnel = at most { $n } like the previous stage "{ $stage }" in row { $row } (same occupation, same group) – a stage cannot have more persons than the one before
exp-abbild-column = a column of abbild: { $columns }
exp-value-pairs = pairs code=value separated by |, e.g. Y=yes|N=no
exp-a-reason = a reason – the same group has exits per reason (row { $row }); an extra row without a reason would count exits twice
exp-same-headcount = { $n } as in row { $row } – rows that differ only in the reason count the same staff
exp-exits-sum = together with the other reasons at most "{ $column }" ({ $n }) – rows { $rows } add up to { $sum } exits
exp-no-value-without-header = no value – the column has no header
exp-own-ags = the municipality key of your city ({ $ags })
