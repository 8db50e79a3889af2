//! Runs one command. Async only where the store needs it.

use crate::cli::{
    Analysis, Cli, Command, ImportsAction, PipelineArgs, ProjectArgs, ReleasesAction, ReportArgs,
    RepresentationArgs, RetentionArgs, SurveyAction, UserAction,
};
use abbild_core::access::{Password, Role, UserName};
use abbild_core::disclosure::{release_unprotected, Released, UnprotectedAck};
use abbild_core::representation::RepresentationReport;
use abbild_core::{Dim, DimSet, FieldCatalog};
use abbild_export::{CsvStyle, Format};
use abbild_import::Kind;
use abbild_service::analyze::{self, Files, Request};
use abbild_service::releases::{protect_recorded, Channel};
use abbild_service::Progress;
use abbild_store::Accounts;
use abbild_store::{AnyStore, ImportOutcome, Store};
use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::Write;
use std::path::Path;
use std::time::Duration;

/// The command line speaks German (its messages and tables are for the city's analysts).
fn german() -> abbild_i18n::Tr {
    abbild_i18n::Tr::new(abbild_i18n::I18n::global(), abbild_i18n::Lang::De)
}

/// The protection line a statistician reads on standard error.
fn protection_line<T>(rel: &Released<T>) -> String {
    abbild_export::output::protection_technical(rel.protection(), &german())
}

pub fn run(cli: Cli) -> Result<()> {
    let catalog = FieldCatalog::default();
    match cli.command {
        Command::Generate {
            workload,
            seed,
            out,
        } => generate(workload, seed, &out),
        Command::Template { kind, out } => {
            abbild_import::template::write_template(kind, &catalog, &out)
                .with_context(|| format!("Vorlage {} schreiben", out.display()))?;
            eprintln!(
                "Vorlage für {} geschrieben: {}",
                kind.label_de(),
                out.display()
            );
            Ok(())
        }
        Command::Import { kind, file, db } => block_on(async {
            let store = open(&db, &catalog).await?;
            import_one(&store, kind, &file, &catalog).await
        }),
        Command::Imports { action } => block_on(imports(action, &catalog)),
        Command::Releases {
            action: ReleasesAction::List { ags, db },
        } => block_on(async {
            let store = open(&db, &catalog).await?;
            let list = abbild_service::releases::list(&store, ags).await?;
            if list.is_empty() {
                println!("Keine Veröffentlichungen.");
            }
            for r in &list {
                println!(
                    "#{:<5} {}  Stadt {}  Welle/Definition {:<10} Gliederung {:<22} {:<6} {:>5} Zellen",
                    r.id,
                    r.released_on,
                    r.ags,
                    r.scope,
                    if r.dims.is_empty() { "(gesamt)" } else { &r.dims },
                    r.channel,
                    abbild_service::releases::cell_count(r),
                );
            }
            Ok(())
        }),
        Command::ImportLimesurvey {
            file,
            mapping,
            ags,
            wave,
            db,
        } => block_on(async {
            let store = open(&db, &catalog).await?;
            let (outcome, rows) = abbild_service::import::import_limesurvey(
                &store, &file, &mapping, ags, wave, &catalog,
            )
            .await?;
            match outcome {
                ImportOutcome::Imported { id, .. } => eprintln!(
                    "{}: {rows} Antworten aus LimeSurvey importiert als Import #{id}.",
                    file.display()
                ),
                ImportOutcome::AlreadyImported { id } => eprintln!(
                    "{}: bereits als Import #{id} vorhanden; nichts geändert.",
                    file.display()
                ),
            }
            Ok(())
        }),
        Command::Analyze {
            what: Analysis::Representation(args),
        } => representation(args, &catalog),
        Command::Analyze {
            what: Analysis::Pipeline(args),
        } => pipeline(args, &catalog),
        Command::Analyze {
            what: Analysis::Retention(args),
        } => retention(args, &catalog),
        Command::Project(args) => project(args, &catalog),
        Command::Report(args) => report(args, &catalog),
        Command::Demo {
            data_dir,
            seed,
            listen,
            no_serve,
        } => demo(&data_dir, seed, &catalog, (!no_serve).then_some(listen)),
        Command::Serve { db, listen } => block_on(async {
            let store = open(&db, &catalog).await?;
            serve(store, catalog.clone(), listen).await
        }),
        Command::User { action } => block_on(user(action, &catalog)),
        Command::Survey { action } => block_on(survey(action, &catalog)),
        Command::Protect(args) => protect(args),
    }
}

