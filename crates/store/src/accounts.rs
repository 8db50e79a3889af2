//! Accounts, sessions, API tokens and the audit log, behind [`Accounts`].
//!
//! Time is passed in by the caller (unix seconds) so that the store has no clock of its own
//! and tests can move time. Secrets arrive already hashed: the store never sees a password or a
//! session token.

use crate::sql::{Dialect, Engine};
use crate::StoreError;
use abbild_core::access::{Account, Role, UserId, UserName};
use abbild_core::Ags;
use sqlx::error::ErrorKind;
use sqlx::{ColumnIndex, Decode, Encode, Executor, IntoArguments, Row, Type};
use std::future::Future;

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i64,
    /// Unix seconds.
    pub at: i64,
    /// Login name, or `cli` / `system`.
    pub actor: String,
    /// Short code, e.g. `user.add`, `import.delete`, `login.failed`.
    pub action: String,
    /// Human-readable detail. Never a password, token, survey code or answer.
    pub detail: String,
}

/// An open session as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionInfo {
    pub account: Account,
    pub csrf: String,
    pub expires_at: i64,
}

/// Storage of accounts and everything around login. Implemented by every backend.
pub trait Accounts: Send + Sync {
    /// Creates an account; [`StoreError::Invalid`] if the name is taken.
    fn create_user(
        &self,
        name: &UserName,
        password_hash: &str,
        role: Role,
        city: Option<Ags>,
        now: i64,
    ) -> impl Future<Output = Result<UserId, StoreError>> + Send;

    /// The account and its password hash, for login.
    fn user_by_name(
        &self,
        name: &UserName,
    ) -> impl Future<Output = Result<Option<(Account, String)>, StoreError>> + Send;

    fn list_users(&self) -> impl Future<Output = Result<Vec<Account>, StoreError>> + Send;

