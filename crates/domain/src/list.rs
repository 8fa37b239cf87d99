//! Lists at any size: a query names a filter, a sort and a window (`offset`, `limit`); the answer is the
//! window's rows and the real count of rows that match, so a screen shows "12 480 accounts" and scrolls
//! through all of them, and nothing stops silently at a fixed number.

use serde::{Deserialize, Serialize};

/// Most rows one window returns; a screen asks for the next window as it scrolls.
pub const MAX_LIMIT: u32 = 1_000;

/// The direction of a sort.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum SortDir {
    #[default]
    Asc,
    Desc,
}

/// A query of a list: what to keep (`F`), by which column to sort (`S`), and which window of rows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ListQuery<F, S> {
    #[serde(default)]
    pub filter: F,
    #[serde(default)]
    pub sort: S,
    #[serde(default)]
    pub dir: SortDir,
    #[serde(default)]
    pub offset: u32,
    /// At most [`MAX_LIMIT`]; 0 means [`MAX_LIMIT`].
    #[serde(default)]
    pub limit: u32,
}

impl<F, S: Default> ListQuery<F, S> {
    /// The first window of what `filter` keeps, in the list's usual order.
    pub fn filtered(filter: F) -> Self {
        ListQuery {
            filter,
            sort: S::default(),
            dir: SortDir::Asc,
            offset: 0,
            limit: 0,
        }
    }
}

impl<F, S> ListQuery<F, S> {
    /// The window's size: `limit`, at most [`MAX_LIMIT`] (0 means the most).
    pub fn window(&self) -> u32 {
        if self.limit == 0 {
            MAX_LIMIT
        } else {
            self.limit.min(MAX_LIMIT)
        }
    }
}

/// One window of a list, and how many rows match in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Page<T> {
    /// Rows that match in all (a `number` in TypeScript).
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub total: u64,
    pub offset: u32,
    pub rows: Vec<T>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_is_bounded() {
        let mut q: ListQuery<(), ()> = ListQuery::default();
        assert_eq!(q.window(), MAX_LIMIT);
        q.limit = 50;
        assert_eq!(q.window(), 50);
        q.limit = 1_000_000;
        assert_eq!(q.window(), MAX_LIMIT);
        let q: ListQuery<(), ()> = serde_json::from_str("{}").unwrap();
        assert_eq!((q.offset, q.window(), q.dir), (0, MAX_LIMIT, SortDir::Asc));
    }
}