fn block_on<F: std::future::Future<Output = Result<()>>>(f: F) -> Result<()> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(f)
}

async fn open(db: &str, catalog: &FieldCatalog) -> Result<AnyStore> {
    AnyStore::open(db, catalog.clone())
        .await
        .with_context(|| format!("Datenbank {db} öffnen"))
}

async fn import_one(
    store: &AnyStore,
    kind: Kind,
    file: &Path,
    catalog: &FieldCatalog,
) -> Result<()> {
    let (outcome, rows) = abbild_service::import::import_file(store, kind, file, catalog).await?;
    match outcome {
        ImportOutcome::Imported { id, .. } => {
            eprintln!(
                "{}: {rows} Zeilen importiert als Import #{} ({}).",
                file.display(),
                id.0,
                kind.label_de()
            )
        }
        ImportOutcome::AlreadyImported { id } => eprintln!(
            "{}: bereits als Import #{} vorhanden – nichts geändert.",
            file.display(),
            id.0
        ),
    }
    Ok(())
}

async fn imports(action: ImportsAction, catalog: &FieldCatalog) -> Result<()> {
    match action {
        ImportsAction::List { db } => {
            let store = open(&db, catalog).await?;
            let list = store.list_imports().await?;
            if list.is_empty() {
                println!("Keine Importe.");
            }
            for i in list {
                let cities: Vec<String> = i.cities.iter().map(ToString::to_string).collect();
                let periods: Vec<String> = i.periods.iter().map(ToString::to_string).collect();
                println!(
                    "#{:<4} {:<12} {:<28} {:>8} Zeilen  Städte: {}  Jahre/Wellen: {}  am {}",
                    i.id.0,
                    i.kind.code(),
                    i.file_name,
                    i.rows,
                    cities.join(","),
                    periods.join(","),
                    i.imported_on
                );
            }
            Ok(())
        }
        ImportsAction::Delete { id, db } => {
            let store = open(&db, catalog).await?;
            store.delete_import(abbild_store::ImportId(id)).await?;
            eprintln!("Import #{id} gelöscht.");
            Ok(())
        }
    }
}

