//! The lines tables: what counts in the totals, and after the totals the options the client has not taken.
//! Both share one set of columns: SKU, description, quantity with unit, unit price, discount, amount.

use fieldquote_domain::money::group_thousands;
use fieldquote_domain::quote::{QuoteLineKind, QuoteLineView, QuoteView};

use super::labels::Labels;
use super::{Basis, CELL, CELL_NOTE, HEAD, HEADER_FILL, HEADING, MUTED, RULE, bundle_of, is_zero};
use crate::engine::table::{Cell, Column, Grid, Row, Table, TableStyle, Width};
use crate::engine::{Align, Canvas, Flow, Page};

/// SKU, description, quantity, unit price, discount, amount. The SKU column is as wide as the longest SKU
/// (the catalog's run to 13 characters) so that codes never break; the description takes what is left.
const COLUMNS: [Column; 6] = [
    Column {
        width: Width::Fit {
            min: 56.0,
            max: 112.0,
        },
        align: Align::Left,
    },
    Column {
        width: Width::Fill { min: 150.0 },
        align: Align::Left,
    },
    Column {
        width: Width::Fit {
            min: 34.0,
            max: 80.0,
        },
        align: Align::Right,
    },
    Column {
        width: Width::Fit {
            min: 44.0,
            max: 84.0,
        },
        align: Align::Right,
    },
    Column {
        width: Width::Fit {
            min: 38.0,
            max: 64.0,
        },
        align: Align::Right,
    },
    Column {
        width: Width::Fit {
            min: 58.0,
            max: 96.0,
        },
        align: Align::Right,
    },
];

/// The smallest size a SKU shrinks to before it wraps.
const SKU_MIN_SIZE: f32 = 6.5;
/// How far a bundle's component is indented under its bundle line, in the description column.
const COMPONENT_INDENT: f32 = 14.0;

pub(super) const STYLE: TableStyle = TableStyle {
    pad_x: 4.0,
    pad_y: 3.0,
    header_fill: HEADER_FILL,
    rule: RULE,
    rule_width: 0.4,
};

/// The two tables, laid out on one grid.
pub(super) struct LineTables {
    /// The lines that make up the totals (and the rows shown with them); `None` when there is nothing to show.
    pub main: Option<Table>,
    /// The options the client has not taken.
    pub options: Option<Table>,
    heading: String,
}

impl LineTables {
    pub(super) fn new(
        canvas: &Canvas<'_>,
        page: &Page,
        quote: &QuoteView,
        labels: &Labels,
    ) -> Self {
        let basis = Basis::of(&quote.lines);
        let header = header(labels, basis);

        let not_taken = |l: &QuoteLineView| {
            let bundle = bundle_of(quote, l);
            (l.optional && !l.selected) || bundle.is_some_and(|b| b.optional && !b.selected)
        };
        let row = |l: &QuoteLineView| line_row(quote, l, basis, labels);
        let mut main: Vec<Row> = quote
            .lines
            .iter()
            .filter(|l| !not_taken(l))
            .map(row)
            .collect();
        let options: Vec<Row> = quote
            .lines
            .iter()
            .filter(|l| not_taken(l))
            .map(row)
            .collect();
        if main.is_empty() && options.is_empty() {
            let mut cells = vec![Cell::empty(); COLUMNS.len()];
            cells[1] = Cell::new(labels.no_lines, CELL);
            main.push(Row::new(cells));
        }

        let grid = grid(canvas, page, &header, main.iter().chain(&options));
        let table =
            |rows: &[Row]| (!rows.is_empty()).then(|| grid.table(canvas, Some(&header), rows));
        LineTables {
            main: table(&main),
            options: table(&options),
            heading: canvas.one_line(labels.optional_items),
        }
    }

