//! The first schema: device, company profile, customers, products, quotes, lines, outbox.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer, integer, string, string_null, text};

use crate::entities::{
    company_profile as cp, customer, device, outbox, product, quote, quote_line, quote_sequence,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Columns every synced table has.
fn sync_columns<C: IntoIden + Copy>(
    t: &mut TableCreateStatement,
    updated: C,
    deleted: C,
    owner: C,
) {
    t.col(string(updated))
        .col(string_null(deleted))
        .col(string(owner));
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(device::Entity)
                .col(integer(device::Column::Id).primary_key())
                .col(string(device::Column::DeviceId))
                .col(string_null(device::Column::QuotePrefix))
                .col(string(device::Column::Hlc))
                .col(string(device::Column::OwnerId))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(quote_sequence::Entity)
                .col(integer(quote_sequence::Column::Year).primary_key())
                .col(big_integer(quote_sequence::Column::Last))
                .to_owned(),
        )
        .await?;

        let mut t = Table::create();
        t.table(cp::Entity)
            .col(string(cp::Column::Id).primary_key())
            .col(string(cp::Column::Name))
            .col(text(cp::Column::Address))
            .col(string(cp::Column::Phone))
            .col(string(cp::Column::Email))
            .col(string(cp::Column::TaxId))
            .col(string(cp::Column::Currency));
        sync_columns(
            &mut t,
            cp::Column::UpdatedAt,
            cp::Column::DeletedAt,
            cp::Column::OwnerId,
        );
        m.create_table(t).await?;

        let mut t = Table::create();
        t.table(customer::Entity)
            .col(string(customer::Column::Id).primary_key())
            .col(string(customer::Column::Name))
            .col(string(customer::Column::ContactPerson))
            .col(string(customer::Column::Phone))
            .col(string(customer::Column::Email))
            .col(text(customer::Column::Address))
            .col(string(customer::Column::TaxId));
        sync_columns(
            &mut t,
            customer::Column::UpdatedAt,
            customer::Column::DeletedAt,
            customer::Column::OwnerId,
        );
        m.create_table(t).await?;
        m.create_index(
            Index::create()
                .name("idx_customer_name")
                .table(customer::Entity)
                .col(customer::Column::Name)
                .to_owned(),
        )
        .await?;

        let mut t = Table::create();
        t.table(product::Entity)
            .col(string(product::Column::Id).primary_key())
            .col(string(product::Column::Sku).unique_key())
            .col(string(product::Column::Name))
            .col(text(product::Column::Description))
            .col(string(product::Column::Unit))
            .col(big_integer(product::Column::UnitPriceMinor))
            .col(string(product::Column::Currency))
            .col(string(product::Column::TaxRate));
        sync_columns(
            &mut t,
            product::Column::UpdatedAt,
            product::Column::DeletedAt,
            product::Column::OwnerId,
        );
        m.create_table(t).await?;

        let mut t = Table::create();
        t.table(quote::Entity)
            .col(string(quote::Column::Id).primary_key())
            .col(string(quote::Column::Number).unique_key())
            .col(string(quote::Column::CustomerId))
            .col(string(quote::Column::Status))
            .col(string(quote::Column::Currency))
            .col(string(quote::Column::IssueDate))
            .col(string(quote::Column::ValidUntil))
            .col(text(quote::Column::Notes))
            .col(big_integer(quote::Column::SubtotalMinor))
            .col(big_integer(quote::Column::TaxMinor))
            .col(big_integer(quote::Column::TotalMinor))
            .foreign_key(
                ForeignKey::create()
                    .name("fk_quote_customer")
                    .from(quote::Entity, quote::Column::CustomerId)
                    .to(customer::Entity, customer::Column::Id),
            );
        sync_columns(
            &mut t,
            quote::Column::UpdatedAt,
            quote::Column::DeletedAt,
            quote::Column::OwnerId,
        );
        m.create_table(t).await?;
        m.create_index(
            Index::create()
                .name("idx_quote_customer")
                .table(quote::Entity)
                .col(quote::Column::CustomerId)
                .to_owned(),
        )
        .await?;

        let mut t = Table::create();
        t.table(quote_line::Entity)
            .col(string(quote_line::Column::Id).primary_key())
            .col(string(quote_line::Column::QuoteId))
            .col(integer(quote_line::Column::Position))
            .col(string(quote_line::Column::ProductId))
            .col(string(quote_line::Column::Sku))
            .col(text(quote_line::Column::Description))
            .col(string(quote_line::Column::Unit))
            .col(string(quote_line::Column::Quantity))
            .col(big_integer(quote_line::Column::UnitPriceMinor))
            .col(string(quote_line::Column::DiscountPercent))
            .col(string(quote_line::Column::TaxRate))
            .col(big_integer(quote_line::Column::NetMinor))
            .col(big_integer(quote_line::Column::TaxMinor))
            .col(big_integer(quote_line::Column::GrossMinor))
            .foreign_key(
                ForeignKey::create()
                    .name("fk_quote_line_quote")
                    .from(quote_line::Entity, quote_line::Column::QuoteId)
                    .to(quote::Entity, quote::Column::Id),
            )
            .foreign_key(
                ForeignKey::create()
                    .name("fk_quote_line_product")
                    .from(quote_line::Entity, quote_line::Column::ProductId)
                    .to(product::Entity, product::Column::Id),
            );
        sync_columns(
            &mut t,
            quote_line::Column::UpdatedAt,
            quote_line::Column::DeletedAt,
            quote_line::Column::OwnerId,
        );
        m.create_table(t).await?;
        m.create_index(
            Index::create()
                .name("idx_quote_line_quote")
                .table(quote_line::Entity)
                .col(quote_line::Column::QuoteId)
                .col(quote_line::Column::Position)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(outbox::Entity)
                .col(
                    big_integer(outbox::Column::Seq)
                        .primary_key()
                        .auto_increment(),
                )
                .col(string(outbox::Column::ChangeId).unique_key())
                .col(string(outbox::Column::Entity))
                .col(string(outbox::Column::EntityId))
                .col(string(outbox::Column::Op))
                .col(text(outbox::Column::Payload))
                .col(string(outbox::Column::Hlc))
                .col(string(outbox::Column::Origin))
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