fn spinner() -> ProgressBar {
    let pb = ProgressBar::new_spinner();
    pb.set_style(
        ProgressStyle::with_template("{spinner} {elapsed} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    pb.enable_steady_tick(Duration::from_millis(200));
    pb
}

fn generate(workload: abbild_synth::Workload, seed: u64, out: &Path) -> Result<()> {
    let pb = spinner();
    let g = abbild_synth::generate(workload, seed, out, &mut |p| {
        pb.set_message(format!("{p:?}"))
    })
    .with_context(|| format!("Daten nach {} schreiben", out.display()))?;
    pb.finish_and_clear();
    eprintln!(
        "{} Personalzeilen ({} Beschäftigte), {} Antworten, {} Bevölkerungszeilen, \
         {} Zeilen Bewerbungsverfahren, {} Abgangszeilen nach {}",
        g.staff_rows,
        g.headcount,
        g.responses,
        g.population_rows,
        g.pipeline_rows,
        g.exit_rows,
        out.display()
    );
    Ok(())
}

fn request(a: &RepresentationArgs) -> Request {
    Request {
        by: a.by,
        definition: a.definition,
        interval: a.interval,
        confidence: a.confidence,
        year: a.year,
        wave: a.wave,
        city_waves: Default::default(),
        cities: a.ags.clone(),
    }
}

/// The unprotected door, only when the analyst asked with `--unprotected` for her own files;
/// every format then carries the warning.
fn unprotected(report: RepresentationReport) -> Released<RepresentationReport> {
    let released = release_unprotected(report, UnprotectedAck::for_internal_use_only());
    if let Some(w) = released.protection().warning() {
        eprintln!("WARNUNG: {w}");
    }
    released
}

fn sdc_config(k: u64) -> Result<abbild_core::sdc::Config> {
    if k < 3 {
        bail!("--k muss mindestens 3 sein (SPEC §5), angegeben: {k}");
    }
    Ok(abbild_core::sdc::Config::with_k(k))
}

fn protect(args: crate::cli::ProtectArgs) -> Result<()> {
    let mut cfg = sdc_config(args.k)?;
    cfg.zeros_sensitive = args.zeros_sensitive;
    let data = abbild_import::cells::read_cells(&args.cells)?;
    // The one-class rule (SPEC §5) applies whenever the cells have a class dimension: the
    // column named by --class-dim, else a column `class`. There is no way to switch it off.
    cfg.class_dim = match &args.class_dim {
        Some(name) => Some(
            data.dim(name)
                .with_context(|| format!("--class-dim {name}: keine solche Spalte"))?,
        ),
        None => data.dim("class"),
    };
    let publish = args
        .publish
        .iter()
        .map(|p| {
            let names: Vec<&str> = p
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect();
            abbild_core::sdc::Publish::by_names(&data, &names)
                .with_context(|| format!("--publish {p}"))
        })
        .collect::<Result<Vec<_>>>()?;
    let pb = spinner();
    let rel = abbild_core::disclosure::protect_tables(
        &data,
        &publish,
        &cfg,
        &abbild_core::sdc::Prior::none(),
        &mut |p| {
            pb.set_message(format!(
                "{:?}: {}/{} ({} gesperrt)",
                p.phase, p.done, p.total, p.suppressed
            ));
        },
    )?;
    pb.finish_and_clear();
    eprintln!("{}", protection_line(&rel));
    let bytes = match args.format {
        Format::Json => abbild_export::tables::json(&rel)?.into_bytes(),
        Format::Csv => {
            let mut buf = Vec::new();
            abbild_export::tables::csv(&rel, &mut buf)?;
            buf
        }
        Format::Table | Format::Xlsx => bail!("abbild protect kann json oder csv ausgeben"),
    };
    match &args.out {
        Some(path) => {
            std::fs::write(path, bytes).with_context(|| format!("{} schreiben", path.display()))?
        }
        None => std::io::stdout().lock().write_all(&bytes)?,
    }
    Ok(())
}

fn representation(args: RepresentationArgs, catalog: &FieldCatalog) -> Result<()> {
    let req = request(&args);
    let rel = match (&args.staff, &args.responses, &args.population, &args.db) {
        (Some(staff), Some(responses), Some(population), _) => {
            let files = Files {
                staff: staff.clone(),
                responses: responses.clone(),
                population: population.clone(),
            };
            let pb = spinner();
            let progress = |p: Progress| match p {
                Progress::Rows { file, rows } => {
                    pb.set_message(format!("{file}: {rows} Zeilen gelesen"))
                }
                Progress::Cities { done, total } => {
                    pb.set_message(format!("{done}/{total} Städte analysiert"))
                }
            };
            if args.unprotected {
                let r = analyze::representation_from_files(&files, &req, catalog, &progress);
                pb.finish_and_clear();
                unprotected(r?)
            } else {
                let cfg = sdc_config(args.k)?;
                let r = analyze::protected_representation_from_files(
                    &files, &req, catalog, &cfg, &progress,
                );
                pb.finish_and_clear();
                let rel = r?;
                eprintln!("{}", protection_line(&rel));
                rel
            }
        }
        (None, None, None, Some(db)) => {
            if args.unprotected {
                bail!("--unprotected gilt nur für eigene Dateien, nicht für die Datenbank");
            }
            let rt = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()?;
            let cfg = sdc_config(args.k)?;
            rt.block_on(async {
                let store = open(db, catalog).await?;
                let report = analyze::representation_from_db(&store, &req, catalog).await?;
                let rel = protect_recorded(&store, report, &cfg, catalog, Channel::Cli).await?;
                eprintln!("{}", protection_line(&rel));
                Ok::<_, anyhow::Error>(rel)
            })?
        }
        _ => bail!("entweder --staff, --responses und --population oder --db angeben"),
    };
    write_report(&rel, args.format, args.out.as_deref())
}

fn write_report(
    rel: &Released<RepresentationReport>,
    format: Format,
    out: Option<&Path>,
) -> Result<()> {
    let bytes = match format {
        Format::Table => abbild_export::representation::table(rel, &german()).into_bytes(),
        Format::Json => abbild_export::representation::json(rel)?.into_bytes(),
        Format::Csv => {
            let mut buf = Vec::new();
            abbild_export::representation::csv(rel, CsvStyle::Canonical, &mut buf)?;
            buf
        }
        Format::Xlsx => {
            if out.is_none() {
                bail!("--format xlsx braucht --out DATEI.xlsx");
            }
            abbild_export::representation::xlsx(rel, &german())?
        }
    };
    match out {
        Some(path) => {
            std::fs::write(path, bytes).with_context(|| format!("{} schreiben", path.display()))?
        }
        None => std::io::stdout().lock().write_all(&bytes)?,
    }
    Ok(())
}

/// Writes `bytes` to `out`, or to stdout.
fn emit(bytes: &[u8], out: Option<&Path>) -> Result<()> {
    match out {
        Some(path) => {
            std::fs::write(path, bytes).with_context(|| format!("{} schreiben", path.display()))
        }
        None => Ok(std::io::stdout().lock().write_all(bytes)?),
    }
}

fn need_out(format: Format, out: Option<&Path>) -> Result<()> {
    if format == Format::Xlsx && out.is_none() {
        bail!("--format xlsx braucht --out DATEI.xlsx");
    }
    Ok(())
}

/// An importer's reader for one kind of file.
type Reader<T> = fn(
    &Path,
    &abbild_import::Options<'_>,
    &mut dyn FnMut(T),
) -> Result<abbild_import::Summary, abbild_import::ImportError>;

/// Reads a whole file of one kind through the importer (all rows or an error).
fn read_all<T>(path: &Path, catalog: &FieldCatalog, read: Reader<T>) -> Result<Vec<T>> {
    let mut rows = Vec::new();
    read(path, &abbild_import::Options::new(catalog), &mut |r| {
        rows.push(r)
    })?;
    Ok(rows)
}

fn keep_cities<T>(rows: &mut Vec<T>, ags: &[abbild_core::Ags], of: fn(&T) -> abbild_core::Ags) {
    if !ags.is_empty() {
        rows.retain(|r| ags.contains(&of(r)));
    }
}

fn pipeline(args: PipelineArgs, catalog: &FieldCatalog) -> Result<()> {
    use abbild_service::pipeline::{pipeline_from_records, PipelineRequest};
    need_out(args.format, args.out.as_deref())?;
    let (mut records, population) = match (&args.pipeline, &args.db) {
        (Some(file), _) => {
            let records = read_all(file, catalog, |p, o, s| {
                abbild_import::read_pipeline(p, o, s)
            })?;
            let population = match &args.population {
                Some(f) => read_all(f, catalog, |p, o, s| {
                    abbild_import::read_population(p, o, s)
                })?,
                None => Vec::new(),
            };
            (records, population)
        }
        (None, Some(db)) => block_on_value(async {
            let store = open(db, catalog).await?;
            let (mut r, mut p) = (Vec::new(), Vec::new());
            for ags in store.cities().await? {
                if args.ags.is_empty() || args.ags.contains(&ags) {
                    r.extend(store.pipeline_records(ags).await?);
                    p.extend(store.population(ags, None).await?);
                }
            }
            Ok((r, p))
        })?,
        (None, None) => bail!("--pipeline DATEI oder --db angeben"),
    };
    keep_cities(&mut records, &args.ags, |r| r.ags);
    if records.is_empty() {
        bail!("keine Daten des Bewerbungsverfahrens für die gewählten Städte");
    }
    let req = PipelineRequest {
        pool: args.pool,
        confidence: args.confidence,
        k: checked_k(args.k)?,
    };
    let rel = pipeline_from_records(&records, &population, &req)?;
    let bytes =
        abbild_export::pipeline::pipeline(&rel, args.format, CsvStyle::Canonical, &german())?;
    emit(&bytes, args.out.as_deref())
}

fn retention(args: RetentionArgs, catalog: &FieldCatalog) -> Result<()> {
    need_out(args.format, args.out.as_deref())?;
    let mut records = match (&args.exits, &args.db) {
        (Some(file), _) => read_all(file, catalog, |p, o, s| abbild_import::read_exits(p, o, s))?,
        (None, Some(db)) => block_on_value(async {
            let store = open(db, catalog).await?;
            let mut r = Vec::new();
            for ags in store.cities().await? {
                if args.ags.is_empty() || args.ags.contains(&ags) {
                    r.extend(store.exit_records(ags).await?);
                }
            }
            Ok(r)
        })?,
        (None, None) => bail!("--exits DATEI oder --db angeben"),
    };
    keep_cities(&mut records, &args.ags, |r| r.ags);
    if records.is_empty() {
        bail!("keine Abgangsdaten für die gewählten Städte");
    }
    let rel = abbild_service::pipeline::retention_from_records(
        &records,
        args.by,
        args.confidence,
        checked_k(args.k)?,
        catalog,
    )?;
    let bytes =
        abbild_export::pipeline::retention(&rel, args.format, CsvStyle::Canonical, &german())?;
    emit(&bytes, args.out.as_deref())
}

fn project(args: ProjectArgs, catalog: &FieldCatalog) -> Result<()> {
    use abbild_service::projection;
    need_out(args.format, args.out.as_deref())?;
    let name = args.scenario.display().to_string();
    let text = std::fs::read_to_string(&args.scenario).with_context(|| format!("{name} lesen"))?;
    let mut scenario = projection::parse_toml(&name, &text)?;
    if scenario.initial.is_none() {
        let (Some(city), Some(db)) = (scenario.city, args.db.as_deref()) else {
            bail!(
                "{name}: ohne `initial` braucht das Szenario `city` (und `wave`) und --db für den Ausgangszustand"
            );
        };
        let state = block_on_value(async {
            let store = open(db, catalog).await?;
            let cap = abbild_core::access::CityWrite::local_operator(city).read();
            Ok(
                projection::initial_from_db(&store, &cap, scenario.wave, catalog, Channel::Cli)
                    .await?,
            )
        })?;
        if !state.filled_from_overall.is_empty() {
            eprintln!(
                "Hinweis: Für die Altersgruppen {} ist der Anteil gesperrt; dort gilt der Gesamtanteil der Stadt.",
                state.filled_from_overall.join(", ")
            );
        }
        scenario.initial = Some(state.bands);
    }
    let mc = abbild_core::projection::MonteCarloOptions {
        runs: args.runs,
        seed: args.seed,
        ..Default::default()
    };
    let p = projection::run(&scenario, &mc)?;
    let bytes = abbild_export::projection::render(&p, args.format, CsvStyle::Canonical, &german())?;
    emit(&bytes, args.out.as_deref())
}

/// `abbild report`: the regional report in every format asked for, from one protected result.
fn report(args: ReportArgs, catalog: &FieldCatalog) -> Result<()> {
    use abbild_service::report::{self, Lang, ReportFormat, ReportRequest, Scope};
    let formats = ReportFormat::parse_list(&args.format)?;
    let lang = Lang::parse(&args.lang)?;
    let req = ReportRequest {
        year: args.year,
        lang,
    };
    let started = std::time::Instant::now();
    let built = block_on_value(async {
        let store = open(&args.db, catalog).await?;
        let cap = abbild_core::access::RegionRead::local_operator();
        Ok(report::regional(&store, &cap, &req, &args.cities, catalog).await?)
    })?;
    let files = report::render(
        &built,
        &formats,
        &report::stem(Scope::Region, args.year, lang),
    )?;
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("{} anlegen", args.out.display()))?;
    for f in &files {
        let path = args.out.join(&f.name);
        std::fs::write(&path, &f.bytes).with_context(|| format!("{} schreiben", path.display()))?;
        eprintln!("{} ({} kB)", path.display(), f.bytes.len().div_ceil(1024));
    }
    eprintln!(
        "Bericht {}: {} Tabellen, {:.1} s",
        args.year,
        built.tables().len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn checked_k(k: u64) -> Result<u64> {
    if k < 3 {
        bail!("--k muss mindestens 3 sein (SPEC §5)");
    }
    Ok(k)
}

fn block_on_value<T, F: std::future::Future<Output = Result<T>>>(f: F) -> Result<T> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(f)
}

/// Starts the web application on `listen` until the process is stopped.
async fn serve(store: AnyStore, catalog: FieldCatalog, listen: std::net::SocketAddr) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("Adresse {listen} belegen"))?;
    let addr = listener.local_addr()?;
    // Without TLS on loopback browsers would drop `Secure` cookies; everywhere else they are
    // required (put a TLS-terminating proxy in front).
    let secure = !addr.ip().is_loopback() || std::env::var_os("ABBILD_SECURE_COOKIES").is_some();
    eprintln!("abbild läuft auf http://{addr}/ (Beenden mit Strg+C)");
    let state = abbild_web::state::AppState::new(store, catalog, secure);
    abbild_web::serve(listener, state).await?;
    Ok(())
}

