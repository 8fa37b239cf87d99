//! Enums stored and synced as snake_case text: one declaration gives the type, its words, parsing and its
//! serde and specta forms, all spelled the same.

/// Declare an enum whose values are stored, synced and serialized as the given words.
///
/// Each value gets `as_str`, `parse` (the exact word), `parse_field` (what a person or a caller sent, with a
/// [`crate::FieldError`] listing the accepted words), `ALL` in declaration order, `Display` and serde/specta
/// with the same words.
macro_rules! text_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $word:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
        )]
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $word)] $variant ),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The word stored and synced.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $word),+
                }
            }

            /// The value of a stored word; `None` for any other text.
            pub fn parse(word: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == word)
            }

            /// The value of what was typed or sent for `field` (surrounding spaces ignored), or an error
            /// that lists the accepted words.
            pub fn parse_field(field: &str, input: &str) -> Result<Self, $crate::FieldError> {
                Self::parse(input.trim()).ok_or_else(|| {
                    $crate::FieldError::new(
                        field,
                        $crate::FieldErrorKind::NotOneOf {
                            allowed: Self::ALL
                                .iter()
                                .map(|v| v.as_str())
                                .collect::<Vec<_>>()
                                .join(", "),
                        },
                    )
                })
            }

            /// Like [`Self::parse_field`], but empty input is `None` (not set).
            pub fn parse_optional(
                field: &str,
                input: &str,
            ) -> Result<Option<Self>, $crate::FieldError> {
                if input.trim().is_empty() {
                    Ok(None)
                } else {
                    Self::parse_field(field, input).map(Some)
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub(crate) use text_enum;

#[cfg(test)]
#[path = "text_enum_tests.rs"]
mod tests;
