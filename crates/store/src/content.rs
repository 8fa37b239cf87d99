//! The content library on this laptop: company blocks (pulled from the server, read-only here once
//! connected) and the user's personal blocks (made, changed and deleted here, synced to the user's other
//! devices). Rules and the block's form are the domain's ([`fieldquote_domain::content`]); a block's images
//! are blobs in the data directory ([`crate::blobs`]).

use uuid::Uuid;

use fieldquote_domain::content::import::ImportedBlock;
use fieldquote_domain::content::{
    BlockKind, COMPANY_OWNER, ContentBlock, ContentBlockInput, Scope,
};
use fieldquote_domain::refusal::ServerData;
use fieldquote_domain::sync::EntityKind;

use crate::catalog::ensure_local;
use crate::rows::{self, Fields, Row};
use crate::{Origin, Store, StoreError};

const KIND: EntityKind = EntityKind::ContentBlock;

/// Which blocks to list; every condition given must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContentFilter {
    pub kind: Option<BlockKind>,
    pub scope: Option<Scope>,
    /// Exact industry.
    pub industry: Option<String>,
    /// A tag the block carries.
    pub tag: Option<String>,
    /// Part of a title, a body, a tag or the industry (any case).
    pub text: Option<String>,
}

fn to_block(r: &Row) -> Result<ContentBlock, StoreError> {
    let fields = r.map.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    Ok(ContentBlock::from_fields(r.id()?, r.owner_id()?, &fields))
}

fn fields_of(map: std::collections::BTreeMap<String, serde_json::Value>) -> Fields {
    map.into_iter().collect()
}

fn is_company(r: &Row) -> bool {
    r.text("scope") == Scope::Company.as_str() || r.owner_id().is_ok_and(|o| o == COMPANY_OWNER)
}

impl ContentFilter {
    fn keeps(&self, b: &ContentBlock) -> bool {
        let text = self.text.as_deref().map(str::to_lowercase);
        self.kind.is_none_or(|k| b.kind == Some(k))
            && self.scope.is_none_or(|s| b.scope == s)
            && self.industry.as_ref().is_none_or(|i| &b.industry == i)
            && self.tag.as_ref().is_none_or(|t| b.tags.contains(t))
            && text.is_none_or(|t| {
                [
                    &b.title_en,
                    &b.title_zh,
                    &b.body_en,
                    &b.body_zh,
                    &b.industry,
                ]
                .into_iter()
                .chain(&b.tags)
                .any(|f| f.to_lowercase().contains(&t))
            })
    }
}

impl Store {
    /// Add a personal block.
    pub async fn create_content_block(
        &self,
        input: &ContentBlockInput,
        origin: Origin,
    ) -> Result<ContentBlock, StoreError> {
        self.save_content_block(Uuid::now_v7(), input, origin).await
    }

    /// Change a personal block. A company block is the server's: refused once connected.
    pub async fn update_content_block(
        &self,
        id: Uuid,
        input: &ContentBlockInput,
        origin: Origin,
    ) -> Result<ContentBlock, StoreError> {
        rows::live(&self.db, KIND, id).await?;
        self.save_content_block(id, input, origin).await
    }

    /// Write block `id` (made if it is not here, brought back if deleted) with `input`, as a personal block
    /// unless it is a company block (then only on a laptop without a server).
    async fn save_content_block(
        &self,
        id: Uuid,
        input: &ContentBlockInput,
        origin: Origin,
    ) -> Result<ContentBlock, StoreError> {
        let w = self.begin_write(origin).await?;
        let before = rows::load(&w.txn, KIND, id).await?;
        let scope = match &before {
            Some(r) if is_company(r) => {
                ensure_local(&w, ServerData::ContentLibrary).await?;
                Scope::Company
            }
            _ => Scope::Personal,
        };
        let fields = fields_of(input.validate(scope).map_err(StoreError::Invalid)?);
        let row = match before {
            None => w.insert_row(KIND, id, fields).await?,
            Some(r) => {
                let r = w.restore_row(&r).await?;
                w.update_row(&r, fields).await?
            }
        };
        w.commit().await?;
        to_block(&row)
    }

    /// Delete a personal block (a company block: only on a laptop without a server).
    pub async fn delete_content_block(&self, id: Uuid, origin: Origin) -> Result<(), StoreError> {
        let w = self.begin_write(origin).await?;
        let before = rows::live(&w.txn, KIND, id).await?;
        if is_company(&before) {
            ensure_local(&w, ServerData::ContentLibrary).await?;
        }
        w.delete_row(&before).await?;
        w.commit().await
    }

    pub async fn get_content_block(&self, id: Uuid) -> Result<ContentBlock, StoreError> {
        to_block(&rows::live(&self.db, KIND, id).await?)
    }

    /// The live blocks the filter keeps: company blocks first, then by English title (else Chinese).
    pub async fn list_content_blocks(
        &self,
        filter: &ContentFilter,
    ) -> Result<Vec<ContentBlock>, StoreError> {
        let rows = rows::select(
            &self.db,
            KIND,
            "a.deleted_at IS NULL",
            vec![],
            "a.scope, a.title_en, a.title_zh, a.id",
        )
        .await?;
        let mut out = Vec::new();
        for r in &rows {
            let b = to_block(r)?;
            if filter.keeps(&b) {
                out.push(b);
            }
        }
        Ok(out)
    }

    /// Import personal blocks (images already stored as blobs, their hashes in `image_blobs`): all or
    /// nothing, every problem by row. A block whose id is here is updated. Returns `(created, updated)`.
    pub async fn import_content_blocks(
        &self,
        blocks: &[ImportedBlock],
        origin: Origin,
    ) -> Result<(usize, usize), StoreError> {
        let valid = fieldquote_domain::content::import::validate(blocks, Scope::Personal)
            .map_err(StoreError::InvalidRows)?;
        let w = self.begin_write(origin).await?;
        let (mut created, mut updated) = (0, 0);
        for (id, fields) in valid {
            match rows::load(&w.txn, KIND, id).await? {
                None => {
                    w.insert_row(KIND, id, fields_of(fields)).await?;
                    created += 1;
                }
                Some(r) => {
                    if is_company(&r) {
                        ensure_local(&w, ServerData::ContentLibrary).await?;
                    }
                    let r = w.restore_row(&r).await?;
                    w.update_row(&r, fields_of(fields)).await?;
                    updated += 1;
                }
            }
        }
        w.commit().await?;
        Ok((created, updated))
    }
}