/// Password for a new account: stdin, `ABBILD_PASSWORD`, or a generated one (printed once).
fn password(from_stdin: bool) -> Result<(Password, bool)> {
    let raw = if from_stdin {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        Some(line.trim_end_matches(['\r', '\n']).to_owned())
    } else {
        std::env::var("ABBILD_PASSWORD").ok()
    };
    match raw {
        Some(r) => Ok((
            Password::parse(&r).map_err(|e| anyhow::anyhow!("{e}"))?,
            false,
        )),
        None => Ok((generated_password()?, true)),
    }
}

/// 20 characters from an alphabet without look-alikes (about 110 bits).
fn generated_password() -> Result<Password> {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789";
    let token = abbild_service::accounts::random_token();
    let bytes = hex_bytes(&token);
    let pw: String = bytes
        .iter()
        .take(20)
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect();
    Password::parse(&pw).map_err(|e| anyhow::anyhow!("{e}"))
}

fn hex_bytes(h: &str) -> Vec<u8> {
    (0..h.len() / 2)
        .filter_map(|i| u8::from_str_radix(h.get(2 * i..2 * i + 2)?, 16).ok())
        .collect()
}

async fn user(action: UserAction, catalog: &FieldCatalog) -> Result<()> {
    use abbild_service::accounts;
    const ACTOR: &str = "cli";
    match action {
        UserAction::Add {
            name,
            role,
            city,
            password_stdin,
            db,
        } => {
            let store = open(&db, catalog).await?;
            let (pw, generated) = password(password_stdin)?;
            accounts::add_user(&store, ACTOR, &name, &pw, role, city).await?;
            eprintln!("Konto {name} ({}) angelegt.", role.code());
            if generated {
                println!("Passwort (wird nur jetzt angezeigt): {}", pw.expose());
            }
        }
        UserAction::Passwd {
            name,
            password_stdin,
            db,
        } => {
            let store = open(&db, catalog).await?;
            let (pw, generated) = password(password_stdin)?;
            accounts::set_password(&store, ACTOR, &name, &pw).await?;
            eprintln!("Passwort von {name} geändert; seine Sitzungen sind beendet.");
            if generated {
                println!("Neues Passwort (wird nur jetzt angezeigt): {}", pw.expose());
            }
        }
        UserAction::Disable { name, db } => {
            let store = open(&db, catalog).await?;
            accounts::set_disabled(&store, ACTOR, &name, true).await?;
            eprintln!("Konto {name} gesperrt.");
        }
        UserAction::Enable { name, db } => {
            let store = open(&db, catalog).await?;
            accounts::set_disabled(&store, ACTOR, &name, false).await?;
            eprintln!("Konto {name} entsperrt.");
        }
        UserAction::List { db } => {
            let store = open(&db, catalog).await?;
            let mut out = std::io::stdout().lock();
            for u in store.list_users().await? {
                writeln!(
                    out,
                    "{:<24} {:<12} {:<10} {}",
                    u.name.as_str(),
                    u.role.code(),
                    u.city.map_or("-".to_owned(), |c| c.to_string()),
                    if u.disabled { "gesperrt" } else { "aktiv" }
                )?;
            }
        }
        UserAction::Token { name, label, db } => {
            let store = open(&db, catalog).await?;
            let (acc, _) = store
                .user_by_name(&name)
                .await?
                .with_context(|| format!("Konto {name} gibt es nicht"))?;
            let token = accounts::create_api_token(&store, ACTOR, &acc, &label).await?;
            println!("{token}");
            eprintln!("API-Schlüssel für {name} (wird nur jetzt angezeigt; Header: Authorization: Bearer …).");
        }
    }
    Ok(())
}

