//! The lines tables: what counts in the totals, and after the totals the options the client has not taken.
//! Both share one set of columns: SKU, description, quantity with unit, unit price, discount, amount.

use fieldquote_domain::quote::{
    LineShown, PriceBasis, QuoteLineKind, QuoteLineView, QuoteView, bundle_of,
};

use super::labels::Labels;
use super::{CELL, CELL_NOTE, HEAD, HEADER_FILL, HEADING, MUTED, RULE, is_zero};
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
pub(crate) struct LineTables {
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
        let header = header(labels, PriceBasis::of(&quote.lines));
        let shown: Vec<(&QuoteLineView, LineShown)> = quote
            .lines
            .iter()
            .map(|l| (l, LineShown::of(quote, l)))
            .collect();
        let row = |(l, s): &(&QuoteLineView, LineShown)| line_row(quote, l, s, labels);
        let mut main: Vec<Row> = shown
            .iter()
            .filter(|(_, s)| !s.not_taken)
            .map(row)
            .collect();
        let options: Vec<Row> = shown.iter().filter(|(_, s)| s.not_taken).map(row).collect();
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
fn header(labels: &Labels, basis: PriceBasis) -> Vec<Cell> {
    let amount = match basis {
        PriceBasis::Exclusive => labels.amount_excl_vat,
        PriceBasis::Inclusive => labels.amount_incl_vat,
        PriceBasis::Mixed => labels.amount,
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

/// A line's row, as `domain` presents it ([`LineShown`]). A bundle's component is indented under its bundle;
/// a sum bundle shows no amount of its own (its components carry them; its description says what they add up
/// to); a fixed bundle's components are "Included". An option the client took says so under its description.
fn line_row(quote: &QuoteView, line: &QuoteLineView, shown: &LineShown, labels: &Labels) -> Row {
    let quantity = match line.unit.trim() {
        "" => shown.quantity.clone(),
        unit => format!("{} {unit}", shown.quantity),
    };
    let mut description = Cell::new(line.description.clone(), CELL);
    if line.optional && line.selected {
        description = description.then(labels.selected_included, CELL_NOTE);
    }
    let (unit_price, discount, amount) = if !shown.sum_of_components.is_empty() {
        description = description.then(
            format!(
                "{}{}{}",
                labels.sum_of_components, labels.colon, shown.sum_of_components
            ),
            CELL_NOTE,
        );
        (Cell::empty(), Cell::empty(), Cell::empty())
    } else if shown.included {
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
        if !shown.discount_amount.is_empty() {
            discount = discount.then(shown.discount_amount.clone(), CELL);
        }
        let mut amount = Cell::new(shown.amount.clone(), CELL);
        if shown.incl_vat {
            amount = amount.then(labels.incl_vat, CELL_NOTE);
        }
        (Cell::new(shown.unit_price.clone(), CELL), discount, amount)
    };
    if bundle_of(quote, line).is_some() {
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
