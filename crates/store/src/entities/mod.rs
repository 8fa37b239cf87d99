//! sea-orm entities: one module a table. IDs are UUIDv7 stored as text; money is integer minor units
//! (`*_minor`); quantities and percentages are exact decimal strings. Never a `decimal` column: SQLite would
//! store it as a float.

pub mod company_profile;
pub mod customer;
pub mod device;
pub mod exchange_rate;
pub mod outbox;
pub mod price_list;
pub mod price_list_entry;
pub mod product;
pub mod quote;
pub mod quote_line;
pub mod quote_sequence;
