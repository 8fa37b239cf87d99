use super::*;

#[test]
fn a_pin_has_4_to_128_characters_and_is_kept_as_typed() {
    assert_eq!(ManagerPin::parse("pin", "4711").unwrap().as_str(), "4711");
    assert_eq!(
        ManagerPin::parse("pin", " a long pass phrase ")
            .unwrap()
            .as_str(),
        " a long pass phrase "
    );
    assert_eq!(
        ManagerPin::parse("pin", "经理密码").unwrap().as_str(),
        "经理密码"
    );
    let kind = |input: &str| ManagerPin::parse("pin", input).unwrap_err().kind;
    assert_eq!(kind(""), FieldErrorKind::Required);
    assert_eq!(kind("    "), FieldErrorKind::Required);
    assert_eq!(kind("123"), FieldErrorKind::TooShort { min: 4 });
    assert_eq!(kind("12\n34"), FieldErrorKind::ControlCharacters);
    assert_eq!(kind(&"9".repeat(129)), FieldErrorKind::TooLong { max: 128 });
    assert_eq!(
        ManagerPin::parse("current_pin", "1").unwrap_err().field,
        "current_pin"
    );
}

#[test]
fn a_pin_never_shows_in_debug_output() {
    let pin = ManagerPin::parse("pin", "secret-4711").unwrap();
    assert!(!format!("{pin:?}").contains("4711"));
}

#[test]
fn wrong_pins_lock_after_five_for_30_s_doubling_up_to_an_hour() {
    for failures in 0..PIN_FREE_ATTEMPTS {
        assert_eq!(pin_lock_secs(failures), None, "{failures}");
    }
    assert_eq!(pin_lock_secs(5), Some(30));
    assert_eq!(pin_lock_secs(6), Some(60));
    assert_eq!(pin_lock_secs(7), Some(120));
    assert_eq!(pin_lock_secs(12), Some(3_600));
    assert_eq!(pin_lock_secs(u32::MAX), Some(3_600));
    assert_eq!(pin_attempts_left(0), 5);
    assert_eq!(pin_attempts_left(4), 1);
    assert_eq!(pin_attempts_left(9), 0);
}

#[test]
fn refusals_say_what_to_do() {
    assert_eq!(
        PinRefusal::Wrong { attempts_left: 2 }.to_string(),
        "the manager PIN is wrong (2 more attempts before it locks for a while)"
    );
    assert_eq!(
        PinRefusal::Locked {
            retry_after_secs: 30
        }
        .to_string(),
        "too many wrong manager PINs: try again in 30 s"
    );
}
