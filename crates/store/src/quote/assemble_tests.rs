use super::*;
use fieldquote_domain::FieldErrorKind;

#[test]
fn line_errors_point_at_the_draft_line() {
    let e = FieldError::new("lines[1].discount_amount", FieldErrorKind::Negative);
    assert_eq!(
        remap_line_field(e, &[0, 3]).field,
        "lines[3].discount_amount"
    );
    let e = FieldError::new("quote_discount", FieldErrorKind::Negative);
    assert_eq!(remap_line_field(e, &[0]).field, "quote_discount");
}
