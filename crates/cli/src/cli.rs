//! Command-line grammar. Every outside value is parsed into a domain newtype here.

use abbild_core::access::{Role, UserName};
use abbild_core::stats::{Confidence, IntervalMethod};
use abbild_core::{Ags, Definition, DimSet, Wave, Year};
use abbild_export::Format;
use abbild_import::Kind;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// abbild – Monitoring der interkulturellen Öffnung kommunaler Verwaltungen
/// (staff with migration history vs. city population).
#[derive(Debug, Parser)]
#[command(name = "abbild", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Demo: erzeugt die W1-Demodaten, lädt sie in eine SQLite-Datenbank, legt Demokonten an
    /// und startet die Webanwendung.
    Demo {
        /// Datenverzeichnis für Datenbank und Demodateien.
        #[arg(long, default_value = "data")]
        data_dir: PathBuf,
        /// Startwert des Zufallsgenerators.
        #[arg(long, default_value_t = 2024)]
        seed: u64,
        /// Adresse der Webanwendung.
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: std::net::SocketAddr,
        /// Nur Daten laden und Übersicht zeigen, keinen Server starten.
        #[arg(long)]
        no_serve: bool,
    },
    /// Startet die Webanwendung.
    Serve {
        /// SQLite-Datei (oder postgres://-URL).
        #[arg(long, env = "ABBILD_DB", default_value = "data/abbild.sqlite")]
        db: String,
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: std::net::SocketAddr,
    },
    /// Anonyme Beschäftigtenbefragung: Wellen öffnen, schließen, exportieren.
    Survey {
        #[command(subcommand)]
        action: SurveyAction,
    },
    /// Konten verwalten (Rollen: admin, coordinator, analyst, viewer).
    User {
        #[command(subcommand)]
        action: UserAction,
    },
    /// Erzeugt deterministische Testdaten (SPEC §7: w1 regional, w2 national).
    Generate {
        #[arg(long, value_parser = parse_workload)]
        workload: abbild_synth::Workload,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long)]
        out: PathBuf,
    },
    /// Schreibt eine leere XLSX-Vorlage mit deutschen Spaltenköpfen und Erläuterungen.
    Template {
        #[arg(value_parser = parse_kind)]
        kind: Kind,
        #[arg(long)]
        out: PathBuf,
    },
    /// Importiert eine Datei (CSV oder XLSX) geprüft und vollständig oder gar nicht.
    Import {
        #[arg(value_parser = parse_kind)]
        kind: Kind,
        file: PathBuf,
        /// SQLite-Datei (oder postgres://-URL).
        #[arg(long, env = "ABBILD_DB")]
        db: String,
    },
    /// Importiert Antworten aus einem LimeSurvey-Export über eine Zuordnungsdatei
    /// (Spalten limesurvey, abbild, values); Metadaten wie Datum und IP-Adresse werden verworfen.
    ImportLimesurvey {
        file: PathBuf,
        #[arg(long)]
        mapping: PathBuf,
        #[arg(long, value_parser = parse_ags)]
        ags: Ags,
        /// Welle; sonst aus der Zuordnung (Ziel `wave`).
        #[arg(long, value_parser = parse_wave)]
        wave: Option<Wave>,
        #[arg(long, env = "ABBILD_DB")]
        db: String,
    },
    /// Zeigt oder löscht Importe.
    Imports {
        #[command(subcommand)]
        action: ImportsAction,
    },
    /// Das Veröffentlichungsregister: jede geschützte Tabelle, die abbild aus der Datenbank
    /// verlassen hat (Seite, Download, API, Befehlszeile, Bericht).
    Releases {
        #[command(subcommand)]
        action: ReleasesAction,
    },
    /// Analysen.
    Analyze {
        #[command(subcommand)]
        what: Analysis,
    },
    /// Geheimhaltung auf beliebige Tabellen anwenden (für Personalräte und Statistiker):
    /// primäre und sekundäre Sperrung mit LP-Prüfung.
    Protect(ProtectArgs),
    /// Projektion des Anteils bis zur Parität (SPEC §4) mit Monte-Carlo-Bändern.
    Project(ProjectArgs),
    /// Regionalbericht für die Landesregierung: HTML, PDF/UA und XLSX aus einem geschützten
    /// Ergebnis (Zusammenfassung, Repräsentation, Ausbildung, Verbleib, Projektion, Methoden,
    /// Anhang mit allen Tabellen).
    Report(ReportArgs),
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// SQLite-Datei (oder postgres://-URL).
    #[arg(long, env = "ABBILD_DB")]
    pub db: String,
    /// Berichtsjahr (Personaljahr; Befragung dieses Jahres oder die letzte davor).
    #[arg(long, value_parser = parse_year)]
    pub year: Year,
    /// Nur diese Städte (AGS, kommagetrennt); sonst alle.
    #[arg(long, value_delimiter = ',', value_parser = parse_ags)]
    pub cities: Vec<Ags>,
    /// Ausgabeverzeichnis (wird angelegt).
    #[arg(long)]
    pub out: PathBuf,
    /// Formate, kommagetrennt: html, pdf, xlsx.
    #[arg(long, default_value = "html,pdf,xlsx")]
    pub format: String,
    /// Sprache der Ausgabe: de oder en.
    #[arg(long, default_value = "de")]
    pub lang: String,
}

