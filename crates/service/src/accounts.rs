//! Accounts and login: argon2id password hashes, random session and API tokens, and the audit
//! log of administrative actions. Shared by `abbild user …` and the web application.
//!
//! What never leaves this module: passwords (only their argon2id hash is stored) and tokens
//! (only their SHA-256 is stored; the plain token goes to the browser or script once).

use crate::ServiceError;
use abbild_core::access::{Account, Password, Role, UserId, UserName};
use abbild_core::Ags;
use abbild_i18n::Described;
use abbild_store::{Accounts, SessionInfo};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::time::{SystemTime, UNIX_EPOCH};

/// How long a browser session lives without re-login: one working day.
pub const SESSION_SECONDS: i64 = 8 * 3600;

/// Unix seconds now.
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// A fresh random token: 256 bits, hex.
pub fn random_token() -> String {
    let mut b = [0u8; 32];
    rand::rng().fill_bytes(&mut b);
    hex::encode(b)
}

/// What the store keeps of a token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// argon2id with the crate's defaults (19 MiB, 2 passes, 1 lane: OWASP's recommendation).
pub fn hash_password(pw: &Password) -> Result<String, ServiceError> {
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let failed = |e: argon2::password_hash::Error| {
        ServiceError::Input(abbild_i18n::Message::new("err-password-hash").with("detail", e))
    };
    let salt = SaltString::encode_b64(&salt).map_err(failed)?;
    Argon2::default()
        .hash_password(pw.expose().as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(failed)
}

fn verify(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Hash verified when the account does not exist, so that a wrong name takes as long as a
/// wrong password and response times do not reveal which names exist.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| {
        Password::parse("dummy password for timing")
            .ok()
            .and_then(|p| hash_password(&p).ok())
            .unwrap_or_default()
    })
}

/// Creates an account and logs it.
pub async fn add_user<S: Accounts>(
    store: &S,
    actor: &str,
    name: &UserName,
    password: &Password,
    role: Role,
    city: Option<Ags>,
) -> Result<UserId, ServiceError> {
    Account::check_scope(role, city).map_err(|e| ServiceError::Input(e.message()))?;
    let hash = hash_password(password)?;
    let id = store.create_user(name, &hash, role, city, now()).await?;
    let scope = city.map_or(String::new(), |c| format!(", Stadt {c}"));
    store
        .audit(
            now(),
            actor,
            "user.add",
            &format!("{name} ({}{scope})", role.label_de()),
        )
        .await?;
    Ok(id)
}

/// Sets a new password (ending the account's sessions) and logs it.
pub async fn set_password<S: Accounts>(
    store: &S,
    actor: &str,
    name: &UserName,
    password: &Password,
) -> Result<(), ServiceError> {
    let hash = hash_password(password)?;
    store.set_password(name, &hash).await?;
    store
        .audit(now(), actor, "user.passwd", name.as_str())
        .await?;
    Ok(())
}

/// Disables (or re-enables) an account and logs it.
pub async fn set_disabled<S: Accounts>(
    store: &S,
    actor: &str,
    name: &UserName,
    disabled: bool,
) -> Result<(), ServiceError> {
    store.set_disabled(name, disabled).await?;
    let action = if disabled {
        "user.disable"
    } else {
        "user.enable"
    };
    store.audit(now(), actor, action, name.as_str()).await?;
    Ok(())
}

/// A session just opened: the token goes into the cookie, the CSRF token into every form.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token: String,
    pub csrf: String,
    pub account: Account,
}

/// Checks name and password; on success opens a session. `None` for any failure (unknown
/// name, wrong password, disabled account), without saying which.
pub async fn login<S: Accounts>(
    store: &S,
    name: &str,
    password: &str,
) -> Result<Option<NewSession>, ServiceError> {
    let found = match UserName::parse(name) {
        Ok(n) => store.user_by_name(&n).await?,
        Err(_) => None,
    };
    let Some((account, hash)) = found else {
        let _ = verify(password, dummy_hash());
        return Ok(None);
    };
    if !verify(password, &hash) || account.disabled {
        return Ok(None);
    }
    let token = random_token();
    let csrf = random_token();
    store
        .create_session(
            &token_hash(&token),
            account.id,
            &csrf,
            now() + SESSION_SECONDS,
        )
        .await?;
    Ok(Some(NewSession {
        token,
        csrf,
        account,
    }))
}

/// The live session behind a cookie token.
pub async fn session<S: Accounts>(
    store: &S,
    token: &str,
) -> Result<Option<SessionInfo>, ServiceError> {
    Ok(store.session(&token_hash(token), now()).await?)
}

pub async fn logout<S: Accounts>(store: &S, token: &str) -> Result<(), ServiceError> {
    Ok(store.delete_session(&token_hash(token)).await?)
}

/// Creates an API token for scripts; returns the plain token (shown once).
pub async fn create_api_token<S: Accounts>(
    store: &S,
    actor: &str,
    account: &Account,
    label: &str,
) -> Result<String, ServiceError> {
    let token = random_token();
    store
        .create_api_token(&token_hash(&token), account.id, label, now())
        .await?;
    store
        .audit(
            now(),
            actor,
            "token.create",
            &format!("{} ({label})", account.name),
        )
        .await?;
    Ok(token)
}

/// The account behind an API token.
pub async fn api_account<S: Accounts>(
    store: &S,
    token: &str,
) -> Result<Option<Account>, ServiceError> {
    Ok(store.api_token(&token_hash(token)).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_and_verify() {
        let pw = Password::parse("korrekt pferd batterie").unwrap();
        let h = hash_password(&pw).unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify("korrekt pferd batterie", &h));
        assert!(!verify("korrekt pferd batteriE", &h));
        assert_ne!(h, hash_password(&pw).unwrap(), "salted");
        assert_eq!(token_hash("a").len(), 64);
        assert_ne!(random_token(), random_token());
    }
}
