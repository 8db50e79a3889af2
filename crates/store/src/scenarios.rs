//! Saved projection scenarios per city, behind [`Scenarios`]. The store keeps the scenario's
//! JSON as text: it has no need to understand it, and the service validates it on the way in
//! and out.

use crate::sql::{Dialect, Engine};
use crate::{date, StoreError};
use abbild_core::Ags;
use sqlx::{ColumnIndex, Decode, Encode, Executor, IntoArguments, Row, Type};
use std::future::Future;

/// One saved scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedScenario {
    pub ags: Ags,
    pub name: String,
    /// The scenario as JSON.
    pub body: String,
    /// ISO day.
    pub saved_on: String,
    pub saved_by: String,
}

/// Storage of saved scenarios. Implemented by every backend. Every call names the city, so a
/// city never reads another's scenarios.
pub trait Scenarios: Send + Sync {
    /// Saves under `name`, replacing a scenario of that name.
    fn save_scenario(
        &self,
        ags: Ags,
        name: &str,
        body: &str,
        saved_by: &str,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The city's scenarios, by name.
    fn scenarios(
        &self,
        ags: Ags,
    ) -> impl Future<Output = Result<Vec<SavedScenario>, StoreError>> + Send;

    /// Deletes one; `false` if there was none of that name.
    fn delete_scenario(
        &self,
        ags: Ags,
        name: &str,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
}

impl<DB> Engine<DB>
where
    DB: Dialect,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> String: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    usize: ColumnIndex<DB::Row>,
{
    pub(crate) async fn save_scenario(
        &self,
        ags: Ags,
        name: &str,
        body: &str,
        saved_by: &str,
    ) -> Result<(), StoreError> {
        let n = name.trim();
        if n.is_empty() || n.chars().count() > 80 {
            return Err(StoreError::Invalid(abbild_i18n::Message::new(
                "err-store-scenario-name",
            )));
        }
        let mut tx = self.pool.begin_with(DB::BEGIN_WRITE).await?;
        sqlx::query("DELETE FROM scenarios WHERE ags = $1 AND name = $2")
            .bind(i64::from(ags.get()))
            .bind(n.to_owned())
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO scenarios (ags, name, body, saved_on, saved_by) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(i64::from(ags.get()))
        .bind(n.to_owned())
        .bind(body.to_owned())
        .bind(date::today_iso())
        .bind(saved_by.to_owned())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub(crate) async fn scenarios(&self, ags: Ags) -> Result<Vec<SavedScenario>, StoreError> {
        sqlx::query(
            "SELECT name, body, saved_on, saved_by FROM scenarios WHERE ags = $1 ORDER BY name",
        )
        .bind(i64::from(ags.get()))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(SavedScenario {
                ags,
                name: r.try_get(0)?,
                body: r.try_get(1)?,
                saved_on: r.try_get(2)?,
                saved_by: r.try_get(3)?,
            })
        })
        .collect()
    }

    pub(crate) async fn delete_scenario(&self, ags: Ags, name: &str) -> Result<bool, StoreError> {
        let r = sqlx::query("DELETE FROM scenarios WHERE ags = $1 AND name = $2")
            .bind(i64::from(ags.get()))
            .bind(name.trim().to_owned())
            .execute(&self.pool)
            .await?;
        Ok(DB::rows_affected(&r) > 0)
    }
}

/// Implements [`Scenarios`] for a wrapper type with an `engine` field by delegation.
macro_rules! scenarios_via_engine {
    ($ty:ty) => {
        impl $crate::Scenarios for $ty {
            async fn save_scenario(
                &self,
                ags: ::abbild_core::Ags,
                name: &str,
                body: &str,
                saved_by: &str,
            ) -> Result<(), $crate::StoreError> {
                self.engine.save_scenario(ags, name, body, saved_by).await
            }
            async fn scenarios(
                &self,
                ags: ::abbild_core::Ags,
            ) -> Result<Vec<$crate::SavedScenario>, $crate::StoreError> {
                self.engine.scenarios(ags).await
            }
            async fn delete_scenario(
                &self,
                ags: ::abbild_core::Ags,
                name: &str,
            ) -> Result<bool, $crate::StoreError> {
                self.engine.delete_scenario(ags, name).await
            }
        }
    };
}
pub(crate) use scenarios_via_engine;
