//! "My contact details": the sales contact this laptop prints on its quotes.

use fieldquote_domain::company::SellerContact;
use fieldquote_store::Store;

use crate::ServiceError;

/// Keep `contact` as this laptop's "my contact details" (every field may be empty; a malformed e-mail address
/// is a field error and nothing changes). On a connected laptop quotes take the name and e-mail from the
/// signed-in account and the phone and title from here.
pub async fn set_my_contact(
    store: &Store,
    contact: &SellerContact,
) -> Result<SellerContact, ServiceError> {
    Ok(store.set_my_contact(contact).await?)
}
