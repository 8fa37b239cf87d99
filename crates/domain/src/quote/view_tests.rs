use super::*;
use crate::FieldErrorKind;
use crate::money::Money;
use crate::pricing::QuoteDiscount;
use crate::quote::QuoteDiscountDraft;
use crate::validation::{Percent, Quantity};

#[test]
fn views_of_priced_quotes() {
    use crate::pricing::{PricingInput, PricingLine, price};
    let line = PricingLine {
        tax_inclusive: true,
        ..PricingLine::new(
            Quantity::parse("q", "1").unwrap(),
            Money::from_minor(1_234_567, Currency::CNY),
            Percent::parse("t", "13").unwrap(),
        )
    };
    let draft = QuoteDiscountDraft::Amount {
        value: "0.01".into(),
    };
    let input = PricingInput {
        currency: Currency::CNY,
        lines: vec![line],
        quote_discount: draft.parse(Currency::CNY).unwrap(),
    };
    let priced = price(&input).unwrap();
    let totals = QuoteTotalsView::from(&priced.totals);
    assert_eq!(totals.total, "12345.66");
    assert_eq!(totals.quote_discount, "0.01");
    assert_eq!(
        totals.total_in_capitals.as_deref(),
        Some("壹万贰仟叁佰肆拾伍元陆角陆分")
    );
    assert_eq!(totals.tax_by_rate[0].rate, "13");
    let line = PricedLineView::from(&priced.lines[0]);
    assert_eq!(
        (line.amount.as_str(), line.gross.as_str()),
        ("12345.67", "12345.66")
    );
    let json = serde_json::to_string(&QuoteDiscountDraft::Percent { value: "5".into() }).unwrap();
    assert_eq!(json, r#"{"kind":"percent","value":"5"}"#);
    assert_eq!(
        QuoteDiscountDraft::Percent { value: "-5".into() }
            .parse(Currency::CNY)
            .unwrap_err()
            .kind,
        FieldErrorKind::Negative
    );
    assert_eq!(
        QuoteDiscountDraft::Amount { value: " ".into() }.parse(Currency::CNY),
        Ok(QuoteDiscount::None)
    );
    let review =
        crate::approval::review_discounts(&input, &priced, crate::approval::DEFAULT_DISCOUNT_LIMIT)
            .unwrap();
    let view = DiscountReviewView::from(&review);
    assert!(!view.needs_approval);
    assert_eq!(view.limit, "15");
    assert_eq!(view.max_line_discount, "0.0001");
}
