# The regional report: chapter titles, headings and running text.

# Renderers: the frame every format puts around the chapters.
report-skip = Skip to content
report-contents = Contents
report-sources = Sources
report-data-table = Data: table { $id }
report-sheet-notes = Confidentiality and notes
report-footer-page = Page
report-footer-of = of

# Title page.
report-title-region = Diversity in the city administrations: regional report { $year }
report-title-city = Diversity in the city administration: report { $city } { $year }
report-subtitle-region = Reporting year { $year } · { $count } cities ({ $cities })
report-subtitle-city = Reporting year { $year }
report-author = Cooperation of Ruhr cities · made with abbild

# Column headers; a header used by several tables has one wording everywhere.
report-col-city = City
report-col-wave = Wave
report-col-year = Year
report-col-staff = Staff
report-col-responses = Responses
report-col-response-rate = Response rate
report-col-share = Share
report-col-ci-low = CI low
report-col-ci-high = CI high
report-col-population-total = Population total
report-col-population-std = Population age-standardised
report-col-ratio = Ratio
report-col-gap = Gap (heads)
report-col-change = Change since previous wave (pp)
report-col-assessment = Assessment
report-col-target = Target
report-col-scenario = Scenario
report-col-staff-change = Staff change per year
report-col-start-year = Start year
report-col-start-share = Share at start
report-col-scenario-hiring = Hiring share in scenario
report-col-parity-year = Parity year
report-col-required-hiring = Required hiring share
report-col-by-year = By year
report-col-equilibrium = Equilibrium share
report-col-field-level = Field · level
report-col-age-group = Age group
report-col-status = Status
report-col-leadership = Leadership
report-col-applicant-share = Share with MH among applicants
report-col-outreach = Population 15–24 with MH
report-col-cumulative-ratio = Impact ratio application to hire
report-col-flagged = Transitions below 4/5
report-col-step = Step
report-col-reason = Reason
report-col-with = with MH: { $what }
report-col-without = without MH: { $what }
report-part-at-stage = at stage
report-part-advanced = advanced
report-part-staff = staff
report-part-exits = exits
report-part-rate = rate
report-col-impact-ratio = Impact ratio
report-col-exit-ratio = Exit ratio
report-col-fisher = Fisher p (one-sided)
report-col-below-four-fifths = below 4/5
report-col-shortfall = Shortfall (persons)
report-col-with-mh = with MH
report-col-share-p05 = Share 5 %
report-col-share-p95 = Share 95 %
report-col-benchmark-source = Benchmark source
report-col-benchmark-year = Benchmark year
report-col-definition = Definition
report-col-staff-year = Staff year
report-col-survey-wave = Survey wave
report-col-table = Table
report-col-title = Title
report-col-threshold = Threshold k
report-col-primary = primary
report-col-secondary = secondary

# Figures and charts.
report-figure-caption = Figure { $number }: { $title }.
report-chart-part = { $title } (part { $part } of { $parts })
report-chart-interval = Interval ({ $confidence } %)
report-chart-benchmark = Population (age-standardised)
report-chart-suppressed = suppressed
report-chart-model-share = Share (model)
report-chart-band = 90 % band
report-chart-parity = Parity
report-funnel-with = with a migration history
report-funnel-without = without a migration history
report-funnel-ratio = ratio of rates

# Protection notes under the tables.
report-combined-protection = Overall rows of each city's protected tables (threshold k = { $k }; { $primary } cells suppressed as sensitive and { $secondary } to protect them in those tables).

