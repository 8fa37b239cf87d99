use super::*;

#[test]
fn the_english_sentences_name_what_was_refused() {
    let cases = [
        (
            Refusal::NotFound {
                record: Record::PriceList,
                key: "华东 VIP".into(),
            },
            "price list not found: 华东 VIP",
        ),
        (
            Refusal::Ambiguous {
                record: Record::Quote,
                key: "Q-2026-0001".into(),
                count: 2,
            },
            "2 quotes are numbered Q-2026-0001: they were numbered on different laptops before those were \
             connected to the server; pick one from the list",
        ),
        (
            Refusal::ServerOwned {
                data: ServerData::Catalog,
                server: "https://sync.example.cn".into(),
            },
            "the catalog is managed on the server https://sync.example.cn: ask an admin to change it there; \
             changes reach this computer with the next sync",
        ),
        (
            Refusal::ServerOwned {
                data: ServerData::PriceLists,
                server: "https://s".into(),
            },
            "the price lists are managed on the server https://s: ask an admin to change them there; changes \
             reach this computer with the next sync",
        ),
        (
            Refusal::ApprovalRequired {
                number: "Q-1".into(),
                max_discount: Decimal::new(155, 1),
                limit: Decimal::from(15),
            },
            "Q-1 needs a manager's approval before it can be sent: its largest discount is 15.5 % and the limit \
             is 15 %",
        ),
        (
            Refusal::NotAllowed {
                number: "Q-1".into(),
                status: QuoteStatus::Superseded,
                reason: NotAllowed::ReviseOnlySent,
            },
            "quote Q-1 is superseded by a newer revision: only a sent, rejected or expired quote gets a new \
             revision",
        ),
        (
            Refusal::ServerOwned {
                data: ServerData::CompanyProfile,
                server: "https://s".into(),
            },
            "the company profile is managed on the server https://s: ask an admin to change it there; changes \
             reach this computer with the next sync",
        ),
        (
            Refusal::ManagerPin {
                reason: PinRefusal::Wrong { attempts_left: 1 },
            },
            "the manager PIN is wrong (1 more attempt before it locks for a while)",
        ),
    ];
    for (refusal, text) in cases {
        assert_eq!(refusal.to_string(), text);
    }
}

#[test]
fn refusals_cross_the_app_boundary_as_tagged_data() {
    let r = Refusal::NotAllowed {
        number: "Q-1".into(),
        status: QuoteStatus::Draft,
        reason: NotAllowed::OnlyManagersDecide {
            role: Some(crate::access::Role::Rep),
        },
    };
    assert_eq!(
        serde_json::to_value(&r).expect("serializes"),
        serde_json::json!({
            "kind": "not_allowed",
            "number": "Q-1",
            "status": "draft",
            "reason": {"code": "only_managers_decide", "role": "rep"},
        })
    );
    let r = Refusal::ApprovalRequired {
        number: "Q-1".into(),
        max_discount: Decimal::new(2129, 2),
        limit: Decimal::from(15),
    };
    assert_eq!(
        serde_json::to_value(&r).expect("serializes")["max_discount"],
        serde_json::json!("21.29")
    );
}

#[test]
fn a_pin_refusal_crosses_the_app_boundary_as_data() {
    let r = Refusal::ManagerPin {
        reason: PinRefusal::Locked {
            retry_after_secs: 60,
        },
    };
    assert_eq!(
        serde_json::to_value(&r).expect("serializes"),
        serde_json::json!({
            "kind": "manager_pin",
            "reason": {"code": "locked", "retry_after_secs": 60},
        })
    );
}
