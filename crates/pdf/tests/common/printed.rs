//! Reads the figures a reader sees back from `pdftotext -layout` and adds them up, in exact integers (minor
//! units of CNY, quantities in thousandths, percentages in millionths), independently of the pricing engine.

/// The words of the totals block the arithmetic depends on, in the PDF's language.
pub struct Words {
    /// A row that must equal what the rows above it add up to ("Subtotal").
    pub subtotal: &'static str,
    /// The grand total.
    pub total: &'static str,
    /// Rows under the total that break it down ("of which …"): they add up to the total.
    pub of_which: &'static str,
}

pub const EN: Words = Words {
    subtotal: "Subtotal",
    total: "Total",
    of_which: "of which",
};

pub const ZH: Words = Words {
    subtotal: "小计",
    total: "合计",
    of_which: "其中",
};

pub const BILINGUAL: Words = Words {
    subtotal: "Subtotal 小计",
    total: "Total 合计",
    of_which: "of which",
};

/// One row of a lines table as printed.
#[derive(Debug, Default, Clone)]
pub struct Row {
    pub sku: String,
    /// The layout line the row starts on.
    pub at: usize,
    /// Thousandths.
    pub quantity: Option<i128>,
    /// Minor units.
    pub unit_price: Option<i128>,
    /// Millionths of the whole (8 % = 80 000).
    pub percent: Option<i128>,
    /// Minor units, positive.
    pub off: Option<i128>,
    /// Minor units, when the amount column holds a number.
    pub amount: Option<i128>,
    /// The row's text, all its layout lines joined.
    pub text: String,
}

/// A row of the totals block.
#[derive(Debug, Clone)]
pub struct TotalRow {
    pub label: String,
    /// Minor units, signed as printed.
    pub value: i128,
    pub at: usize,
}

/// Everything a reader can add up on the page.
#[derive(Debug)]
pub struct Printed {
    pub rows: Vec<Row>,
    pub totals: Vec<TotalRow>,
}

impl Printed {
    /// Rows printed above the totals block (whose amount column the totals continue).
    pub fn above_totals(&self) -> impl Iterator<Item = &Row> {
        let start = self.totals.first().map_or(usize::MAX, |t| t.at);
        self.rows.iter().filter(move |r| r.at < start)
    }

    pub fn row(&self, sku: &str) -> &Row {
        self.rows
            .iter()
            .find(|r| r.sku == sku)
            .unwrap_or_else(|| panic!("no row {sku} in {self:#?}"))
    }

    pub fn total(&self, label: &str) -> i128 {
        self.totals
            .iter()
            .find(|t| t.label == label)
            .unwrap_or_else(|| panic!("no total {label:?} in {:#?}", self.totals))
            .value
    }
}

