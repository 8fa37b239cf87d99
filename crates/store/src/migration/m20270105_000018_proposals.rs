//! Proposals (`proposal`, synced): one row per version of an opportunity's proposal. A sent version's
//! document, the client's signature and the document as signed are blobs in the data directory's `blobs/`;
//! the row names them.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        let text = [
            "opportunity_id",
            "account_id",
            "quote_id",
            "title",
            "lang",
            "revises_id",
            "status",
            "sections",
            "document_blob",
            "content_hash",
            "sent_at",
            "signer_name",
            "signer_title",
            "signed_at",
            "signature_blob",
            "seen_sha256",
            "signed_pdf_sha256",
            "signed_document_blob",
            "signed_content_hash",
            "taken_lines",
            "witnessed_at",
            "witnessed_sha256",
            "blobs",
        ]
        .map(|c| format!("{c} TEXT NOT NULL DEFAULT ''"))
        .join(",\n                ");
        for sql in [
            format!(
                "CREATE TABLE proposal (
                id TEXT PRIMARY KEY NOT NULL,
                {text},
                version INTEGER NOT NULL DEFAULT 1,
                updated_at TEXT NOT NULL,
                deleted_at TEXT,
                owner_id TEXT NOT NULL
            )"
            ),
            "CREATE INDEX idx_proposal_opportunity ON proposal (opportunity_id, version)".into(),
            "CREATE INDEX idx_proposal_content_hash ON proposal (content_hash)".into(),
            "CREATE INDEX idx_proposal_signed_content_hash ON proposal (signed_content_hash)"
                .into(),
        ] {
            db.execute_unprepared(&sql).await?;
        }
        Ok(())
    }
}