#[derive(Debug, Args)]
pub struct ProtectArgs {
    /// CSV mit Dimensionsspalten und einer Spalte `count` (eine Zeile je feinster Zelle).
    #[arg(long)]
    pub cells: PathBuf,
    /// Zu veröffentlichende Tabelle als kommagetrennte Dimensionen (mehrfach möglich);
    /// jede Tabelle enthält alle ihre Randsummen.
    #[arg(long = "publish", required = true)]
    pub publish: Vec<String>,
    /// Schwelle k (mindestens 3).
    #[arg(long, default_value_t = 5)]
    pub k: u64,
    /// Auch Nullen gelten als sensibel.
    #[arg(long)]
    pub zeros_sensitive: bool,
    /// Klassendimension für die Regel „alle in einer Klasse“ (Standard: die Spalte `class`,
    /// falls vorhanden); die Regel gilt immer, wenn es eine Klassendimension gibt.
    #[arg(long)]
    pub class_dim: Option<String>,
    #[arg(long, default_value = "json", value_parser = parse_format)]
    pub format: Format,
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum SurveyAction {
    /// Öffnet eine Welle und schreibt N einmalige Zugangscodes als CSV (nur jetzt sichtbar).
    Open {
        #[arg(long, value_parser = parse_ags)]
        ags: Ags,
        #[arg(long, value_parser = parse_wave)]
        wave: Wave,
        /// Anzahl der Zugangscodes.
        #[arg(long)]
        codes: usize,
        /// CSV-Datei für die Codes (Serienbrief).
        #[arg(long)]
        out: PathBuf,
        /// Zusätzlich die Briefe als PDF (eine Seite je Code, mit QR-Code).
        #[arg(long, requires = "url")]
        letters: Option<PathBuf>,
        /// Adresse des Fragebogens für die Briefe, z. B. https://abbild.essen.de/befragung.
        #[arg(long, env = "ABBILD_SURVEY_URL")]
        url: Option<String>,
        /// Der Brieftext zusätzlich in dieser Sprache, als zweite Spalte neben dem deutschen
        /// (`en`; andere Sprachen hat der Katalog nicht).
        #[arg(long = "second-language", alias = "zweitsprache", requires = "letters", value_parser = parse_second_language)]
        second_language: Option<abbild_web::i18n::Lang>,
        #[arg(long, env = "ABBILD_DB", default_value = "data/abbild.sqlite")]
        db: String,
    },
    /// Gibt die bisherigen Antworten einer offenen Welle als Zwischenergebnis frei. Nur
    /// möglich, wenn seit der letzten Freigabe jede veröffentlichte Gruppe keine oder
    /// mindestens 5 neue Antworten hat (SPEC §6).
    Release {
        #[arg(long, value_parser = parse_ags)]
        ags: Ags,
        #[arg(long, value_parser = parse_wave)]
        wave: Wave,
        #[arg(long, env = "ABBILD_DB", default_value = "data/abbild.sqlite")]
        db: String,
    },
    /// Schließt eine Welle: keine Antworten mehr; alle Antworten werden freigegeben.
    Close {
        #[arg(long, value_parser = parse_ags)]
        ags: Ags,
        #[arg(long, value_parser = parse_wave)]
        wave: Wave,
        #[arg(long, env = "ABBILD_DB", default_value = "data/abbild.sqlite")]
        db: String,
    },
    /// Schreibt die freigegebenen Antworten einer Welle im Importformat (SPEC §3). Solange
    /// die Welle offen ist, fehlen die noch nicht freigegebenen.
    Export {
        #[arg(long, value_parser = parse_ags)]
        ags: Ags,
        #[arg(long, value_parser = parse_wave)]
        wave: Wave,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, env = "ABBILD_DB", default_value = "data/abbild.sqlite")]
        db: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserAction {
    /// Legt ein Konto an. Ohne Passwort (ABBILD_PASSWORD oder --password-stdin) wird eines
    /// erzeugt und einmal angezeigt.
    Add {
        #[arg(value_parser = parse_user)]
        name: UserName,
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// Stadt (AGS) für analyst und viewer.
        #[arg(long, value_parser = parse_ags)]
        city: Option<Ags>,
        /// Passwort als erste Zeile der Standardeingabe.
        #[arg(long)]
        password_stdin: bool,
        #[arg(long, env = "ABBILD_DB", default_value = "data/abbild.sqlite")]
        db: String,
    },
    /// Setzt ein neues Passwort (beendet die Sitzungen des Kontos).
    Passwd {
        #[arg(value_parser = parse_user)]
        name: UserName,
        #[arg(long)]
        password_stdin: bool,
        #[arg(long, env = "ABBILD_DB", default_value = "data/abbild.sqlite")]
        db: String,
    },
    /// Sperrt ein Konto (beendet Sitzungen und API-Schlüssel).
    Disable {
        #[arg(value_parser = parse_user)]
        name: UserName,
        #[arg(long, env = "ABBILD_DB", default_value = "data/abbild.sqlite")]
        db: String,
    },
    /// Entsperrt ein Konto.
    Enable {
        #[arg(value_parser = parse_user)]
        name: UserName,
        #[arg(long, env = "ABBILD_DB", default_value = "data/abbild.sqlite")]
        db: String,
    },
    /// Listet die Konten.
    List {
        #[arg(long, env = "ABBILD_DB", default_value = "data/abbild.sqlite")]
        db: String,
    },
    /// Erzeugt einen API-Schlüssel für Skripte (einmal angezeigt).
    Token {
        #[arg(value_parser = parse_user)]
        name: UserName,
        #[arg(long, default_value = "skript")]
        label: String,
        #[arg(long, env = "ABBILD_DB", default_value = "data/abbild.sqlite")]
        db: String,
    },
}

fn parse_user(s: &str) -> Result<UserName, String> {
    UserName::parse(s).map_err(|e| e.to_string())
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s).map_err(|e| e.to_string())
}

