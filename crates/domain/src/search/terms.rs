//! Text into index terms: the words of Latin text, overlapping pairs of Chinese characters, and the pinyin
//! of Chinese names. The word table's tokenizer (`unicode61`) then only splits at the spaces put here.

use pinyin::ToPinyin;

/// Syllables of a name spelled in pinyin: longer runs of Chinese are cut here (names are short; a run this
/// long is text, not a name).
const MAX_PINYIN_SYLLABLES: usize = 16;

/// Characters written without spaces between words (Chinese, Japanese kana, Korean syllables), which the
/// index cuts into overlapping pairs.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'   // Hiragana, Katakana
        | '\u{3400}'..='\u{4DBF}' // CJK Extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK Unified Ideographs
        | '\u{AC00}'..='\u{D7AF}' // Hangul syllables
        | '\u{F900}'..='\u{FAFF}' // CJK Compatibility Ideographs
        | '\u{20000}'..='\u{2FA1F}' // CJK Extensions B–F, Compatibility Supplement
    )
}

/// A text as compared whole (a title against the query): lowercase, runs of whitespace as one space,
/// trimmed.
pub fn key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// The word table's terms of a text, separated by spaces: each Latin word or number (lowercased), each
/// overlapping pair of Chinese characters and the last character of each Chinese run alone (so that one
/// character finds itself as a prefix of a pair or as that last character).
pub fn terms(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    let mut word = String::new();
    let mut run: Vec<char> = Vec::new();
    let push = |out: &mut String, term: &str| {
        if !term.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(term);
        }
    };
    let flush_run = |out: &mut String, run: &mut Vec<char>| {
        for pair in run.windows(2) {
            push(out, &pair.iter().collect::<String>());
        }
        if let Some(last) = run.last() {
            push(out, &last.to_string());
        }
        run.clear();
    };
    for c in text.chars() {
        if is_cjk(c) {
            push(&mut out, &word);
            word.clear();
            run.push(c);
        } else {
            flush_run(&mut out, &mut run);
            if c.is_alphanumeric() {
                word.extend(c.to_lowercase());
            } else {
                push(&mut out, &word);
                word.clear();
            }
        }
    }
    flush_run(&mut out, &mut run);
    push(&mut out, &word);
    out
}

/// The runs of Chinese characters of a name, each as its pinyin syllables (without tones; a character with
/// several readings takes its most common one, as `sort_key` does), at most [`MAX_PINYIN_SYLLABLES`] each.
fn syllable_runs(name: &str) -> Vec<Vec<&'static str>> {
    let mut runs: Vec<Vec<&'static str>> = Vec::new();
    let mut current: Vec<&'static str> = Vec::new();
    for reading in name.to_pinyin() {
        match reading {
            Some(p) => current.push(p.plain()),
            None => {
                if !current.is_empty() {
                    runs.push(std::mem::take(&mut current));
                }
            }
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    for run in &mut runs {
        run.truncate(MAX_PINYIN_SYLLABLES);
    }
    runs
}

fn initials(run: &[&str]) -> String {
    run.iter().filter_map(|s| s.chars().next()).collect()
}

/// The pinyin of a name for the trigram table: each Chinese run spelled in full and by its initials
/// (`苏州精工` → `suzhoujinggong szjg`), so that any part of 3 letters or more of either matches. Empty
/// for a name without Chinese.
pub fn pinyin(name: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    for run in syllable_runs(name) {
        parts.push(run.concat());
        parts.push(initials(&run));
    }
    parts.join(" ")
}

/// The pinyin of a name for the word table, for queries of 1 and 2 letters: the full spelling and the
/// initials from every syllable on (`苏州精工` → `suzhoujinggong zhoujinggong jinggong gong szjg zjg jg
/// g`), so that a prefix query finds a syllable anywhere in the name (`zh`) and any pair of initials
/// (`jg`).
pub fn pinyin_terms(name: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for run in syllable_runs(name) {
        for start in 0..run.len() {
            out.push(run[start..].concat());
        }
        let initials = initials(&run);
        for (start, _) in initials.char_indices() {
            out.push(initials[start..].to_string());
        }
    }
    out.join(" ")
}