/// Writes a file only its owner can read (the codes, the letters): whoever reads the codes
/// file can answer in others' names and see which codes were used.
fn write_private(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let ctx = || format!("{} schreiben", path.display());
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .with_context(ctx)?;
    // `mode` applies only to a new file; an existing one is narrowed too.
    f.set_permissions(std::fs::Permissions::from_mode(0o600))
        .with_context(ctx)?;
    f.write_all(bytes).with_context(ctx)?;
    f.sync_all().with_context(ctx)
}

async fn survey(action: SurveyAction, catalog: &FieldCatalog) -> Result<()> {
    use abbild_core::access::CityWrite;
    use abbild_service::survey;
    use abbild_store::Survey;
    const ACTOR: &str = "cli";
    match action {
        SurveyAction::Open {
            ags,
            wave,
            codes,
            out,
            letters,
            url,
            second_language,
            db,
        } => {
            let store = open(&db, catalog).await?;
            let cap = CityWrite::local_operator(ags);
            let (list, id) = survey::open_wave(&store, &cap, ACTOR, wave, codes).await?;
            write_private(&out, survey::codes_csv(&list).as_bytes())?;
            if let (Some(path), Some(url)) = (letters, url) {
                use abbild_report::letters::{letters_pdf, LetterText};
                let texts: Vec<LetterText> = std::iter::once(abbild_web::i18n::Lang::De)
                    .chain(second_language)
                    .map(LetterText::catalogue)
                    .collect();
                let grouped: Vec<String> = list.iter().map(|c| c.grouped()).collect();
                let pdf = letters_pdf(&url, &texts, &grouped)?;
                write_private(&path, &pdf)?;
                eprintln!("Briefe (eine Seite je Code) in {}.", path.display());
            }
            eprintln!(
                "Welle {wave} für {ags} geöffnet (Import {id}); {} Zugangscodes in {}. \
                 Die Codes stehen nur in dieser Datei, abbild speichert nur ihre Prüfsummen.",
                list.len(),
                out.display()
            );
        }
        SurveyAction::Release { ags, wave, db } => {
            let store = open(&db, catalog).await?;
            let info =
                survey::release_wave(&store, &CityWrite::local_operator(ags), ACTOR, wave).await?;
            eprintln!(
                "Welle {wave} für {ags}: Freigabe {} mit {} Antworten.",
                info.release_no, info.responses
            );
        }
        SurveyAction::Close { ags, wave, db } => {
            let store = open(&db, catalog).await?;
            survey::close_wave(&store, &CityWrite::local_operator(ags), ACTOR, wave).await?;
            eprintln!("Welle {wave} für {ags} geschlossen.");
        }
        SurveyAction::Export { ags, wave, out, db } => {
            let store = open(&db, catalog).await?;
            // Only released answers: an open wave's unreleased ones stay inside (SPEC §6).
            let rows = store.survey_responses(ags, wave).await?;
            std::fs::write(&out, survey::responses_csv(&rows, catalog)?)
                .with_context(|| format!("{} schreiben", out.display()))?;
            let open = store.wave_info(ags, wave).await?.is_some_and(|w| w.open);
            eprintln!(
                "{} Antworten nach {} geschrieben.{}",
                rows.len(),
                out.display(),
                if open {
                    " Die Welle ist offen: nur freigegebene Antworten sind enthalten."
                } else {
                    ""
                }
            );
        }
    }
    Ok(())
}

