//! The fixed prose of the report, German and English. Figures never appear here: they come
//! from tables built in `build.rs`.

use crate::model::Lang;

pub fn goals(l: Lang) -> &'static str {
    l.t(
        "Die Städte der Kooperation haben sich verpflichtet: Der Anteil der Beschäftigten mit Einwanderungsgeschichte soll langfristig dem Anteil in der Bevölkerung der Stadt entsprechen, und interkulturelle Kompetenz soll bei Einstellung und Personalentwicklung zählen. Dieser Bericht zeigt für das Berichtsjahr, wo jede Stadt steht, wie sich der Anteil entwickelt, wie das Auswahlverfahren der Auszubildenden wirkt und wann Parität unter heutigen Annahmen erreichbar ist.",
        "The cities of the cooperation have committed themselves: in the long run, the share of staff with a migration history is to match that share of the city's population, and intercultural competence is to count when staff are hired and developed. This report shows for the reporting year where each city stands, how the share develops, how the selection of apprentices works out and when parity can be reached under today's assumptions.",
    )
}

pub fn how_to_read(l: Lang) -> &'static str {
    l.t(
        "Lesehilfe: Der faire Vergleichswert ist der altersstandardisierte Bevölkerungsanteil – der Anteil, den die Verwaltung bei ihrer eigenen Altersstruktur hätte, wenn sie der Bevölkerung entspräche (Kinder erhöhen den Anteil in der Bevölkerung, können aber nicht beschäftigt sein). Ein Verhältnis von 1 bedeutet Parität; die Lücke in Köpfen ist die Zahl der Personen, die heute für Parität fehlen. „Unterrepräsentiert“ heißt: das ganze Intervall liegt unter dem Vergleichswert.",
        "How to read: the fair benchmark is the age-standardised population share – the share the administration would have with its own age structure if it matched the population (children raise the population share but cannot be staff). A ratio of 1 means parity; the gap in heads is the number of persons missing for parity today. “Under-represented” means that the whole interval lies below the benchmark.",
    )
}

pub fn representation_intro(l: Lang) -> &'static str {
    l.t(
        "Für jede Stadt: die Entwicklung über die Befragungswellen und die Repräsentation nach Tätigkeitsfeld und Laufbahn, Altersgruppe, Beschäftigungsstatus (darunter die Auszubildenden) und Führungsaufgabe in der Welle des Berichtsjahres. Schraffierte Balken und „–“ kennzeichnen gesperrte Werte.",
        "For each city: the trend over the survey waves and the representation by field and career level, age group, employment status (apprentices included) and leadership role in the reporting year's wave. Hatched bars and “–” mark suppressed values.",
    )
}

pub fn pipeline_intro(l: Lang) -> &'static str {
    l.t(
        "Das Auswahlverfahren der Auszubildenden von der Bewerbung bis zur Einstellung, über alle Ausbildungsberufe zusammengefasst. Das Quotenverhältnis teilt die Erfolgsquote der Bewerberinnen und Bewerber mit Einwanderungsgeschichte durch die der übrigen; unter 0,8 (vier Fünftel) gilt als Hinweis auf Benachteiligung. Danach der Verbleib: Abgangsquoten nach Grund und ihr Verhältnis (über 1 heißt: Beschäftigte mit Einwanderungsgeschichte gehen häufiger).",
        "The selection of apprentices from application to hire, pooled over all occupations. The impact ratio divides the success rate of applicants with a migration history by that of the others; below 0.8 (four fifths) indicates adverse impact. Then retention: exit rates by reason and their ratio (above 1 means staff with a migration history leave more often).",
    )
}

pub fn projection_intro(l: Lang) -> &'static str {
    l.t(
        "Wann wird Parität erreicht, und welcher Anteil an den Einstellungen ist dafür nötig, während Personal abgebaut wird? Je Stadt das gespeicherte Szenario (das zuletzt gespeicherte) oder, wenn keines gespeichert ist, das Standardszenario: 1 % Personalabbau je Jahr, Einstellungsanteil wie der heutige Anteil, 5 % Abgänge je Jahr in beiden Gruppen, Ruhestand mit 67, Ziel der altersstandardisierte Bevölkerungsanteil.",
        "When is parity reached, and what share of hires does it take while staff are being cut? Per city the saved scenario (the latest one saved) or, if none is saved, the default scenario: staff cut by 1 % a year, hiring share equal to today's share, 5 % exits a year in both groups, retirement at 67, target the age-standardised population share.",
    )
}

pub fn definitions_intro(l: Lang) -> &'static str {
    l.t(
        "Es gibt keine einheitliche Definition. abbild speichert die Antworten, nicht ein Merkmal, und leitet jede Definition daraus ab (SPEC §1):",
        "There is no single definition. abbild stores the answers, not a flag, and derives each definition from them (SPEC §1):",
    )
}

pub fn definitions(l: Lang) -> [&'static str; 3] {
    [
        l.t(
            "Migrationshintergrund (mh, Destatis): mit, wenn die Person oder ein Elternteil nicht von Geburt an deutsch ist.",
            "Migrationshintergrund (mh, Destatis): with, if the person or a parent was not German by birth.",
        ),
        l.t(
            "Einwanderungsgeschichte (eg, Destatis seit 2023, Zensus 2022): mit, wenn die Person selbst oder beide Elternteile im Ausland geboren sind.",
            "Einwanderungsgeschichte (eg, Destatis since 2023, Census 2022): with, if the person or both parents were born abroad.",
        ),
        l.t(
            "Einwanderungsgeschichte nach § 4 TIntG NRW (eg_nrw): mit, wenn die Person nicht deutsch ist, im Ausland geboren ist oder mindestens ein Elternteil im Ausland geboren ist.",
            "Einwanderungsgeschichte by § 4 TIntG NRW (eg_nrw): with, if the person is not German, was born abroad or has at least one parent born abroad.",
        ),
    ]
}

