//! The sales contact a quote names: who the client calls about it.

use serde::{Deserialize, Serialize};

use crate::FieldError;
use crate::access::SignedInUser;
use crate::validation::{self, MAX_NAME, collect};

/// A sales contact: name, job title, phone and e-mail, any of them possibly empty.
///
/// As a setting of this laptop ("my contact details") it holds what the rep typed. On a quote's PDF it is
/// [`SellerContact::for_quote`]: a signed-in laptop takes the name and e-mail from the team server's account
/// (the server keeps no phone or title, so those still come from the setting); a standalone laptop prints the
/// setting as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SellerContact {
    pub name: String,
    /// e.g. "Sales engineer", "销售经理".
    pub title: String,
    pub phone: String,
    pub email: String,
}

impl SellerContact {
    /// Trimmed and checked; every field may be empty. Errors name `name`, `title`, `phone` and `email`.
    pub fn validate(&self) -> Result<SellerContact, Vec<FieldError>> {
        let mut e = Vec::new();
        let name = collect(
            &mut e,
            validation::text("name", &self.name, MAX_NAME, false),
        );
        let title = collect(
            &mut e,
            validation::text("title", &self.title, MAX_NAME, false),
        );
        let phone = collect(
            &mut e,
            validation::text("phone", &self.phone, MAX_NAME, false),
        );
        let email = collect(&mut e, validation::email("email", &self.email));
        match (name, title, phone, email) {
            (Some(name), Some(title), Some(phone), Some(email)) if e.is_empty() => {
                Ok(SellerContact {
                    name,
                    title,
                    phone,
                    email,
                })
            }
            _ => Err(e),
        }
    }

    /// Nothing to print.
    pub fn is_empty(&self) -> bool {
        [&self.name, &self.title, &self.phone, &self.email]
            .iter()
            .all(|s| s.trim().is_empty())
    }

    /// The contact printed on a quote made on this laptop: the signed-in `account`'s name (else its e-mail
    /// address) and e-mail with the phone and title of this laptop's setting `mine`; without an account (a
    /// standalone laptop), `mine` as it is.
    pub fn for_quote(account: Option<&SignedInUser>, mine: &SellerContact) -> SellerContact {
        match account {
            Some(user) => SellerContact {
                name: user.display_name().to_string(),
                title: mine.title.clone(),
                phone: mine.phone.clone(),
                email: user.email.clone(),
            },
            None => mine.clone(),
        }
    }
}
