//! Lists at any size: a `WHERE` built from a filter, the real count, and one window of rows in the asked
//! order (see [`fieldquote_domain::list`]). The order always ends with the row's id, so windows never
//! overlap or skip rows that tie.

use sea_orm::{ConnectionTrait, QueryResult, Value};

use fieldquote_domain::list::{Page, SortDir};

use crate::StoreError;
use crate::query::like_pattern;
use crate::sync::stmt;

/// The conditions of a list's `WHERE`, with their bound values.
#[derive(Default)]
pub(crate) struct Where {
    clauses: Vec<String>,
    values: Vec<Value>,
}

impl Where {
    pub fn new() -> Self {
        Self::default()
    }

    /// Add `clause` (with `?` for each of `values`).
    pub fn and(&mut self, clause: &str, values: Vec<Value>) -> &mut Self {
        self.clauses.push(clause.to_string());
        self.values.extend(values);
        self
    }

    /// Add `column = value` when `value` is given.
    pub fn eq_opt(&mut self, column: &str, value: Option<String>) -> &mut Self {
        if let Some(v) = value {
            self.and(&format!("{column} = ?"), vec![v.into()]);
        }
        self
    }

    /// Add `column = value` unless `value` is empty.
    pub fn eq_text(&mut self, column: &str, value: &str) -> &mut Self {
        if !value.trim().is_empty() {
            self.and(
                &format!("{column} = ?"),
                vec![value.trim().to_string().into()],
            );
        }
        self
    }

    /// Any of `columns` contains `text` (nothing when `text` is empty).
    pub fn contains(&mut self, columns: &[&str], text: &str) -> &mut Self {
        if text.trim().is_empty() {
            return self;
        }
        let p = like_pattern(text);
        let any: Vec<String> = columns
            .iter()
            .map(|c| format!("{c} LIKE ? ESCAPE '\\'"))
            .collect();
        self.and(
            &format!("({})", any.join(" OR ")),
            vec![Value::from(p); columns.len()],
        )
    }

    /// `column >= from` and `column <= to`, each unless empty. `to` is a day: everything of that day counts
    /// (times on it start with it).
    pub fn day_range(&mut self, column: &str, from: &str, to: &str) -> &mut Self {
        if !from.trim().is_empty() {
            self.and(
                &format!("{column} >= ?"),
                vec![from.trim().to_string().into()],
            );
        }
        if !to.trim().is_empty() {
            // "2026-12-10" < "2026-12-10T…" < "2026-12-10~": the day's times are below its upper bound.
            self.and(
                &format!("{column} <= ?"),
                vec![format!("{}~", to.trim()).into()],
            );
        }
        self
    }

    /// The conditions and their values, to nest in another query.
    pub fn into_parts(self) -> (Vec<String>, Vec<Value>) {
        (self.clauses, self.values)
    }

    fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.clauses.join(" AND "))
        }
    }
}

/// `ASC` or `DESC`.
pub(crate) fn dir(d: SortDir) -> &'static str {
    match d {
        SortDir::Asc => "ASC",
        SortDir::Desc => "DESC",
    }
}

/// One window of a list: `SELECT select FROM from WHERE … ORDER BY order LIMIT … OFFSET …`, and the count of
/// every row that matches.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn page<T>(
    conn: &impl ConnectionTrait,
    select: &str,
    from: &str,
    filter: &Where,
    order: &str,
    offset: u32,
    limit: u32,
    decode: impl Fn(&QueryResult) -> Result<T, StoreError>,
) -> Result<Page<T>, StoreError> {
    let where_sql = filter.sql();
    let total = conn
        .query_one_raw(stmt(
            &format!("SELECT COUNT(*) FROM {from}{where_sql}"),
            filter.values.clone(),
        ))
        .await?
        .map(|r| r.try_get_by_index::<i64>(0))
        .transpose()?
        .unwrap_or(0);
    let mut values = filter.values.clone();
    values.push(i64::from(limit).into());
    values.push(i64::from(offset).into());
    let rows = conn
        .query_all_raw(stmt(
            &format!("SELECT {select} FROM {from}{where_sql} ORDER BY {order} LIMIT ? OFFSET ?"),
            values,
        ))
        .await?;
    Ok(Page {
        total: u64::try_from(total).unwrap_or(0),
        offset,
        rows: rows.iter().map(decode).collect::<Result<_, _>>()?,
    })
}