/// The demo's accounts: one per role, the city ones for Herne.
const DEMO_ACCOUNTS: [(&str, Role, Option<&str>); 4] = [
    ("admin", Role::Admin, None),
    ("koordination", Role::Coordinator, None),
    ("herne.analyse", Role::Analyst, Some("05916000")),
    ("herne.lesen", Role::Viewer, Some("05916000")),
];

/// Creates (or resets) the demo accounts; returns name, role and password for the console.
/// `ABBILD_DEMO_PASSWORD` fixes the password (browser tests); otherwise each run draws new ones.
async fn demo_accounts(store: &AnyStore) -> Result<Vec<(String, Role, String)>> {
    use abbild_service::accounts;
    let fixed = std::env::var("ABBILD_DEMO_PASSWORD").ok();
    let mut out = Vec::new();
    for (name, role, city) in DEMO_ACCOUNTS {
        let name = UserName::parse(name).map_err(|e| anyhow::anyhow!("{e}"))?;
        let city = city
            .map(abbild_core::Ags::parse)
            .transpose()
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let pw = match &fixed {
            Some(p) => {
                Password::parse(p).map_err(|e| anyhow::anyhow!("ABBILD_DEMO_PASSWORD: {e}"))?
            }
            None => generated_password()?,
        };
        if store.user_by_name(&name).await?.is_some() {
            accounts::set_password(store, "demo", &name, &pw).await?;
            accounts::set_disabled(store, "demo", &name, false).await?;
        } else {
            accounts::add_user(store, "demo", &name, &pw, role, city).await?;
        }
        out.push((name.to_string(), role, pw.expose().to_owned()));
    }
    Ok(out)
}

