//! German first, English second: one Fluent catalogue compiled into the binary, used by the
//! web pages, the downloads, the report and the error messages of every layer, plus the one
//! formatter per unit (`fmt`). No IO: the files are compiled in.

pub mod fmt;
mod message;

pub use message::{german, Described, Message};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::sync::Arc;

/// Interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    De,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "de" => Some(Lang::De),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
    pub fn other(self) -> Self {
        match self {
            Lang::De => Lang::En,
            Lang::En => Lang::De,
        }
    }
}

type Bundle = FluentBundle<FluentResource>;

/// Both bundles, loaded once.
pub struct I18n {
    de: Bundle,
    en: Bundle,
}

impl std::fmt::Debug for I18n {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("I18n")
    }
}

/// The catalogue's files, one per area, so that the words of one layer sit together:
/// `(name, German, English)`. Both languages hold the same keys (tested).
pub const FILES: &[(&str, &str, &str)] = &[
    (
        "main",
        include_str!("../locales/de/main.ftl"),
        include_str!("../locales/en/main.ftl"),
    ),
    (
        "output",
        include_str!("../locales/de/output.ftl"),
        include_str!("../locales/en/output.ftl"),
    ),
    (
        "report",
        include_str!("../locales/de/report.ftl"),
        include_str!("../locales/en/report.ftl"),
    ),
    (
        "errors",
        include_str!("../locales/de/errors.ftl"),
        include_str!("../locales/en/errors.ftl"),
    ),
    (
        "letters",
        include_str!("../locales/de/letters.ftl"),
        include_str!("../locales/en/letters.ftl"),
    ),
];

fn bundle(lang: &str, sources: &[&str]) -> Result<Bundle, String> {
    let id = lang
        .parse()
        .map_err(|e| format!("{lang}: Sprachkennung {e:?}"))?;
    let mut b = FluentBundle::new_concurrent(vec![id]);
    // No Unicode isolation marks: they end up in HTML attributes and screen readers.
    b.set_use_isolating(false);
    for src in sources {
        let res = FluentResource::try_new((*src).to_owned())
            .map_err(|(_, e)| format!("{lang}: Fluent-Syntaxfehler {e:?}"))?;
        b.add_resource(res)
            .map_err(|e| format!("{lang}: doppelte Schlüssel {e:?}"))?;
    }
    Ok(b)
}

impl I18n {
    pub fn load() -> Result<Arc<Self>, String> {
        Ok(Arc::new(I18n {
            de: bundle("de", &FILES.iter().map(|f| f.1).collect::<Vec<_>>())?,
            en: bundle("en", &FILES.iter().map(|f| f.2).collect::<Vec<_>>())?,
        }))
    }

    /// The one instance of the process (the Fluent files are compiled in, so loading can only
    /// fail on a broken build, which the unit test catches).
    pub fn global() -> Arc<Self> {
        static ONE: std::sync::OnceLock<Arc<I18n>> = std::sync::OnceLock::new();
        ONE.get_or_init(|| {
            I18n::load().unwrap_or_else(|e| {
                // Unreachable with the shipped files (tested); keep serving with keys shown.
                let _ = e;
                Arc::new(I18n {
                    de: FluentBundle::new_concurrent(Vec::new()),
                    en: FluentBundle::new_concurrent(Vec::new()),
                })
            })
        })
        .clone()
    }

    fn bundle(&self, lang: Lang) -> &Bundle {
        match lang {
            Lang::De => &self.de,
            Lang::En => &self.en,
        }
    }

    /// Every key of the German file, for the completeness test.
    pub fn keys(src: &str) -> Vec<String> {
        src.lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with(' '))
            .filter_map(|l| l.split_once(" = ").map(|(k, _)| k.trim().to_owned()))
            .collect()
    }
}

/// A translator for one request's language; templates call `t.get("key")`.
#[derive(Clone)]
pub struct Tr {
    i18n: Arc<I18n>,
    pub lang: Lang,
}

impl std::fmt::Debug for Tr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Tr({})", self.lang.code())
    }
}

impl Tr {
    pub fn new(i18n: Arc<I18n>, lang: Lang) -> Self {
        Tr { i18n, lang }
    }

    pub(crate) fn format(&self, key: &str, args: Option<&FluentArgs<'_>>) -> String {
        let b = self.i18n.bundle(self.lang);
        let Some(pattern) = b.get_message(key).and_then(|m| m.value()) else {
            // A missing key shows itself instead of breaking the page; a test keeps the files
            // complete.
            return key.to_owned();
        };
        let mut errors = Vec::new();
        b.format_pattern(pattern, args, &mut errors).into_owned()
    }

    pub fn get(&self, key: &str) -> String {
        self.format(key, None)
    }

    /// The message of `key` if the catalogue has one (for names that come from files and
    /// have a catalogue name only when they are the usual ones).
    pub fn try_get(&self, key: &str) -> Option<String> {
        let b = self.i18n.bundle(self.lang);
        b.get_message(key).and_then(|m| m.value())?;
        Some(self.format(key, None))
    }

    /// One named argument, e.g. `t.arg("city-title", "city", "Herne")`.
    pub fn arg(&self, key: &str, name: &str, value: &str) -> String {
        let mut a = FluentArgs::new();
        a.set(name.to_owned(), FluentValue::from(value.to_owned()));
        self.format(key, Some(&a))
    }

    pub fn args(&self, key: &str, pairs: &[(&str, String)]) -> String {
        let mut a = FluentArgs::new();
        for (n, v) in pairs {
            a.set((*n).to_owned(), FluentValue::from(v.clone()));
        }
        self.format(key, Some(&a))
    }

    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_the_same_keys() {
        let mut all = 0;
        for (name, de, en) in FILES {
            let de = I18n::keys(de);
            let en = I18n::keys(en);
            assert_eq!(de, en, "{name}.ftl: German and English keys differ");
            all += de.len();
        }
        assert!(all > 100, "{all}");
        // Loading fails on a key defined twice, also across files.
        let i = I18n::load().unwrap();
        let t = Tr::new(i.clone(), Lang::De);
        assert_eq!(t.arg("city-title", "city", "Herne"), "Herne: Überblick");
        let t = Tr::new(i, Lang::En);
        assert_eq!(t.arg("city-title", "city", "Herne"), "Herne: overview");
    }
}
