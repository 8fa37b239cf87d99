//! Settings of this device that are not synced: the company logo for PDFs and the default PDF language.

use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};

use fieldquote_domain::document::PdfLanguage;

use crate::{Store, StoreError};

fn stmt(sql: &str, values: Vec<Value>) -> Statement {
    Statement::from_sql_and_values(DbBackend::Sqlite, sql, values)
}

impl Store {
    /// The logo file's bytes, if one was set.
    pub async fn logo(&self) -> Result<Option<Vec<u8>>, StoreError> {
        let row = self
            .db
            .query_one_raw(stmt("SELECT bytes FROM company_logo WHERE id = 1", vec![]))
            .await?;
        Ok(match row {
            Some(r) => Some(r.try_get::<Vec<u8>>("", "bytes")?),
            None => None,
        })
    }

    /// Keep `bytes` as the logo (the caller has checked it is an image), or remove the logo with `None`.
    pub async fn set_logo(&self, bytes: Option<&[u8]>) -> Result<(), StoreError> {
        match bytes {
            Some(b) => {
                self.db
                    .execute_raw(stmt(
                        "INSERT INTO company_logo (id, bytes, updated_at) VALUES (1, ?, ?)
                         ON CONFLICT (id) DO UPDATE SET bytes = excluded.bytes, updated_at = excluded.updated_at",
                        vec![b.to_vec().into(), chrono::Utc::now().to_rfc3339().into()],
                    ))
                    .await?;
            }
            None => {
                self.db
                    .execute_raw(stmt("DELETE FROM company_logo", vec![]))
                    .await?;
            }
        }
        Ok(())
    }

    /// The default language of PDF labels; `None` ("auto"): the language the app is in.
    pub async fn pdf_language(&self) -> Result<Option<PdfLanguage>, StoreError> {
        let row = self
            .db
            .query_one_raw(stmt("SELECT pdf_lang FROM device WHERE id = 1", vec![]))
            .await?;
        match row {
            Some(r) => PdfLanguage::parse_choice(&r.try_get::<String>("", "pdf_lang")?)
                .map_err(|e| StoreError::Corrupt(e.to_string())),
            None => Ok(None),
        }
    }

    /// Set the default language of PDF labels (`None`: "auto", the app's language).
    pub async fn set_pdf_language(&self, lang: Option<PdfLanguage>) -> Result<(), StoreError> {
        self.db
            .execute_raw(stmt(
                "UPDATE device SET pdf_lang = ? WHERE id = 1",
                vec![PdfLanguage::choice_code(lang).into()],
            ))
            .await?;
        Ok(())
    }
}