    /// Replaces the password hash and ends the account's sessions.
    fn set_password(
        &self,
        name: &UserName,
        password_hash: &str,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Disables or enables an account; disabling ends its sessions and API tokens.
    fn set_disabled(
        &self,
        name: &UserName,
        disabled: bool,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    fn create_session(
        &self,
        token_hash: &str,
        user: UserId,
        csrf: &str,
        expires_at: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The session if it exists, has not expired at `now` and its account is enabled.
    fn session(
        &self,
        token_hash: &str,
        now: i64,
    ) -> impl Future<Output = Result<Option<SessionInfo>, StoreError>> + Send;

    fn delete_session(
        &self,
        token_hash: &str,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Removes expired sessions; returns how many.
    fn purge_sessions(&self, now: i64) -> impl Future<Output = Result<u64, StoreError>> + Send;

    fn create_api_token(
        &self,
        token_hash: &str,
        user: UserId,
        label: &str,
        now: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The enabled account owning an API token.
    fn api_token(
        &self,
        token_hash: &str,
    ) -> impl Future<Output = Result<Option<Account>, StoreError>> + Send;

    fn audit(
        &self,
        at: i64,
        actor: &str,
        action: &str,
        detail: &str,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Newest first, at most `limit`.
    fn audit_log(
        &self,
        limit: u32,
    ) -> impl Future<Output = Result<Vec<AuditEntry>, StoreError>> + Send;
}

fn bad(column: &str, value: &str) -> StoreError {
    StoreError::Inconsistent(format!("Spalte {column}: „{value}“"))
}

const USER_COLS: &str = "id, name, role, ags, disabled";

impl<DB> Engine<DB>
where
    DB: Dialect,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB> + Decode<'q, DB>,
    for<'q> String: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> bool: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    usize: ColumnIndex<DB::Row>,
{
    fn account_at(r: &DB::Row, at: usize) -> Result<Account, StoreError> {
        let name: String = r.try_get(at + 1)?;
        let role: String = r.try_get(at + 2)?;
        let ags: Option<i64> = r.try_get(at + 3)?;
        let city = match ags {
            None => None,
            Some(v) => Some(
                u32::try_from(v)
                    .ok()
                    .and_then(Ags::from_u32)
                    .ok_or_else(|| bad("ags", &v.to_string()))?,
            ),
        };
        Ok(Account {
            id: UserId(r.try_get(at)?),
            name: UserName::parse(&name).map_err(|_| bad("name", &name))?,
            role: Role::parse(&role).map_err(|_| bad("role", &role))?,
            city,
            disabled: r.try_get(at + 4)?,
        })
    }

    pub(crate) async fn create_user(
        &self,
        name: &UserName,
        password_hash: &str,
        role: Role,
        city: Option<Ags>,
        now: i64,
    ) -> Result<UserId, StoreError> {
        let r = sqlx::query(
            "INSERT INTO users (name, password_hash, role, ags, disabled, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(name.as_str().to_owned())
        .bind(password_hash.to_owned())
        .bind(role.code().to_owned())
        .bind(city.map(|a| i64::from(a.get())))
        .bind(false)
        .bind(now)
        .fetch_one(&self.pool)
        .await;
        match r {
            Ok(row) => Ok(UserId(row.try_get(0)?)),
            Err(e)
                if e.as_database_error()
                    .is_some_and(|d| d.kind() == ErrorKind::UniqueViolation) =>
            {
                Err(StoreError::Invalid(
                    abbild_i18n::Message::new("err-store-user-exists").with("name", name),
                ))
            }
            Err(e) => Err(e.into()),
        }
    }

    pub(crate) async fn user_by_name(
        &self,
        name: &UserName,
    ) -> Result<Option<(Account, String)>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {USER_COLS}, password_hash FROM users WHERE name = $1"
        ))
        .bind(name.as_str().to_owned())
        .fetch_optional(&self.pool)
        .await?;
        match row {
            None => Ok(None),
            Some(r) => Ok(Some((Self::account_at(&r, 0)?, r.try_get(5)?))),
        }
    }

    pub(crate) async fn list_users(&self) -> Result<Vec<Account>, StoreError> {
        sqlx::query(&format!("SELECT {USER_COLS} FROM users ORDER BY name"))
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| Self::account_at(r, 0))
            .collect()
    }

    async fn user_id(&self, name: &UserName) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT id FROM users WHERE name = $1")
            .bind(name.as_str().to_owned())
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| {
                StoreError::Invalid(
                    abbild_i18n::Message::new("err-store-no-user").with("name", name),
                )
            })?;
        Ok(row.try_get(0)?)
    }

    pub(crate) async fn set_password(
        &self,
        name: &UserName,
        password_hash: &str,
    ) -> Result<(), StoreError> {
        let id = self.user_id(name).await?;
        let mut tx = self.pool.begin_with(DB::BEGIN_WRITE).await?;
        sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(password_hash.to_owned())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    pub(crate) async fn set_disabled(
        &self,
        name: &UserName,
        disabled: bool,
    ) -> Result<(), StoreError> {
        let id = self.user_id(name).await?;
        let mut tx = self.pool.begin_with(DB::BEGIN_WRITE).await?;
        sqlx::query("UPDATE users SET disabled = $1 WHERE id = $2")
            .bind(disabled)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if disabled {
            for table in ["sessions", "api_tokens"] {
                sqlx::query(&format!("DELETE FROM {table} WHERE user_id = $1"))
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    pub(crate) async fn create_session(
        &self,
        token_hash: &str,
        user: UserId,
        csrf: &str,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(token_hash.to_owned())
        .bind(user.0)
        .bind(csrf.to_owned())
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub(crate) async fn session(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<SessionInfo>, StoreError> {
        let row = sqlx::query(
            "SELECT u.id, u.name, u.role, u.ags, u.disabled, s.csrf, s.expires_at \
             FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND NOT u.disabled",
        )
        .bind(token_hash.to_owned())
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            None => Ok(None),
            Some(r) => Ok(Some(SessionInfo {
                account: Self::account_at(&r, 0)?,
                csrf: r.try_get(5)?,
                expires_at: r.try_get(6)?,
            })),
        }
    }

    pub(crate) async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash.to_owned())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub(crate) async fn purge_sessions(&self, now: i64) -> Result<u64, StoreError> {
        let r = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(DB::rows_affected(&r))
    }

    pub(crate) async fn create_api_token(
        &self,
        token_hash: &str,
        user: UserId,
        label: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO api_tokens (token_hash, user_id, label, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(token_hash.to_owned())
        .bind(user.0)
        .bind(label.to_owned())
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub(crate) async fn api_token(&self, token_hash: &str) -> Result<Option<Account>, StoreError> {
        let row = sqlx::query(
            "SELECT u.id, u.name, u.role, u.ags, u.disabled FROM api_tokens t \
             JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1 AND NOT u.disabled",
        )
        .bind(token_hash.to_owned())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| Self::account_at(&r, 0)).transpose()
    }

    pub(crate) async fn audit(
        &self,
        at: i64,
        actor: &str,
        action: &str,
        detail: &str,
    ) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO audit_log (at, actor, action, detail) VALUES ($1, $2, $3, $4)")
            .bind(at)
            .bind(actor.to_owned())
            .bind(action.to_owned())
            .bind(detail.to_owned())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub(crate) async fn audit_log(&self, limit: u32) -> Result<Vec<AuditEntry>, StoreError> {
        sqlx::query("SELECT id, at, actor, action, detail FROM audit_log ORDER BY id DESC LIMIT $1")
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                Ok(AuditEntry {
                    id: r.try_get(0)?,
                    at: r.try_get(1)?,
                    actor: r.try_get(2)?,
                    action: r.try_get(3)?,
                    detail: r.try_get(4)?,
                })
            })
            .collect()
    }
}

/// Implements [`Accounts`] for a wrapper type with an `engine` field by delegation.
macro_rules! accounts_via_engine {
    ($ty:ty) => {
        impl $crate::Accounts for $ty {
            async fn create_user(
                &self,
                name: &::abbild_core::access::UserName,
                password_hash: &str,
                role: ::abbild_core::access::Role,
                city: Option<::abbild_core::Ags>,
                now: i64,
            ) -> Result<::abbild_core::access::UserId, $crate::StoreError> {
                self.engine
                    .create_user(name, password_hash, role, city, now)
                    .await
            }
            async fn user_by_name(
                &self,
                name: &::abbild_core::access::UserName,
            ) -> Result<Option<(::abbild_core::access::Account, String)>, $crate::StoreError> {
                self.engine.user_by_name(name).await
            }
            async fn list_users(
                &self,
            ) -> Result<Vec<::abbild_core::access::Account>, $crate::StoreError> {
                self.engine.list_users().await
            }
            async fn set_password(
                &self,
                name: &::abbild_core::access::UserName,
                password_hash: &str,
            ) -> Result<(), $crate::StoreError> {
                self.engine.set_password(name, password_hash).await
            }
            async fn set_disabled(
                &self,
                name: &::abbild_core::access::UserName,
                disabled: bool,
            ) -> Result<(), $crate::StoreError> {
                self.engine.set_disabled(name, disabled).await
            }
            async fn create_session(
                &self,
                token_hash: &str,
                user: ::abbild_core::access::UserId,
                csrf: &str,
                expires_at: i64,
            ) -> Result<(), $crate::StoreError> {
                self.engine
                    .create_session(token_hash, user, csrf, expires_at)
                    .await
            }
            async fn session(
                &self,
                token_hash: &str,
                now: i64,
            ) -> Result<Option<$crate::SessionInfo>, $crate::StoreError> {
                self.engine.session(token_hash, now).await
            }
            async fn delete_session(&self, token_hash: &str) -> Result<(), $crate::StoreError> {
                self.engine.delete_session(token_hash).await
            }
            async fn purge_sessions(&self, now: i64) -> Result<u64, $crate::StoreError> {
                self.engine.purge_sessions(now).await
            }
            async fn create_api_token(
                &self,
                token_hash: &str,
                user: ::abbild_core::access::UserId,
                label: &str,
                now: i64,
            ) -> Result<(), $crate::StoreError> {
                self.engine
                    .create_api_token(token_hash, user, label, now)
                    .await
            }
            async fn api_token(
                &self,
                token_hash: &str,
            ) -> Result<Option<::abbild_core::access::Account>, $crate::StoreError> {
                self.engine.api_token(token_hash).await
            }
            async fn audit(
                &self,
                at: i64,
                actor: &str,
                action: &str,
                detail: &str,
            ) -> Result<(), $crate::StoreError> {
                self.engine.audit(at, actor, action, detail).await
            }
            async fn audit_log(
                &self,
                limit: u32,
            ) -> Result<Vec<$crate::AuditEntry>, $crate::StoreError> {
                self.engine.audit_log(limit).await
            }
        }
    };
}
pub(crate) use accounts_via_engine;