pub fn benchmark(l: Lang) -> &'static str {
    l.t(
        "Der Bevölkerungsanteil gesamt ist das wörtliche Ziel der Vereinbarung (Anteil in der ganzen Stadtbevölkerung). Der altersstandardisierte Anteil wendet die Altersstruktur der Beschäftigten auf die altersspezifischen Anteile der Bevölkerung an: b* = Σ (N_a / N) · (M_a / P_a). Verhältnis = Anteil / b*; Lücke = gerundet N · (b* − Anteil).",
        "The total population share is the literal goal of the agreement (share in the whole city population). The age-standardised share applies the staff's age structure to the population's age-specific shares: b* = Σ (N_a / N) · (M_a / P_a). Ratio = share / b*; gap = round(N · (b* − share)).",
    )
}

pub fn intervals(l: Lang) -> &'static str {
    l.t(
        "Intervalle: Wilson-Intervall mit Endlichkeitskorrektur (effektiver Stichprobenumfang n' = n·(N−1)/(N−n)) zum Niveau 95 %; bei Vollerhebung ist das Intervall der Punkt. Im Auswahlverfahren und beim Verbleib: Katz-Intervall des Quotenverhältnisses und exakter Test nach Fisher.",
        "Intervals: Wilson interval with finite population correction (effective sample size n' = n·(N−1)/(N−n)) at the 95 % level; for a full census the interval is the point. For selection and retention: Katz interval of the ratio and Fisher's exact test.",
    )
}

pub fn weighting(l: Lang) -> &'static str {
    l.t(
        "Gewichtung: Der Gesamtanteil einer Stadt ist über die Gruppen nach Tätigkeitsfeld und Laufbahn geschichtet (Gewicht = Beschäftigte der Gruppe / Beschäftigte aller Gruppen mit mindestens zwei Antworten); so zählt eine Gruppe mit hohem Rücklauf nicht mehr, als sie Beschäftigte hat. Sein Intervall ist das Normalverteilungsintervall der geschichteten Schätzung.",
        "Weighting: a city's overall share is stratified over the groups by field and career level (weight = staff of the group / staff of all groups with at least two responses), so a group with a high response counts no more than its staff. Its interval is the normal interval of the stratified estimate.",
    )
}

pub fn response(l: Lang) -> &'static str {
    l.t(
        "Die Rücklaufquote (Antworten / Beschäftigte) steht je Stadt in der Übersichtstabelle und je Gruppe in den Tabellen der Repräsentation. Antworten, die keine Einordnung unter der Definition erlauben, zählen nicht als Antworten der Gruppe.",
        "The response rate (responses / staff) is given per city in the overview table and per group in the representation tables. Answers that cannot be classified under the definition do not count as responses of the group.",
    )
}

pub fn confidentiality(l: Lang) -> &'static str {
    l.t(
        "Keine Zahl dieses Berichts lässt Rückschlüsse auf einzelne Beschäftigte zu. Jede Tabelle aus Befragung und Personalzahlen hat denselben Schutzschritt durchlaufen wie die Seiten und Downloads von abbild: Eine Zählung unter der Schwelle k ist sensibel und wird gesperrt (primär); weitere Zellen werden gesperrt, damit sich sensible Zellen nicht aus Summen, Differenzen und Randsummen eingrenzen lassen (sekundär); eine Prüfung mit linearer Programmierung weist das für jede sensible Zelle nach. Anteile, Intervalle und Verhältnisse aus gesperrten Zellen sind ebenfalls gesperrt. Die Tabellen einer Stadt werden je Sicht geschützt, wie sie auch auf den Seiten erscheinen.",
        "No figure in this report allows conclusions about individual employees. Every table from survey and staff counts passed the same protection step as abbild's pages and downloads: a count below the threshold k is sensitive and suppressed (primary); further cells are suppressed so that sensitive cells cannot be narrowed down from sums, differences and margins (secondary); a linear-programming audit proves this for every sensitive cell. Shares, intervals and ratios derived from suppressed cells are suppressed as well. A city's tables are protected per view, as they also appear on the pages.",
    )
}

pub fn projection_method(l: Lang) -> &'static str {
    l.t(
        "Modell (SPEC §4): Bestand nach Alter und Gruppe, Startverteilung aus dem veröffentlichten Altersaufbau der Befragung (gesperrte Altersgruppen erhalten den Gesamtanteil der Stadt). Jedes Jahr: Abgänge, Altern und Ruhestand, Zielbestand nach der Personalveränderung, Einstellungen mit dem Einstellungsanteil. Das 90-%-Band stammt aus 1.000 Monte-Carlo-Läufen mit ganzen Personen (fester Startwert, daher reproduzierbar). Der nötige Einstellungsanteil ist der kleinste Anteil, mit dem das Ziel im Zieljahr erreicht wird.",
        "Model (SPEC §4): headcount by age and group, initial state from the published age structure of the survey (suppressed age groups take the city's overall share). Each year: exits, ageing and retirement, target headcount after the staff change, hires with the hiring share. The 90 % band comes from 1,000 Monte Carlo runs with whole persons (fixed seed, hence reproducible). The required hiring share is the smallest share that reaches the target in the target year.",
    )
}