# Summary.
report-summary = Summary
report-summary-no-survey = { $city }: no usable survey in the reporting year
report-summary-table = Share with a migration history per city, by ratio to the benchmark
report-summary-chart-desc = Bars: staff share per city with interval; dashed: age-standardised population share.
report-summary-where = Where each city stands
report-summary-city = { $city }: share { $share } (interval { $low } to { $high }), age-standardised population share { $benchmark }, ratio { $ratio }, gap { $gap } heads; { $assessment }.
report-summary-city-change = { $city }: share { $share } (interval { $low } to { $high }), age-standardised population share { $benchmark }, ratio { $ratio }, gap { $gap } heads; { $assessment }; change since the previous wave { $change } points.
report-summary-projection-table = Projection: parity year and required hiring share per city
report-summary-projection-note = Model run (SPEC §4) on the published age structure; not a count of persons. “not reached”: target not reached within the horizon; “–” for the required share: not reachable even with 100 %.
report-summary-parity = When parity is within reach
report-scenario-default = default
report-not-reached = not reached

# Representation.
report-representation = Representation
report-trend-title = { $city }: trend over the waves
report-trend-desc = Line: staff share per wave with interval; dashed: population share.
report-view-title = { $city }: by { $view }, wave { $wave }
report-view-fields = field and career level
report-view-age = age group
report-view-status = employment status (apprentices)
report-view-leadership = leadership role
report-view-desc = Bars: staff share per group with interval; dashed: population share; hatched: suppressed.
report-total = Total

# Apprenticeships and retention.
report-pipeline = Apprenticeships and retention
report-pipeline-table = Apprenticeships: applications and selection per city (all occupations)
report-selection-title = { $city }: selection { $year }, { $occupation }
report-funnel-desc = Two bars per stage: persons with and without a migration history; on the right the ratio of the rates.
report-exits-title = { $city }: exits by reason { $year }
report-reason-retirement = retirement
report-reason-resignation = resignation
report-reason-contract-end = contract end
report-reason-not-taken-over = not taken over
report-reason-other = other

# Projection.
report-projection = Projection
report-projection-title = { $city }: projected share
report-projection-summary = Parity { $parity }; required hiring share { $required }; equilibrium { $equilibrium }.
report-projection-parity-none = not reached
report-projection-required-none = not reachable even with 100 %
report-projection-note = Model run, not a count of persons; persons rounded. { $summary }
report-fact-scenario-default = default (no saved scenario)
report-fact-hiring = Hiring share with MH
report-fact-exit-rates = Exit rate with / without MH
report-fact-retirement = Retirement age

# Methods.
report-methods = Methods
report-definitions = Definitions
report-definition-used = Every share in this report (staff, population, apprenticeships, retention) uses the definition “{ $label }” ({ $code }). The population benchmark names the same definition.
report-benchmark-data = Benchmark and data
report-sources-table = Sources per city
report-metadata-note = Metadata, not a count of persons.
report-intervals-weighting = Intervals and weighting
report-response = Response
report-confidentiality = Confidentiality
report-suppressed-total = Across all protected tables of the report, { $primary } cells were suppressed because they count fewer than k persons (primary), and { $secondary } more so that the suppressed ones cannot be recomputed from sums and differences (secondary). A linear-programming audit showed for every sensitive cell that it can only be narrowed to an interval at least k wide.
report-suppressed-table = Suppressed cells per table
report-suppressed-note = Primary: a count between 1 and k − 1 (or derived from one). Secondary: suppressed so that primary cells cannot be recomputed. Counts of the group “unknown” are never published.

# Appendix and sources.
report-appendix = Appendix: all tables
report-appendix-intro = Every table of the report in full, numbered as in the text and in the Excel file (one sheet per table). “–” marks a suppressed or not computable value.
report-source-report = Report
report-source-report-region = Reporting year { $year } · region
report-source-report-city = Reporting year { $year } · city { $ags }
report-source-staff = The cities' staff statistics (heads by field, level, status, age, leadership) for the reporting year.
report-source-survey = Survey
report-source-survey-text = Anonymous staff survey with abbild (one-time codes, no link to persons).
report-source-population = Population
report-source-population-text = Census 2022 (Federal and State Statistical Offices), migration history by age group; per city see table “Sources per city”.
report-source-pipeline = Apprenticeships and exits
report-source-pipeline-text = The cities' application and selection data and exits in the reporting year.
report-source-confidentiality = Every table passed abbild's confidentiality step (SPEC §5); suppressed values are empty or “–”.
report-source-note = Note ({ $city })