fn demo(
    data_dir: &Path,
    seed: u64,
    catalog: &FieldCatalog,
    listen: Option<std::net::SocketAddr>,
) -> Result<()> {
    let files_dir = data_dir.join("w1");
    std::fs::create_dir_all(&files_dir)
        .with_context(|| format!("{} anlegen", files_dir.display()))?;
    eprintln!(
        "Erzeuge Demodaten (W1: 10 Städte der Städtekooperation) in {} …",
        files_dir.display()
    );
    generate(abbild_synth::Workload::W1, seed, &files_dir)?;
    let db = data_dir.join("abbild.sqlite");
    let db = db.to_string_lossy().into_owned();
    block_on(async {
        let store = open(&db, catalog).await?;
        for (kind, name) in [
            (Kind::Staff, "staff.csv"),
            (Kind::Responses, "responses.csv"),
            (Kind::Population, "population.csv"),
            (Kind::Pipeline, "pipeline.csv"),
            (Kind::Exits, "exits.csv"),
        ] {
            import_one(&store, kind, &files_dir.join(name), catalog).await?;
        }
        // The overview shows each city's overall share stratified by field × level, which
        // corrects for response rates that differ between segments.
        let req = Request {
            by: DimSet::EMPTY.with(Dim::Field).with(Dim::Level),
            definition: None,
            interval: abbild_core::stats::IntervalMethod::WilsonFpc,
            confidence: abbild_core::stats::Confidence::DEFAULT,
            year: None,
            wave: None,
            city_waves: Default::default(),
            cities: Vec::new(),
        };
        let report = analyze::representation_from_db(&store, &req, catalog).await?;
        let rel = protect_recorded(&store, report, &sdc_config(5)?, catalog, Channel::Cli).await?;
        eprintln!("{}", protection_line(&rel));
        print!(
            "{}",
            abbild_export::representation::overview_table(&rel, &german())
        );
        println!(
            "\nDatenbank: {db}\nWeiter z. B. mit: abbild analyze representation --db {db} --ags 05916000 --by field,level"
        );
        let Some(listen) = listen else {
            return Ok(());
        };
        let accounts = demo_accounts(&store).await?;
        println!("\nDemokonten (Passwörter gelten bis zum nächsten `abbild demo`):");
        for (name, role, pw) in &accounts {
            println!("  {name:<14} {:<26} Passwort: {pw}", role.label_de());
        }
        println!("\nÖffnen Sie http://{listen}/ und melden Sie sich an.");
        serve(store, catalog.clone(), listen).await
    })
}
