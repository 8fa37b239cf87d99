//! Helpers the queries of every area share.

/// Most rows a list that is not yet a paged query returns; the search box narrows further.
pub const LIST_LIMIT: u64 = 1_000;

/// Escape `%`, `_` and `\` so user text is matched literally inside `LIKE '%…%' ESCAPE '\'`.
pub(crate) fn like_pattern(query: &str) -> String {
    let mut p = String::with_capacity(query.len() + 2);
    p.push('%');
    for c in query.trim().chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// `column LIKE pattern ESCAPE '\'` (case-insensitive for ASCII, exact for CJK).
pub(crate) fn like<C: sea_orm::ColumnTrait>(
    column: C,
    pattern: &str,
) -> sea_orm::sea_query::SimpleExpr {
    use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr};
    Expr::col(column).like(LikeExpr::new(pattern).escape('\\'))
}

/// Parse an id stored as text.
pub(crate) fn parse_id(raw: &str) -> Result<uuid::Uuid, crate::StoreError> {
    raw.parse()
        .map_err(|_| crate::StoreError::Corrupt(format!("not a UUID: {raw:?}")))
}

#[cfg(test)]
#[path = "query_tests.rs"]
mod tests;
