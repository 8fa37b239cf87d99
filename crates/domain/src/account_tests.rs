use super::*;

#[test]
fn roles_read_and_write_as_their_names() {
    for role in Role::ALL {
        assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        assert_eq!(
            serde_json::to_value(role).expect("serializes"),
            serde_json::json!(role.as_str())
        );
    }
    assert_eq!(" Manager ".parse::<Role>(), Ok(Role::Manager));
    assert_eq!(
        "boss".parse::<Role>().unwrap_err().to_string(),
        "unknown role \"boss\": use rep, manager or admin"
    );
}

#[test]
fn managers_and_admins_decide_and_admins_need_no_team() {
    assert!(!Role::Rep.may_approve());
    assert!(Role::Manager.may_approve() && Role::Admin.may_approve());
    assert!(Role::Rep.needs_team() && Role::Manager.needs_team());
    assert!(!Role::Admin.needs_team());
}
