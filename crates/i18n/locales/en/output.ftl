# Column headers, units and withheld-cell reasons of the one output model (pages, downloads, API, report).

## Cells
out-yes = yes
out-no = no
out-withheld = withheld
out-not-stated = not stated
out-all = all
out-withheld-explained = withheld: fewer than 5 persons or computable from them – not shown to protect respondents

## Protection line for statisticians (command line, report sources)
out-protection-technical-lp = Confidentiality: threshold k = { $k }; { $primary } cells suppressed as sensitive and { $secondary } to protect them; LP audit of { $checked } sensitive cells, narrowest interval { $width }.
out-protection-technical-proof = Confidentiality: threshold k = { $k }; { $primary } cells suppressed as sensitive and { $secondary } to protect them; proof of { $checked } sensitive cells, narrowest interval at least { $width }.
out-protection-unbounded = unbounded

## Sheets
out-sheet-notes = Notes
out-col-sheet = Table
out-col-notes = Confidentiality and notes
out-sheet-pipeline = Apprentices
out-sheet-retention = Retention
out-sheet-projection = Projection
out-sheet-representation = Representation

## Columns shared by several results
out-ags = AGS
out-year = Year
out-wave = Wave
out-headcount = Staff
out-share = Share
out-segment = Group
out-ci-low = Interval low
out-ci-high = Interval high
out-fisher-p-two-sided = Fisher p (two-sided)
out-status = Status

## Apprentice pipeline
out-pipeline-occupation = Occupation
out-pipeline-applicant-share = Share with MB among applicants
out-pipeline-outreach-benchmark = Population 15–24 with MB
out-pipeline-from = from stage
out-pipeline-to = to stage
out-pipeline-with-in = with MB: at stage
out-pipeline-with-out = with MB: advanced
out-pipeline-with-rate = with MB: rate
out-pipeline-without-in = without MB: at stage
out-pipeline-without-out = without MB: advanced
out-pipeline-without-rate = without MB: rate
out-pipeline-impact-ratio = Impact ratio
out-pipeline-relative-likelihood = Relative likelihood (without/with)
out-pipeline-fisher-p-less = Fisher p (one-sided, less)
out-pipeline-four-fifths = below 4/5
out-pipeline-shortfall = Shortfall (persons)
out-pipeline-cumulative-impact-ratio = Cumulative impact ratio
out-status-ok = ok
out-status-withheld = withheld

## Retention
out-retention-reason = Reason
out-retention-with-headcount = with MB: staff
out-retention-with-exits = with MB: exits
out-retention-with-rate = with MB: exit rate
out-retention-without-headcount = without MB: staff
out-retention-without-exits = without MB: exits
out-retention-without-rate = without MB: exit rate
out-retention-exit-ratio = Ratio of exit rates
out-retention-fisher-p-greater = Fisher p (one-sided, greater)
out-reason-all = all reasons
out-reason-retirement = Retirement
out-reason-resignation = Resignation
out-reason-contract_end = End of contract
out-reason-not_taken_over = Not taken on
out-reason-other = Other

## Projection
out-projection-with = with migration background
out-projection-target = Target
out-projection-p05 = Share 5 %
out-projection-p50 = Share 50 %
out-projection-p95 = Share 95 %
out-projection-summary = Parity: { $parity }; hiring share needed: { $hire }; equilibrium at constant staff: { $equilibrium }.
out-projection-no-parity = not within the period
out-projection-no-hire = even 100 % is not enough

## Representation
out-definition = Definition
out-scope = Row level
out-scope-segment = Segment
out-scope-overall = Total
out-with-migration = with migration background
out-response-rate = Response rate
out-benchmark-total = Population share
out-benchmark-standardized = Population share, age-standardised
out-ratio = Ratio
out-gap-heads = Gap (persons)
out-assessment = Assessment
out-uncovered-headcount = not covered (staff)
out-protection = Protection
out-protection-protected = protected
out-protection-unprotected = unprotected
out-confidence = { $level } % CI
out-total-stratified = Total (stratified)
out-total = Total
out-interval = Interval
out-interval-line = { $method }, confidence level { $level }
out-city-line = City { $ags }
out-warning-line = Note { $ags }

## Dimensions and their values
out-dim-field = Field
out-dim-level = Level
out-dim-status = Status
out-dim-leadership = Leadership
out-dim-age = Age
out-dim-sex = Sex
out-level-einfach = basic service
out-level-mittel = intermediate service
out-level-gehoben = higher intermediate service
out-level-hoeher = senior service
out-employment-beamte = civil servants
out-employment-tarif = employees
out-employment-azubi = apprentices and trainees
out-leadership-yes = leadership role
out-leadership-no = no leadership role
out-age = { $band } years
out-sex-w = female
out-sex-m = male
out-sex-d = diverse
out-sex-x = not stated
out-assessment-under = under-represented
out-assessment-within = within range
out-assessment-over = over-represented
out-assessment-not_estimable = not estimable
out-assessment-suppressed = suppressed
out-respondents = Responses
out-definition-mh = migration background (Destatis)
out-definition-eg = immigration history (Destatis)
out-definition-eg_nrw = immigration history (TIntG NRW § 4)
out-method-wilson_fpc = Wilson with finite population correction
out-method-wilson = Wilson
out-method-clopper_pearson = Clopper-Pearson (exact)
out-source-zensus2022 = Census 2022
out-source-mikrozensus = Microcensus
out-source-register = population register
out-repr-title = Representation by { $by } · definition: { $definition } · interval: { $method }, { $confidence }
out-repr-overview-title = Cities · definition: { $definition } · interval: { $method }, { $confidence }
out-repr-city = { $name }(AGS { $ags }) · staff { $year } · survey { $wave } · benchmark: { $source }, { $definition }
out-repr-uncovered = Not covered (segments with < 2 responses): { $uncovered } staff · no segment stated: { $unassigned } responses · not classifiable (definition): { $unclassified } responses
out-repr-overview-foot = Staff { $year } · survey { $wave } · benchmark: { $source }; share stratified over segments, "age-standardised" = to the staff's age structure.
out-warning = Note: { $text }
