use super::*;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn workstream(due: &str, blocker: &str, done: bool) -> Workstream {
    Workstream {
        id: Uuid::from_u128(1),
        opportunity_id: Uuid::from_u128(2),
        kind: WorkstreamKind::Technical,
        owner_user_id: Some(Uuid::from_u128(3)),
        due_date: due.into(),
        blocker: blocker.into(),
        done,
        owner_id: Uuid::from_u128(3),
        updated_at: String::new(),
    }
}

fn item(n: u128, due: &str, done: bool) -> WorkstreamItem {
    WorkstreamItem {
        id: Uuid::from_u128(10 + n),
        workstream_id: Uuid::from_u128(1),
        text: format!("item {n}"),
        done,
        due_date: due.into(),
        position: i32::try_from(n).unwrap(),
    }
}

/// `(workstream due, blocker, done, items (due, done), today) → (state, late, overdue since)`.
type Case<'a> = (
    &'a str,
    &'a str,
    bool,
    &'a [(&'a str, bool)],
    &'a str,
    WorkState,
    bool,
    &'a str,
);

#[test]
fn workstream_states_on_fixed_dates() {
    let cases: &[Case] = &[
        (
            "2026-12-20",
            "",
            false,
            &[("2026-12-15", false)],
            "2026-12-10",
            WorkState::OnTrack,
            false,
            "",
        ),
        // Due today is still on track.
        (
            "2026-12-10",
            "",
            false,
            &[],
            "2026-12-10",
            WorkState::OnTrack,
            false,
            "",
        ),
        (
            "2026-12-10",
            "",
            false,
            &[],
            "2026-12-11",
            WorkState::Late,
            true,
            "2026-12-10",
        ),
        // An open item past due makes the workstream late, a done one does not.
        (
            "2026-12-20",
            "",
            false,
            &[("2026-12-08", false), ("2026-12-05", true)],
            "2026-12-10",
            WorkState::Late,
            true,
            "2026-12-08",
        ),
        (
            "2026-12-20",
            "",
            false,
            &[("2026-12-05", true)],
            "2026-12-10",
            WorkState::OnTrack,
            false,
            "",
        ),
        // Blocked wins, and says it is late too.
        (
            "2026-12-20",
            "waiting for the client's P&ID drawings",
            false,
            &[],
            "2026-12-10",
            WorkState::Blocked,
            false,
            "",
        ),
        (
            "2026-12-01",
            "waiting for the client's P&ID drawings",
            false,
            &[],
            "2026-12-10",
            WorkState::Blocked,
            true,
            "2026-12-01",
        ),
        // Done is done, whatever the dates.
        (
            "2026-12-01",
            "",
            true,
            &[("2026-12-01", false)],
            "2026-12-10",
            WorkState::Done,
            false,
            "",
        ),
        // No dates: on track.
        (
            "",
            "",
            false,
            &[("", false)],
            "2026-12-10",
            WorkState::OnTrack,
            false,
            "",
        ),
    ];
    for (due, blocker, done, items, today, state, late, since) in cases {
        let items = items
            .iter()
            .enumerate()
            .map(|(i, (d, done))| item(u128::try_from(i).unwrap(), d, *done))
            .collect();
        let v = workstream_view(
            workstream(due, blocker, *done),
            items,
            String::new(),
            day(today),
        );
        assert_eq!(
            (v.state, v.late, v.overdue_since.as_str()),
            (*state, *late, *since),
            "due {due}, blocker {blocker:?}, done {done}, on {today}"
        );
    }
}

#[test]
fn each_item_has_its_own_state_and_items_show_in_order() {
    let items = vec![
        item(2, "2026-12-20", false),
        item(0, "2026-12-01", true),
        item(1, "2026-12-09", false),
    ];
    let v = workstream_view(
        workstream("", "", false),
        items,
        "Wes".into(),
        day("2026-12-10"),
    );
    let states: Vec<_> = v.items.iter().map(|i| (i.item.position, i.state)).collect();
    assert_eq!(
        states,
        [
            (0, WorkState::Done),
            (1, WorkState::Late),
            (2, WorkState::OnTrack)
        ]
    );
    assert_eq!(v.items_done, 1);
    assert_eq!(v.owner_name, "Wes");
}

#[test]
fn inputs_are_checked() {
    let input = WorkstreamInput {
        opportunity_id: Uuid::from_u128(1),
        kind: WorkstreamKind::Contract,
        owner_user_id: None,
        due_date: "2026-13-01".into(),
        blocker: " legal review ".into(),
        done: false,
    };
    assert_eq!(input.validate().unwrap_err()[0].field, "due_date");
    let ok = WorkstreamInput {
        due_date: "2026-12-31".into(),
        ..input
    }
    .validate()
    .unwrap();
    assert_eq!(ok.blocker, "legal review");
    let item = WorkstreamItemInput {
        workstream_id: Uuid::from_u128(1),
        text: " ".into(),
        done: false,
        due_date: String::new(),
    };
    assert_eq!(item.validate().unwrap_err()[0].field, "text");
}
