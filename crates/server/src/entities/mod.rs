//! Tables of the server database. Timestamps are `i64` milliseconds since the Unix epoch (UTC).

pub mod app_user;
pub mod auth_token;
pub mod login_throttle;
pub mod team;
