use super::*;

fn input() -> OpportunityInput {
    OpportunityInput {
        expected_value: "1200000.00".into(),
        expected_close: "2027-03-31".into(),
        probability: Some(40),
        ..OpportunityInput::named(Uuid::from_u128(1), " 产线改造 ", "CNY")
    }
}

#[test]
fn an_opportunity_is_parsed_exactly() {
    let v = input().validate().unwrap();
    assert_eq!(v.name, "产线改造");
    assert_eq!(v.expected_value.minor(), 120_000_000);
    assert_eq!(v.currency().code(), "CNY");
    assert_eq!(v.expected_close.unwrap().to_string(), "2027-03-31");
    assert_eq!(v.probability, Some(40));
    assert_eq!(v.stage, Stage::NeedsIdentified);
    let empty_value = OpportunityInput {
        expected_value: " ".into(),
        ..input()
    };
    assert_eq!(empty_value.validate().unwrap().expected_value.minor(), 0);
}

#[test]
fn every_bad_field_is_reported() {
    let bad = OpportunityInput {
        name: "".into(),
        expected_value: "-5".into(),
        expected_close: "31.03.2027".into(),
        probability: Some(140),
        stage: Some(Stage::Won),
        ..input()
    };
    let fields: Vec<_> = bad
        .validate()
        .unwrap_err()
        .into_iter()
        .map(|e| e.field)
        .collect();
    assert_eq!(
        fields,
        [
            "name",
            "expected_value",
            "expected_close",
            "probability",
            "stage"
        ]
    );
    let bad_currency = OpportunityInput {
        currency: "RMB".into(),
        ..input()
    };
    assert_eq!(bad_currency.validate().unwrap_err()[0].field, "currency");
}
