//! The release registry behind [`Releases`] (SPEC §5: releases build on each other). Every
//! protected table that leaves abbild from stored data is recorded with the cells it
//! published, so that the next table of the same data can be protected given all of them.
//! The store keeps the cells as JSON text; the service reads and writes them.

use crate::sql::{Dialect, Engine};
use crate::{date, StoreError};
use abbild_core::Ags;
use sqlx::{ColumnIndex, Decode, Encode, Executor, IntoArguments, Row, Type};
use std::future::Future;

/// What data a release is of: one city's answers of one wave under one definition, in one
/// data state (`data_sha`, the fingerprint of the finest counts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseScope {
    pub ags: Ags,
    /// e.g. `2024/eg`.
    pub scope: String,
    /// SHA-256 (hex) of the finest counts.
    pub data_sha: String,
}

/// One recorded release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseEntry {
    pub id: i64,
    pub ags: Ags,
    pub scope: String,
    pub data_sha: String,
    /// The grouping, e.g. `field,level`.
    pub dims: String,
    /// `page`, `api`, `cli`, `report`.
    pub channel: String,
    /// ISO day.
    pub released_on: String,
    /// The published cells as JSON.
    pub cells: String,
}

/// Storage of the release registry. Implemented by every backend.
pub trait Releases: Send + Sync {
    /// Records a release; `false` if the same cells of the same grouping and data were
    /// recorded before (a repeated page view is not a new release).
    fn record_release(
        &self,
        scope: &ReleaseScope,
        dims: &str,
        channel: &str,
        cells_json: &str,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// Every release of the same data, oldest first.
    fn releases_of(
        &self,
        scope: &ReleaseScope,
    ) -> impl Future<Output = Result<Vec<ReleaseEntry>, StoreError>> + Send;

    /// Every release (of one city, or all), newest first.
    fn list_releases(
        &self,
        ags: Option<Ags>,
    ) -> impl Future<Output = Result<Vec<ReleaseEntry>, StoreError>> + Send;
}

const COLS: &str = "id, ags, scope, data_sha, dims, channel, released_on, cells";

impl<DB> Engine<DB>
where
    DB: Dialect,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> String: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    usize: ColumnIndex<DB::Row>,
{
    pub(crate) async fn record_release(
        &self,
        scope: &ReleaseScope,
        dims: &str,
        channel: &str,
        cells_json: &str,
    ) -> Result<bool, StoreError> {
        let cells_sha = {
            use sha2::Digest;
            hex::encode(sha2::Sha256::digest(cells_json.as_bytes()))
        };
        let mut tx = self.pool.begin_with(DB::BEGIN_WRITE).await?;
        let seen: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM releases WHERE ags = $1 AND scope = $2 AND data_sha = $3 \
             AND dims = $4 AND cells_sha = $5",
        )
        .bind(i64::from(scope.ags.get()))
        .bind(scope.scope.clone())
        .bind(scope.data_sha.clone())
        .bind(dims.to_owned())
        .bind(cells_sha.clone())
        .fetch_optional(&mut *tx)
        .await?;
        if seen.is_some() {
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO releases (ags, scope, data_sha, dims, channel, released_on, cells, \
             cells_sha) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(i64::from(scope.ags.get()))
        .bind(scope.scope.clone())
        .bind(scope.data_sha.clone())
        .bind(dims.to_owned())
        .bind(channel.to_owned())
        .bind(date::today_iso())
        .bind(cells_json.to_owned())
        .bind(cells_sha)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    fn release_at(r: &DB::Row) -> Result<ReleaseEntry, StoreError> {
        Ok(ReleaseEntry {
            id: r.try_get(0)?,
            ags: crate::sql::ags_of(r.try_get(1)?)?,
            scope: r.try_get(2)?,
            data_sha: r.try_get(3)?,
            dims: r.try_get(4)?,
            channel: r.try_get(5)?,
            released_on: r.try_get(6)?,
            cells: r.try_get(7)?,
        })
    }

    pub(crate) async fn releases_of(
        &self,
        scope: &ReleaseScope,
    ) -> Result<Vec<ReleaseEntry>, StoreError> {
        let sql = format!(
            "SELECT {COLS} FROM releases WHERE ags = $1 AND scope = $2 AND data_sha = $3 \
             ORDER BY id"
        );
        sqlx::query(&sql)
            .bind(i64::from(scope.ags.get()))
            .bind(scope.scope.clone())
            .bind(scope.data_sha.clone())
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(Self::release_at)
            .collect()
    }

    pub(crate) async fn list_releases(
        &self,
        ags: Option<Ags>,
    ) -> Result<Vec<ReleaseEntry>, StoreError> {
        let rows = match ags {
            Some(a) => {
                let sql = format!("SELECT {COLS} FROM releases WHERE ags = $1 ORDER BY id DESC");
                sqlx::query(&sql)
                    .bind(i64::from(a.get()))
                    .fetch_all(&self.pool)
                    .await?
            }
            None => {
                let sql = format!("SELECT {COLS} FROM releases ORDER BY id DESC");
                sqlx::query(&sql).fetch_all(&self.pool).await?
            }
        };
        rows.iter().map(Self::release_at).collect()
    }
}

/// Implements [`Releases`] for a wrapper type with an `engine` field by delegation.
macro_rules! releases_via_engine {
    ($ty:ty) => {
        impl $crate::Releases for $ty {
            async fn record_release(
                &self,
                scope: &$crate::ReleaseScope,
                dims: &str,
                channel: &str,
                cells_json: &str,
            ) -> Result<bool, $crate::StoreError> {
                self.engine
                    .record_release(scope, dims, channel, cells_json)
                    .await
            }
            async fn releases_of(
                &self,
                scope: &$crate::ReleaseScope,
            ) -> Result<Vec<$crate::ReleaseEntry>, $crate::StoreError> {
                self.engine.releases_of(scope).await
            }
            async fn list_releases(
                &self,
                ags: Option<::abbild_core::Ags>,
            ) -> Result<Vec<$crate::ReleaseEntry>, $crate::StoreError> {
                self.engine.list_releases(ags).await
            }
        }
    };
}
pub(crate) use releases_via_engine;
