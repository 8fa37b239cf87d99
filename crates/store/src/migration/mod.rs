//! Schema migrations, append-only: never edit a released one, add a new file.

use sea_orm_migration::prelude::*;

mod m20261123_000001_initial;
mod m20261123_000002_sync;
mod m20261123_000003_quote_number_not_unique;
mod m20261224_000004_quote_terms_revisions_approval;
mod m20261224_000005_price_lists;
mod m20261224_000006_product_bundles;
mod m20261224_000007_approvals;
mod m20261224_000008_logo_and_pdf_language;
mod m20261224_000009_quote_pdf_language;
mod m20261226_000010_kept_prices;
mod m20261227_000011_accounts;
mod m20261227_000012_opportunities;
mod m20261227_000013_activities_feedback;
mod m20261228_000014_settings_bank_pin_contact;
mod m20261229_000015_search;
mod m20261229_000016_search_queue_without_key;
mod m20261231_000017_content_blocks;
mod m20270105_000018_proposals;
mod m20270106_000019_search_content_blocks;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_initial::Migration),
            Box::new(m20261123_000002_sync::Migration),
            Box::new(m20261123_000003_quote_number_not_unique::Migration),
            Box::new(m20261224_000004_quote_terms_revisions_approval::Migration),
            Box::new(m20261224_000005_price_lists::Migration),
            Box::new(m20261224_000006_product_bundles::Migration),
            Box::new(m20261224_000007_approvals::Migration),
            Box::new(m20261224_000008_logo_and_pdf_language::Migration),
            Box::new(m20261224_000009_quote_pdf_language::Migration),
            Box::new(m20261226_000010_kept_prices::Migration),
            Box::new(m20261227_000011_accounts::Migration),
            Box::new(m20261227_000012_opportunities::Migration),
            Box::new(m20261227_000013_activities_feedback::Migration),
            Box::new(m20261228_000014_settings_bank_pin_contact::Migration),
            Box::new(m20261229_000015_search::Migration),
            Box::new(m20261229_000016_search_queue_without_key::Migration),
            Box::new(m20261231_000017_content_blocks::Migration),
            Box::new(m20270105_000018_proposals::Migration),
            Box::new(m20270106_000019_search_content_blocks::Migration),
        ]
    }
}
