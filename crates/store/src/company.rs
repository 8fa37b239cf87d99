use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};

use fieldquote_domain::Currency;
use fieldquote_domain::company::{BankDetails, CompanyProfile};
use fieldquote_domain::refusal::ServerData;

use crate::catalog::ensure_local;
use crate::entities::company_profile as cp;
use crate::{Origin, Store, StoreError};

/// The profile used until one is set: a neutral placeholder in CNY.
pub fn default_company() -> CompanyProfile {
    CompanyProfile {
        name: "My Company".into(),
        address: String::new(),
        phone: String::new(),
        email: String::new(),
        tax_id: String::new(),
        currency: Currency::CNY,
        bank: BankDetails::default(),
    }
}

fn to_profile(m: cp::Model) -> Result<CompanyProfile, StoreError> {
    Ok(CompanyProfile {
        currency: m
            .currency
            .parse()
            .map_err(|()| StoreError::Corrupt(format!("unknown currency {:?}", m.currency)))?,
        name: m.name,
        address: m.address,
        phone: m.phone,
        email: m.email,
        tax_id: m.tax_id,
        bank: BankDetails {
            bank_name: m.bank_name,
            account_name: m.bank_account_name,
            account_number: m.bank_account_number,
            branch: m.bank_branch,
            swift: m.bank_swift,
        },
    })
}

/// Write `p`'s fields on a row's active model.
fn set_fields(am: &mut cp::ActiveModel, p: &CompanyProfile) {
    am.name = Set(p.name.clone());
    am.address = Set(p.address.clone());
    am.phone = Set(p.phone.clone());
    am.email = Set(p.email.clone());
    am.tax_id = Set(p.tax_id.clone());
    am.currency = Set(p.currency.to_string());
    am.bank_name = Set(p.bank.bank_name.clone());
    am.bank_account_name = Set(p.bank.account_name.clone());
    am.bank_account_number = Set(p.bank.account_number.clone());
    am.bank_branch = Set(p.bank.branch.clone());
    am.bank_swift = Set(p.bank.swift.clone());
}

impl Store {
    async fn company_row(
        &self,
        conn: &impl sea_orm::ConnectionTrait,
    ) -> Result<Option<cp::Model>, StoreError> {
        Ok(cp::Entity::find()
            .filter(cp::Column::DeletedAt.is_null())
            .one(conn)
            .await?)
    }

    /// The company profile, if one was set.
    pub async fn company(&self) -> Result<Option<CompanyProfile>, StoreError> {
        self.company_row(&self.db)
            .await?
            .map(to_profile)
            .transpose()
    }

    /// The company profile, or [`default_company`].
    pub async fn company_or_default(&self) -> Result<CompanyProfile, StoreError> {
        Ok(self.company().await?.unwrap_or_else(default_company))
    }

    /// Set the company profile (with its bank details) of a standalone laptop. Invalid input is
    /// [`StoreError::Invalid`]; once the laptop is connected to a server the profile is the server's
    /// ([`fieldquote_domain::Refusal::ServerOwned`]). Either way nothing is written.
    pub async fn set_company(
        &self,
        profile: &CompanyProfile,
        origin: Origin,
    ) -> Result<CompanyProfile, StoreError> {
        let p = profile.validate().map_err(StoreError::Invalid)?;
        let w = self.begin_write(origin).await?;
        ensure_local(&w, ServerData::CompanyProfile).await?;
        let before = self.company_row(&w.txn).await?;
        let row = match before.clone() {
            Some(existing) => {
                let mut am = existing.into_active_model();
                set_fields(&mut am, &p);
                am.updated_at = Set(w.hlc.clone());
                am.update(&w.txn).await?
            }
            None => {
                let mut am = cp::ActiveModel {
                    id: Set(uuid::Uuid::now_v7().to_string()),
                    rep_discount_limit: Set(String::new()),
                    manager_discount_limit: Set(String::new()),
                    updated_at: Set(w.hlc.clone()),
                    deleted_at: Set(None),
                    owner_id: Set(w.owner_id.clone()),
                    ..Default::default()
                };
                set_fields(&mut am, &p);
                am.insert(&w.txn).await?
            }
        };
        w.record("company_profile", &row.id, "upsert", before.as_ref(), &row)
            .await?;
        w.commit().await?;
        Ok(p)
    }
}
