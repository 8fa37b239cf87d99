use super::*;

#[test]
fn customer_validation_reports_every_bad_field() {
    let input = CustomerInput {
        name: " ".into(),
        email: "nope".into(),
        ..Default::default()
    };
    let errors = input.validate().unwrap_err();
    let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["name", "email"]);
    let ok = CustomerInput {
        name: " 华东机电 ".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    assert_eq!(ok.get().name, "华东机电");
}
