//! Who may see and do what (roles and tenancy), as types.
//!
//! A handler never checks a role string. It asks an [`Account`] for a capability —
//! [`CityRead`], [`CityWrite`], [`RegionRead`] or [`AdminCap`] — and gets it or `None`.
//! The capabilities have private fields, so only the methods here can make one, and every
//! data access for a city takes the capability, which carries the city it was granted for.
//! A viewer of Herne therefore cannot even *name* a query for Bochum.

use crate::dims::Ags;
use crate::ParseError;
use serde::Serialize;
use std::fmt;

/// The four roles of an installation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Runs the installation: accounts and the audit log. Sees no city data.
    Admin,
    /// Regional coordinator: every city, read only (everything shown is protected anyway).
    Coordinator,
    /// One city: loads data, runs analyses, manages its survey waves.
    Analyst,
    /// One city, read only.
    Viewer,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Admin, Role::Coordinator, Role::Analyst, Role::Viewer];

    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Coordinator => "coordinator",
            Role::Analyst => "analyst",
            Role::Viewer => "viewer",
        }
    }

    pub fn label_de(self) -> &'static str {
        match self {
            Role::Admin => "Administration",
            Role::Coordinator => "Regionale Koordination",
            Role::Analyst => "Analyse (Stadt)",
            Role::Viewer => "Lesezugriff (Stadt)",
        }
    }

    /// Whether accounts of this role belong to exactly one city.
    pub fn is_city_bound(self) -> bool {
        matches!(self, Role::Analyst | Role::Viewer)
    }

    pub fn parse(s: &str) -> Result<Self, ParseError> {
        let t = s.trim().to_ascii_lowercase();
        Role::ALL
            .into_iter()
            .find(|r| r.code() == t)
            .ok_or_else(|| ParseError::new(s, abbild_i18n::Message::new("exp-role")))
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A login name: 3–64 characters of `a–z 0–9 . _ - @`, stored lower-case so that
/// `Herne.Analyse` and `herne.analyse` are one account.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct UserName(String);

impl UserName {
    pub fn parse(s: &str) -> Result<Self, ParseError> {
        let t = s.trim().to_lowercase();
        let ok = (3..=64).contains(&t.chars().count())
            && t.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-_@".contains(c));
        if ok {
            Ok(UserName(t))
        } else {
            Err(ParseError::new(
                s,
                abbild_i18n::Message::new("exp-user-name"),
            ))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UserName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Minimum password length. Long passphrases beat complexity rules (BSI IT-Grundschutz ORP.4).
pub const MIN_PASSWORD_CHARS: usize = 12;

/// A password as typed, checked for length only; never logged, never stored (only its hash).
pub struct Password(String);

impl Password {
    pub fn parse(s: &str) -> Result<Self, ParseError> {
        if s.chars().count() >= MIN_PASSWORD_CHARS && s.len() <= 1024 {
            Ok(Password(s.to_owned()))
        } else {
            Err(ParseError::new(
                "(nicht angezeigt)",
                abbild_i18n::Message::new("exp-password"),
            ))
        }
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

/// Database id of an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct UserId(pub i64);

/// An account as the application sees it after login.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Account {
    pub id: UserId,
    pub name: UserName,
    pub role: Role,
    /// The one city of an analyst or viewer; `None` for admin and coordinator.
    pub city: Option<Ags>,
    pub disabled: bool,
}

/// Why an account definition is invalid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountError {
    CityRequired(Role),
    CityNotAllowed(Role),
}

impl abbild_i18n::Described for AccountError {
    fn message(&self) -> abbild_i18n::Message {
        use abbild_i18n::Message;
        match self {
            AccountError::CityRequired(r) => {
                Message::new("err-account-city-required").with("role", r)
            }
            AccountError::CityNotAllowed(r) => {
                Message::new("err-account-city-not-allowed").with("role", r)
            }
        }
    }
}
abbild_i18n::described_error!(AccountError);

impl Account {
    /// Checks that city-bound roles have a city and the others do not.
    pub fn check_scope(role: Role, city: Option<Ags>) -> Result<(), AccountError> {
        match (role.is_city_bound(), city) {
            (true, None) => Err(AccountError::CityRequired(role)),
            (false, Some(_)) => Err(AccountError::CityNotAllowed(role)),
            _ => Ok(()),
        }
    }

    /// Read access to one city's (protected) results.
    pub fn city_read(&self, ags: Ags) -> Option<CityRead> {
        if self.disabled {
            return None;
        }
        let ok = match self.role {
            Role::Coordinator => true,
            Role::Analyst | Role::Viewer => self.city == Some(ags),
            Role::Admin => false,
        };
        ok.then_some(CityRead { ags })
    }

    /// Load data, delete imports, manage survey waves of one city.
    pub fn city_write(&self, ags: Ags) -> Option<CityWrite> {
        (!self.disabled && self.role == Role::Analyst && self.city == Some(ags))
            .then_some(CityWrite { ags })
    }

    /// The cities side by side.
    pub fn region_read(&self) -> Option<RegionRead> {
        (!self.disabled && self.role == Role::Coordinator).then_some(RegionRead(()))
    }

    /// Accounts and audit log.
    pub fn admin(&self) -> Option<AdminCap> {
        (!self.disabled && self.role == Role::Admin).then_some(AdminCap(()))
    }

    /// The city a city-bound account lands on after login.
    pub fn home_city(&self) -> Option<Ags> {
        self.city
    }
}

/// Permission to read one city's protected results. Only [`Account::city_read`] makes one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CityRead {
    ags: Ags,
}

impl CityRead {
    pub fn ags(&self) -> Ags {
        self.ags
    }
}

/// Permission to change one city's data. Implies [`CityRead`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CityWrite {
    ags: Ags,
}

impl CityWrite {
    /// For the command line: whoever runs `abbild` on the server already holds the database
    /// itself, so the CLI acts for any city it is told to. Never used by the web crate (its
    /// capabilities come from a logged-in account).
    pub fn local_operator(ags: Ags) -> Self {
        CityWrite { ags }
    }
    pub fn ags(&self) -> Ags {
        self.ags
    }
    pub fn read(&self) -> CityRead {
        CityRead { ags: self.ags }
    }
}

/// Permission to see all cities side by side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegionRead(());

impl RegionRead {
    /// For the command line, as [`CityWrite::local_operator`]: whoever runs `abbild` on the
    /// server holds the database itself. Never used by the web crate.
    pub fn local_operator() -> Self {
        RegionRead(())
    }
    /// The coordinator reads every city's protected results (the regional report).
    pub fn city(&self, ags: Ags) -> CityRead {
        CityRead { ags }
    }
}

/// Permission to manage accounts and read the audit log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AdminCap(());

#[cfg(test)]
mod tests {
    use super::*;

    fn acc(role: Role, city: Option<u32>) -> Account {
        Account {
            id: UserId(1),
            name: UserName::parse("test.user").unwrap(),
            role,
            city: city.map(|c| Ags::parse(&format!("{c:08}")).unwrap()),
            disabled: false,
        }
    }

    #[test]
    fn capabilities_follow_role_and_city() {
        let herne = Ags::parse("05916000").unwrap();
        let bochum = Ags::parse("05911000").unwrap();
        let viewer = acc(Role::Viewer, Some(5916000));
        assert!(viewer.city_read(herne).is_some());
        assert!(viewer.city_read(bochum).is_none());
        assert!(viewer.city_write(herne).is_none());
        let analyst = acc(Role::Analyst, Some(5916000));
        assert_eq!(analyst.city_write(herne).map(|w| w.ags()), Some(herne));
        assert!(analyst.city_write(bochum).is_none());
        assert!(analyst.region_read().is_none());
        let coord = acc(Role::Coordinator, None);
        assert!(coord.city_read(bochum).is_some());
        assert!(coord.city_write(bochum).is_none());
        assert!(coord.region_read().is_some());
        let admin = acc(Role::Admin, None);
        assert!(admin.city_read(herne).is_none());
        assert!(admin.admin().is_some());
        let mut off = acc(Role::Analyst, Some(5916000));
        off.disabled = true;
        assert!(off.city_read(herne).is_none());
    }

    #[test]
    fn names_and_passwords_are_checked() {
        assert_eq!(
            UserName::parse(" Herne.Analyse ").unwrap().as_str(),
            "herne.analyse"
        );
        assert!(UserName::parse("ab").is_err());
        assert!(UserName::parse("bad name").is_err());
        assert!(Password::parse("kurz").is_err());
        assert!(Password::parse("lang genug, wirklich").is_ok());
        assert_eq!(
            format!("{:?}", Password::parse("geheimes passwort").unwrap()),
            "Password(***)"
        );
        assert!(Account::check_scope(Role::Viewer, None).is_err());
        assert!(Account::check_scope(Role::Admin, Some(Ags::parse("05916000").unwrap())).is_err());
    }
}
