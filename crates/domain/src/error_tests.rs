use super::*;

#[test]
fn field_errors_serialize_with_a_code() {
    let e = FieldError::new("name", FieldErrorKind::TooLong { max: 200 });
    let json = serde_json::to_string(&e).unwrap();
    assert_eq!(json, r#"{"field":"name","code":"too_long","max":200}"#);
}