#[derive(Debug, Subcommand)]
pub enum ImportsAction {
    /// Listet alle Importe.
    List {
        #[arg(long, env = "ABBILD_DB")]
        db: String,
    },
    /// Löscht einen Import mit allen seinen Zeilen.
    Delete {
        id: i64,
        #[arg(long, env = "ABBILD_DB")]
        db: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReleasesAction {
    /// Listet die Veröffentlichungen, die neueste zuerst.
    List {
        /// Nur diese Stadt.
        #[arg(long, value_parser = parse_ags)]
        ags: Option<Ags>,
        #[arg(long, env = "ABBILD_DB")]
        db: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum Analysis {
    /// Repräsentation nach Segmenten gegenüber dem Bevölkerungsbenchmark.
    Representation(RepresentationArgs),
    /// Bewerbungsverfahren der Ausbildung: Übergänge je Stufe und Gruppe (SPEC §4).
    Pipeline(PipelineArgs),
    /// Verbleib: Abgangsquoten je Gruppe, nach Grund und Segment (SPEC §4).
    Retention(RetentionArgs),
}

#[derive(Debug, Args)]
pub struct PipelineArgs {
    /// Datei des Bewerbungsverfahrens (CSV/XLSX).
    #[arg(long, conflicts_with = "db", required_unless_present = "db")]
    pub pipeline: Option<PathBuf>,
    /// Bevölkerungsbenchmark (für den Vergleich mit den 15- bis 24-Jährigen; optional).
    #[arg(long, conflicts_with = "db")]
    pub population: Option<PathBuf>,
    /// Datenbank statt Dateien.
    #[arg(long, env = "ABBILD_DB")]
    pub db: Option<String>,
    /// Nur diese Stadt / Städte (AGS, kommagetrennt).
    #[arg(long, value_delimiter = ',', value_parser = parse_ags)]
    pub ags: Vec<Ags>,
    /// Zusammenfassen: none, years, occupations, both.
    #[arg(long, default_value = "none", value_parser = parse_pool)]
    pub pool: abbild_core::pipeline::Pool,
    #[arg(long, default_value = "0.95", value_parser = parse_confidence)]
    pub confidence: Confidence,
    #[arg(long, default_value = "table", value_parser = parse_format)]
    pub format: Format,
    /// Ausgabedatei (für xlsx nötig; sonst Standardausgabe).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Geheimhaltungsschwelle k (mindestens 3).
    #[arg(long, default_value_t = 5)]
    pub k: u64,
}

#[derive(Debug, Args)]
pub struct RetentionArgs {
    /// Abgangsdatei (CSV/XLSX).
    #[arg(long, conflicts_with = "db", required_unless_present = "db")]
    pub exits: Option<PathBuf>,
    /// Datenbank statt Datei.
    #[arg(long, env = "ABBILD_DB")]
    pub db: Option<String>,
    /// Nur diese Stadt / Städte (AGS, kommagetrennt).
    #[arg(long, value_delimiter = ',', value_parser = parse_ags)]
    pub ags: Vec<Ags>,
    /// Segmente: field, level, status, leadership, age, sex (kommagetrennt; Standard: keine).
    #[arg(long, default_value = "", value_parser = parse_dims)]
    pub by: DimSet,
    #[arg(long, default_value = "0.95", value_parser = parse_confidence)]
    pub confidence: Confidence,
    #[arg(long, default_value = "table", value_parser = parse_format)]
    pub format: Format,
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Geheimhaltungsschwelle k (mindestens 3).
    #[arg(long, default_value_t = 5)]
    pub k: u64,
}

#[derive(Debug, Args)]
pub struct ProjectArgs {
    /// Szenario (TOML): start_year, horizon, attrition, hire_share, … (README, „Projektion“).
    #[arg(long)]
    pub scenario: PathBuf,
    /// Datenbank für den Ausgangszustand, wenn das Szenario kein `initial` hat.
    #[arg(long, env = "ABBILD_DB")]
    pub db: Option<String>,
    /// Monte-Carlo-Läufe (0 = keine Bänder).
    #[arg(long, default_value_t = 1000)]
    pub runs: u32,
    /// Startwert des Zufallsgenerators (gleicher Wert, gleiche Bänder).
    #[arg(long, default_value_t = 20240601)]
    pub seed: u64,
    /// table, json oder csv.
    #[arg(long, default_value = "table", value_parser = parse_format)]
    pub format: Format,
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RepresentationArgs {
    /// Personaldatei (CSV/XLSX).
    #[arg(long, requires_all = ["responses", "population"], conflicts_with = "db")]
    pub staff: Option<PathBuf>,
    /// Antwortdatei der Befragung (CSV/XLSX).
    #[arg(long, requires_all = ["staff", "population"])]
    pub responses: Option<PathBuf>,
    /// Bevölkerungsbenchmark (CSV/XLSX).
    #[arg(long, requires_all = ["staff", "responses"])]
    pub population: Option<PathBuf>,
    /// Datenbank statt Dateien.
    #[arg(long, env = "ABBILD_DB", required_unless_present = "staff")]
    pub db: Option<String>,
    /// Nur diese Stadt / Städte (AGS, kommagetrennt).
    #[arg(long, value_delimiter = ',', value_parser = parse_ags)]
    pub ags: Vec<Ags>,
    /// Gruppierung: field, level, status, leadership, age, sex (kommagetrennt).
    #[arg(long, default_value = "field,level", value_parser = parse_dims)]
    pub by: DimSet,
    /// mh, eg oder eg_nrw (Standard: die des Benchmarks).
    #[arg(long, value_parser = parse_definition)]
    pub definition: Option<Definition>,
    #[arg(long, default_value = "wilson_fpc", value_parser = parse_interval)]
    pub interval: IntervalMethod,
    #[arg(long, default_value = "0.95", value_parser = parse_confidence)]
    pub confidence: Confidence,
    /// Personaljahr (Standard: das jüngste).
    #[arg(long, value_parser = parse_year)]
    pub year: Option<Year>,
    /// Befragungswelle (Standard: die jüngste).
    #[arg(long, value_parser = parse_wave)]
    pub wave: Option<Wave>,
    #[arg(long, default_value = "table", value_parser = parse_format)]
    pub format: Format,
    /// Ausgabedatei (für xlsx nötig; sonst Standardausgabe).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Geheimhaltungsschwelle k (mindestens 3).
    #[arg(long, default_value_t = 5)]
    pub k: u64,
    /// Ungeschützte Zahlen (nur für Dateien, nur zur internen Prüfung; nie veröffentlichen).
    #[arg(long, conflicts_with = "db")]
    pub unprotected: bool,
}

fn parse_kind(s: &str) -> Result<Kind, String> {
    Kind::parse(s).map_err(|e| e.to_string())
}
fn parse_workload(s: &str) -> Result<abbild_synth::Workload, String> {
    abbild_synth::Workload::parse(s).map_err(|e| e.to_string())
}
fn parse_ags(s: &str) -> Result<Ags, String> {
    Ags::parse(s).map_err(|e| e.to_string())
}
fn parse_dims(s: &str) -> Result<DimSet, String> {
    DimSet::parse(s).map_err(|e| e.to_string())
}
fn parse_definition(s: &str) -> Result<Definition, String> {
    Definition::parse(s).map_err(|e| e.to_string())
}
fn parse_interval(s: &str) -> Result<IntervalMethod, String> {
    IntervalMethod::parse(s).map_err(|e| e.to_string())
}
fn parse_confidence(s: &str) -> Result<Confidence, String> {
    Confidence::parse(s).map_err(|e| e.to_string())
}
fn parse_year(s: &str) -> Result<Year, String> {
    Year::parse(s).map_err(|e| e.to_string())
}
fn parse_second_language(s: &str) -> Result<abbild_web::i18n::Lang, String> {
    use abbild_web::i18n::Lang;
    match Lang::parse(s) {
        Some(Lang::De) => Err("die Briefe sind schon deutsch".to_owned()),
        Some(lang) => Ok(lang),
        None => Err(format!(
            "„{s}“: der Katalog kennt nur „en“ als zweite Sprache"
        )),
    }
}
fn parse_wave(s: &str) -> Result<Wave, String> {
    Wave::parse(s).map_err(|e| e.to_string())
}
fn parse_pool(s: &str) -> Result<abbild_core::pipeline::Pool, String> {
    abbild_core::pipeline::Pool::parse(s).map_err(|e| e.to_string())
}
fn parse_format(s: &str) -> Result<Format, String> {
    Format::parse(s).map_err(|e| e.to_string())
}
