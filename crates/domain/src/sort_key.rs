//! How names sort: Chinese names in pinyin order, mixed with Latin names letter by letter.
//!
//! Lists order by [`sort_key`] (stored beside the name, kept on every write), then by the name itself. The
//! key spells each Chinese character as its pinyin syllable (without tones; a character with several
//! readings takes its most common one) and lowercases everything else, syllables separated by a space, so
//! names compare syllable by syllable as in a dictionary: 西安 (`xi an`) before 先锋 (`xian feng`), 阿里
//! (`a li`) before Apple (`apple`), 苏州精工 (`su zhou jing gong`) before 苏州工业园 only where the
//! syllables say so.

use pinyin::ToPinyin;

/// The key a name sorts by (see the module docs).
pub fn sort_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len() * 2);
    let space = |out: &mut String| {
        if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    };
    for (c, reading) in name.chars().zip(name.to_pinyin()) {
        if let Some(p) = reading {
            space(&mut out);
            out.push_str(p.plain());
            out.push(' ');
        } else if c.is_whitespace() {
            space(&mut out);
        } else {
            out.extend(c.to_lowercase());
        }
    }
    let kept = out.trim_end().len();
    out.truncate(kept);
    out
}

#[cfg(test)]
#[path = "sort_key_tests.rs"]
mod tests;