/// `1,234.56` / `-1,234.56` (CNY: two decimals) in minor units.
pub fn minor(s: &str) -> Option<i128> {
    let (negative, s) = match s.strip_prefix('-').or_else(|| s.strip_prefix('−')) {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (whole, cents) = s.split_once('.')?;
    if cents.len() != 2 || !cents.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let whole: String = whole.chars().filter(|c| *c != ',').collect();
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let v = whole.parse::<i128>().ok()? * 100 + cents.parse::<i128>().ok()?;
    Some(if negative { -v } else { v })
}

/// A decimal with up to `dp` decimals, scaled by 10^dp.
fn scaled(s: &str, dp: u32) -> Option<i128> {
    let s: String = s.chars().filter(|c| *c != ',').collect();
    let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
    if whole.is_empty()
        || frac.len() > dp as usize
        || !whole
            .bytes()
            .chain(frac.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let frac = format!("{frac:0<width$}", width = dp as usize);
    Some(whole.parse::<i128>().ok()? * 10_i128.pow(dp) + frac.parse::<i128>().unwrap_or(0))
}

/// The leading number of a token such as `6`, `6台` or `1,000.5`.
fn leading_number(token: &str) -> Option<i128> {
    let end = token
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(token.len());
    scaled(&token[..end], 3)
}

/// Parse the first layout line of a row from its right end: amount, discount, unit price, quantity.
fn parse_first_line(row: &mut Row, line: &str) {
    let mut tokens: Vec<&str> = line.split_whitespace().collect();
    let Some(last) = tokens.pop() else { return };
    row.amount = minor(last).filter(|v| *v >= 0);
    if row.amount.is_none() {
        return;
    }
    // The discount: "8 %", "8%" and/or "-150.00".
    loop {
        match tokens.last().copied() {
            Some("%") => {
                tokens.pop();
                row.percent = tokens.pop().and_then(|t| scaled(t, 4));
            }
            Some(t) if t.ends_with('%') && t.len() > 1 => {
                tokens.pop();
                row.percent = scaled(t.trim_end_matches('%'), 4);
            }
            Some(t) if minor(t).is_some_and(|v| v < 0) => {
                tokens.pop();
                row.off = minor(t).map(|v| -v);
            }
            _ => break,
        }
    }
    row.unit_price = tokens.pop().and_then(minor);
    if row.unit_price.is_none() {
        return;
    }
    // "6 pcs" or "6台".
    row.quantity = match tokens.pop() {
        Some(t) if t.starts_with(|c: char| c.is_ascii_digit()) => leading_number(t),
        Some(_unit) => tokens.pop().and_then(leading_number),
        None => None,
    };
}

/// Read the lines tables (rows starting with one of `skus`) and the totals block (rows ending in a `CNY`
/// amount) from `pdftotext -layout` output.
pub fn read(text: &str, skus: &[&str]) -> Printed {
    let lines: Vec<&str> = text.lines().collect();
    let mut rows: Vec<Row> = Vec::new();
    let mut totals = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let first = line.split_whitespace().next().unwrap_or_default();
        if let Some(amount_at) = line.rfind("CNY ") {
            let value = line[amount_at + 4..].trim();
            if let Some(v) = minor(value) {
                let before = line[..amount_at].trim_end();
                let (label, sign) = match before.strip_suffix('-') {
                    Some(label) => (label, -1),
                    None => (before, 1),
                };
                totals.push(TotalRow {
                    label: label.split_whitespace().collect::<Vec<_>>().join(" "),
                    value: sign * v,
                    at: i,
                });
                continue;
            }
        }
        if skus.contains(&first) {
            let mut row = Row {
                sku: first.to_string(),
                at: i,
                text: line.to_string(),
                ..Row::default()
            };
            parse_first_line(&mut row, line);
            rows.push(row);
            continue;
        }
        // A row's further lines: its description goes on, and an amount off may sit under the percentage.
        if let Some(row) = rows.last_mut()
            && totals.last().is_none_or(|t| t.at < row.at)
            && !line.trim().is_empty()
            && i <= row.at + 4
        {
            row.text.push('\n');
            row.text.push_str(line);
            if row.off.is_none()
                && let Some(v) = line.split_whitespace().last().and_then(minor)
                && v < 0
            {
                row.off = Some(-v);
            }
        }
    }
    Printed { rows, totals }
}

/// `round(q × p × (1 − d)) − a`, never below zero, rounding half away from zero.
pub fn line_amount(quantity: i128, unit_price: i128, percent: i128, off: i128) -> i128 {
    let num = quantity * unit_price * (1_000_000 - percent);
    let den = 1000 * 1_000_000;
    let (q, r) = (num / den, num % den);
    let rounded = if 2 * r >= den { q + 1 } else { q };
    (rounded - off).max(0)
}

/// Check what a reader checks: each line's amount follows from its quantity, unit price and discount; the
/// amount column above the totals adds up to the first figure beneath it; every row of the totals block down
/// to a subtotal or the total adds up to it; the "of which" rows under the total add up to the total.
/// Returns the figures read.
pub fn assert_columns_add_up(text: &str, skus: &[&str], words: &Words) -> Printed {
    let printed = read(text, skus);
    assert!(!printed.totals.is_empty(), "no totals block in:\n{text}");
    for row in &printed.rows {
        if let (Some(q), Some(p), Some(amount)) = (row.quantity, row.unit_price, row.amount) {
            let expected = line_amount(q, p, row.percent.unwrap_or(0), row.off.unwrap_or(0));
            assert_eq!(
                amount, expected,
                "{}: the amount does not follow from quantity, price and discount ({row:?})\n{text}",
                row.sku
            );
        }
    }

    let column: i128 = printed.above_totals().filter_map(|r| r.amount).sum();
    let first = &printed.totals[0];
    assert_eq!(
        column, first.value,
        "the amount column adds up to {column}, the figure beneath it ({}) is {}\n{text}",
        first.label, first.value
    );

    let mut running = first.value;
    let mut grand = (first.label == words.total).then_some(first.value);
    let mut breakdown = 0;
    for row in &printed.totals[1..] {
        if grand.is_some() {
            assert!(
                row.label.starts_with(words.of_which),
                "under the total only its breakdown: {row:?}\n{text}"
            );
            breakdown += row.value;
        } else if row.label == words.subtotal || row.label == words.total {
            assert_eq!(
                running, row.value,
                "the rows above {:?} add up to {running}\n{text}",
                row.label
            );
            if row.label == words.total {
                grand = Some(row.value);
            }
        } else {
            running += row.value;
        }
    }
    let grand = grand.unwrap_or_else(|| panic!("no {:?} row in:\n{text}", words.total));
    if printed
        .totals
        .iter()
        .any(|r| r.label.starts_with(words.of_which))
    {
        assert_eq!(
            breakdown, grand,
            "the breakdown adds up to the total\n{text}"
        );
    }
    printed
}
