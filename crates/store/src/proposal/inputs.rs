//! What a proposal's generated parts and placeholders are made from, read from this laptop: the client and
//! its decision maker, the opportunity's needs, the quote as the screens show it, the module descriptions of
//! the content library, the company and the rep who sends it, and the company logo as a blob.

use uuid::Uuid;

use fieldquote_domain::company::SellerContact;
use fieldquote_domain::contact::{BuyingRole, ContactFilter, ContactSort};
use fieldquote_domain::list::ListQuery;
use fieldquote_domain::proposal::library::module_descriptions;
use fieldquote_domain::proposal::{Proposal, ProposalInputs};

use crate::content::ContentFilter;
use crate::{Store, StoreError};

impl Store {
    /// The inputs of `p` dated `date` (`YYYY-MM-DD`), with its quote as given (`quote`: the client's choice
    /// of optional items priced, when signing), else the version's own quote as stored.
    pub async fn proposal_inputs(
        &self,
        p: &Proposal,
        date: &str,
        quote: Option<fieldquote_domain::quote::QuoteView>,
    ) -> Result<ProposalInputs, StoreError> {
        let company = self.company_or_default().await?;
        let account = self.signed_in_user().await?;
        let rep = SellerContact::for_quote(account.as_ref(), &self.my_contact().await?);
        let client = match p.account_id {
            Some(id) => Some(self.get_account(id).await?),
            None => None,
        };
        let contact = match p.account_id {
            Some(id) => self.signing_contact(id).await?,
            None => None,
        };
        let opportunity = match p.opportunity_id {
            Some(id) => Some(self.get_opportunity(id).await?),
            None => None,
        };
        let needs = match p.opportunity_id {
            Some(id) => Some(self.get_needs(id).await?),
            None => None,
        };
        let quote = match (quote, p.quote_id) {
            (Some(q), _) => Some(q),
            (None, Some(id)) => Some(self.get_quote(id).await?),
            (None, None) => None,
        };
        let blocks = self.list_content_blocks(&ContentFilter::default()).await?;
        let logo_sha256 = match self.logo().await? {
            Some(bytes) => Some(self.put_blob(&bytes)?.to_string()),
            None => None,
        };
        Ok(ProposalInputs {
            title: p.title.clone(),
            lang: p.lang,
            date: date.to_string(),
            company_name: company.name,
            rep,
            client_name: client.as_ref().map(|c| c.name.clone()).unwrap_or_default(),
            client_address: client.map(|c| c.address).unwrap_or_default(),
            contact_name: contact.as_ref().map(|c| c.0.clone()).unwrap_or_default(),
            contact_title: contact.map(|c| c.1).unwrap_or_default(),
            opportunity_name: opportunity.map(|o| o.name).unwrap_or_default(),
            needs,
            quote,
            modules: module_descriptions(&blocks, p.lang),
            logo_sha256,
        })
    }

    /// The contact a proposal to `account_id` is addressed to: its decision maker, else its first contact by
    /// name, as `(name, title)`.
    async fn signing_contact(
        &self,
        account_id: Uuid,
    ) -> Result<Option<(String, String)>, StoreError> {
        let q = ListQuery {
            filter: ContactFilter {
                account_id: Some(account_id),
                ..Default::default()
            },
            sort: ContactSort::default(),
            ..Default::default()
        };
        let contacts = self.list_contacts(&q).await?.rows;
        let chosen = contacts
            .iter()
            .find(|c| c.buying_role == Some(BuyingRole::DecisionMaker))
            .or(contacts.first());
        Ok(chosen.map(|c| (c.name.clone(), c.title.clone())))
    }
}
