//! Schema migrations of the server database, the same for SQLite and PostgreSQL.
//! Append-only: never edit a released one, add a new file (one migration per file).

use sea_orm_migration::prelude::*;

mod m20261201_000001_accounts;
mod m20261210_000002_sync;
mod m20261223_000003_devices;
mod m20261230_000004_hardening;
mod m20270104_000005_visibility;
mod m20270110_000006_blobs;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261201_000001_accounts::Migration),
            Box::new(m20261210_000002_sync::Migration),
            Box::new(m20261223_000003_devices::Migration),
            Box::new(m20261230_000004_hardening::Migration),
            Box::new(m20270104_000005_visibility::Migration),
            Box::new(m20270110_000006_blobs::Migration),
        ]
    }
}
