//! Tables of the server database. Timestamps are `i64` milliseconds since the Unix epoch (UTC).

pub mod app_user;
pub mod applied_change;
pub mod auth_token;
pub mod blob;
pub mod blob_part;
pub mod blob_ref;
pub mod blob_upload;
pub mod device;
pub mod login_throttle;
pub mod sync_audience;
pub mod sync_counter;
pub mod sync_record;
pub mod team;
