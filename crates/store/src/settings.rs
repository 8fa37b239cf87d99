//! Settings of this device that are not synced: the company logo for PDFs, the default PDF language and "my
//! contact details" (the sales contact printed on quotes).

use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};

use fieldquote_domain::company::SellerContact;
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

    /// The pattern proposal PDFs are named by on this device (`None`: the standard one).
    pub async fn proposal_file_name(&self) -> Result<Option<String>, StoreError> {
        let row = self
            .db
            .query_one_raw(stmt(
                "SELECT proposal_file_name FROM device WHERE id = 1",
                vec![],
            ))
            .await?;
        Ok(row
            .map(|r| r.try_get::<String>("", "proposal_file_name"))
            .transpose()?
            .filter(|p| !p.trim().is_empty()))
    }

    /// Set the pattern proposal PDFs are named by (`None`: back to the standard one). The pattern is checked
    /// (known placeholders, a bounded length); a bad one changes nothing.
    pub async fn set_proposal_file_name(&self, pattern: Option<&str>) -> Result<(), StoreError> {
        let value = match pattern {
            Some(p) => fieldquote_domain::proposal::check_file_pattern(p).map_err(|reason| {
                StoreError::Invalid(vec![fieldquote_domain::FieldError::new(
                    "proposal_file_name",
                    fieldquote_domain::FieldErrorKind::InvalidList { reason },
                )])
            })?,
            None => String::new(),
        };
        self.db
            .execute_raw(stmt(
                "UPDATE device SET proposal_file_name = ? WHERE id = 1",
                vec![value.into()],
            ))
            .await?;
        Ok(())
    }

    /// "My contact details" as set on this device (all empty until set). What a quote prints is
    /// [`SellerContact::for_quote`] of it.
    pub async fn my_contact(&self) -> Result<SellerContact, StoreError> {
        let row = self
            .db
            .query_one_raw(stmt(
                "SELECT name, title, phone, email FROM my_contact WHERE id = 1",
                vec![],
            ))
            .await?;
        Ok(match row {
            Some(r) => SellerContact {
                name: r.try_get_by_index(0)?,
                title: r.try_get_by_index(1)?,
                phone: r.try_get_by_index(2)?,
                email: r.try_get_by_index(3)?,
            },
            None => SellerContact::default(),
        })
    }

    /// Set "my contact details" (validated: [`StoreError::Invalid`] names the fields, and nothing changes).
    pub async fn set_my_contact(
        &self,
        contact: &SellerContact,
    ) -> Result<SellerContact, StoreError> {
        let c = contact.validate().map_err(StoreError::Invalid)?;
        self.db
            .execute_raw(stmt(
                "INSERT INTO my_contact (id, name, title, phone, email, updated_at) VALUES (1, ?, ?, ?, ?, ?)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, title = excluded.title,
                   phone = excluded.phone, email = excluded.email, updated_at = excluded.updated_at",
                vec![
                    c.name.clone().into(),
                    c.title.clone().into(),
                    c.phone.clone().into(),
                    c.email.clone().into(),
                    chrono::Utc::now().to_rfc3339().into(),
                ],
            ))
            .await?;
        Ok(c)
    }
}
