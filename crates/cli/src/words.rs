//! What a person types for an enum, a colleague or a list window, read into the domain's values. Every bad
//! word is collected and reported at once, as the app's forms do (`invalid input:` with one line a field).

use anyhow::Result;
use uuid::Uuid;

use fieldquote_domain::FieldError;
use fieldquote_domain::access::Colleague;
use fieldquote_domain::list::{ListQuery, SortDir};
use fieldquote_store::{Store, StoreError};

use crate::args::ListArgs;

/// Field errors collected while reading the command line.
#[derive(Default)]
pub struct Words {
    errors: Vec<FieldError>,
}

impl Words {
    /// Read `input` for `field` with a domain parser; `None` (and an error kept) when it is not a valid word.
    pub fn read<T>(
        &mut self,
        field: &str,
        input: &str,
        parse: fn(&str, &str) -> Result<T, FieldError>,
    ) -> Option<T> {
        match parse(field, input) {
            Ok(v) => Some(v),
            Err(e) => {
                self.errors.push(e);
                None
            }
        }
    }

    /// Like [`Words::read`] for an optional argument: `None` when it was not given.
    pub fn given<T>(
        &mut self,
        field: &str,
        input: Option<&str>,
        parse: fn(&str, &str) -> Result<T, FieldError>,
    ) -> Option<T> {
        input.and_then(|i| self.read(field, i, parse))
    }

    /// Every problem found, as one refusal; `Ok` when there was none.
    pub fn finish(self) -> Result<()> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(StoreError::Invalid(self.errors).into())
        }
    }
}

/// A list query from the window arguments.
pub fn list_query<F, S>(filter: F, sort: S, w: &ListArgs) -> ListQuery<F, S> {
    ListQuery {
        filter,
        sort,
        dir: if w.desc { SortDir::Desc } else { SortDir::Asc },
        offset: w.offset,
        limit: w.limit,
    }
}

/// A sort column named by its word (`name`, `updated_at`…: its serde form, one of `allowed`).
pub fn sort<S: serde::de::DeserializeOwned>(word: &str, allowed: &str) -> Result<S> {
    serde_json::from_value(serde_json::Value::String(word.trim().to_string())).map_err(|_| {
        StoreError::Invalid(vec![FieldError::new(
            "sort",
            fieldquote_domain::FieldErrorKind::NotOneOf {
                allowed: allowed.into(),
            },
        )])
        .into()
    })
}

/// A colleague of the company directory named by id, email or name.
pub async fn colleague(store: &Store, key: &str) -> Result<Colleague> {
    let key = key.trim();
    let all = fieldquote_service::colleague::list(store).await?;
    let id = key.parse::<Uuid>().ok();
    all.into_iter()
        .find(|c| Some(c.id) == id || c.email.eq_ignore_ascii_case(key) || c.name == key)
        .ok_or_else(|| {
            anyhow::anyhow!(
                "colleague not found: {key} (give their id, email or name from the company directory, which \
                 a laptop gets from its server with `fq sync`)"
            )
        })
}

/// A colleague's id: theirs by id, email or name; an id not in the directory is taken as given.
pub async fn user_id(store: &Store, key: &str) -> Result<Uuid> {
    match key.trim().parse::<Uuid>() {
        Ok(id) => Ok(id),
        Err(_) => Ok(colleague(store, key).await?.id),
    }
}