    /// The options not taken, under their heading, after the totals.
    pub(super) fn draw_options(&self, flow: &mut Flow<'_>, options: &Table, keep_with_last: f32) {
        let heading = HEADING.line_height() + 3.0;
        flow.advance(14.0);
        let lead = options.lead_height(flow.fresh_room(), keep_with_last);
        flow.ensure(heading + lead);
        let x = flow.page.left();
        let width = flow.page.content_width();
        flow.paragraph(x, width, &self.heading, HEADING);
        flow.advance(3.0);
        options.draw(flow, keep_with_last);
    }
}

/// The columns' headings; the amount's says whether prices include VAT.
fn header(labels: &Labels, basis: Basis) -> Vec<Cell> {
    let amount = match basis {
        Basis::Exclusive => labels.amount_excl_vat,
        Basis::Inclusive => labels.amount_incl_vat,
        Basis::Mixed => labels.amount,
    };
    [
        labels.sku,
        labels.description,
        labels.quantity,
        labels.unit_price,
        labels.discount,
        amount,
    ]
    .into_iter()
    .map(|l| Cell::new(l, HEAD))
    .collect()
}

/// The columns sized for `header` and every row of both tables.
fn grid<'r>(
    canvas: &Canvas<'_>,
    page: &Page,
    header: &[Cell],
    rows: impl Iterator<Item = &'r Row>,
) -> Grid {
    Grid::fit(
        canvas,
        &COLUMNS,
        page.left(),
        page.content_width(),
        std::iter::once(header).chain(rows.map(|r| r.cells.as_slice())),
        STYLE,
    )
}

/// A line's row. A bundle's component is indented under its bundle; a sum bundle shows no amount of its own
/// (its components carry them; its description says what they add up to); a fixed bundle's components are
/// "Included". An option the client took says so under its description.
fn line_row(quote: &QuoteView, line: &QuoteLineView, basis: Basis, labels: &Labels) -> Row {
    let bundle = bundle_of(quote, line);
    let quantity = match line.unit.trim() {
        "" => group_thousands(&line.quantity),
        unit => format!("{} {unit}", group_thousands(&line.quantity)),
    };
    let sum_bundle = line.kind == QuoteLineKind::Bundle && line.bundle_pricing == "sum";
    let included = bundle.is_some_and(|b| b.bundle_pricing == "fixed");
    let mut description = Cell::new(line.description.clone(), CELL);
    if line.optional && line.selected {
        description = description.then(labels.selected_included, CELL_NOTE);
    }
    let (unit_price, discount, amount) = if sum_bundle {
        description = description.then(
            format!(
                "{}{}{}",
                labels.sum_of_components,
                labels.colon,
                group_thousands(&line.amount)
            ),
            CELL_NOTE,
        );
        (Cell::empty(), Cell::empty(), Cell::empty())
    } else if included {
        (
            Cell::empty(),
            Cell::empty(),
            Cell::new(labels.included, CELL.ink(MUTED)),
        )
    } else {
        let mut discount = Cell::empty();
        if !is_zero(&line.discount_percent) {
            discount = discount.then(labels.percent(line.discount_percent.trim()), CELL);
        }
        if !is_zero(&line.discount_amount) {
            let off = format!("-{}", group_thousands(line.discount_amount.trim()));
            discount = discount.then(off, CELL);
        }
        let mut amount = Cell::new(group_thousands(&line.amount), CELL);
        if basis == Basis::Mixed && line.price.tax_inclusive {
            amount = amount.then(labels.incl_vat, CELL_NOTE);
        }
        (
            Cell::new(group_thousands(&line.unit_price), CELL),
            discount,
            amount,
        )
    };
    if bundle.is_some() {
        description = description.indent(COMPONENT_INDENT);
    }
    Row {
        cells: vec![
            Cell::new(line.sku.clone(), CELL).shrink_to(SKU_MIN_SIZE),
            description,
            Cell::new(quantity, CELL),
            unit_price,
            discount,
            amount,
        ],
        // A bundle's heading row goes with its first component.
        keep_with_next: line.kind == QuoteLineKind::Bundle,
    }
}

#[cfg(test)]
#[path = "lines_tests.rs"]
mod tests;
