//! (page)