# The fixed prose: figures never appear here, they come from the tables.
report-text-goals = The cities of the cooperation have committed themselves: in the long run, the share of staff with a migration history is to match that share of the city's population, and intercultural competence is to count when staff are hired and developed. This report shows for the reporting year where each city stands, how the share develops, how the selection of apprentices works out and when parity can be reached under today's assumptions.
report-text-how-to-read = How to read: the fair benchmark is the age-standardised population share – the share the administration would have with its own age structure if it matched the population (children raise the population share but cannot be staff). A ratio of 1 means parity; the gap in heads is the number of persons missing for parity today. “Under-represented” means that the whole interval lies below the benchmark.
report-text-representation = For each city: the trend over the survey waves and the representation by field and career level, age group, employment status (apprentices included) and leadership role in the reporting year's wave. Hatched bars and “–” mark suppressed values.
report-text-pipeline = The selection of apprentices from application to hire, pooled over all occupations. The impact ratio divides the success rate of applicants with a migration history by that of the others; below 0.8 (four fifths) indicates adverse impact. Then retention: exit rates by reason and their ratio (above 1 means staff with a migration history leave more often).
report-text-projection = When is parity reached, and what share of hires does it take while staff are being cut? Per city the saved scenario (the latest one saved) or, if none is saved, the default scenario: staff cut by 1 % a year, hiring share equal to today's share, 5 % exits a year in both groups, retirement at 67, target the age-standardised population share.
report-text-definitions-intro = There is no single definition. abbild stores the answers, not a flag, and derives each definition from them (SPEC §1):
report-text-definition-mh = Migrationshintergrund (mh, Destatis): with, if the person or a parent was not German by birth.
report-text-definition-eg = Einwanderungsgeschichte (eg, Destatis since 2023, Census 2022): with, if the person or both parents were born abroad.
report-text-definition-eg-nrw = Einwanderungsgeschichte by § 4 TIntG NRW (eg_nrw): with, if the person is not German, was born abroad or has at least one parent born abroad.
report-text-benchmark = The total population share is the literal goal of the agreement (share in the whole city population). The age-standardised share applies the staff's age structure to the population's age-specific shares: b* = Σ (N_a / N) · (M_a / P_a). Ratio = share / b*; gap = round(N · (b* − share)).
report-text-intervals = Intervals: Wilson interval with finite population correction (effective sample size n' = n·(N−1)/(N−n)) at the 95 % level; for a full census the interval is the point. For selection and retention: Katz interval of the ratio and Fisher's exact test.
report-text-weighting = Weighting: a city's overall share is stratified over the groups by field and career level (weight = staff of the group / staff of all groups with at least two responses), so a group with a high response counts no more than its staff. Its interval is the normal interval of the stratified estimate.
report-text-response = The response rate (responses / staff) is given per city in the overview table and per group in the representation tables. Answers that cannot be classified under the definition do not count as responses of the group.
report-text-confidentiality = No figure in this report allows conclusions about individual employees. Every table from survey and staff counts passed the same protection step as abbild's pages and downloads: a count below the threshold k is sensitive and suppressed (primary); further cells are suppressed so that sensitive cells cannot be narrowed down from sums, differences and margins (secondary); a linear-programming audit proves this for every sensitive cell. Shares, intervals and ratios derived from suppressed cells are suppressed as well. A city's tables are protected per view, as they also appear on the pages.
report-text-projection-method = Model (SPEC §4): headcount by age and group, initial state from the published age structure of the survey (suppressed age groups take the city's overall share). Each year: exits, ageing and retirement, target headcount after the staff change, hires with the hiring share. The 90 % band comes from 1,000 Monte Carlo runs with whole persons (fixed seed, hence reproducible). The required hiring share is the smallest share that reaches the target in the target year.
