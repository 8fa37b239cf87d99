use super::*;
use proptest::prelude::*;

#[test]
fn never_goes_backwards_when_the_wall_clock_does() {
    let a = Hlc::tick(None, 1_000, "dev1");
    let b = Hlc::tick(Some(&a), 900, "dev1");
    assert!(b > a);
    assert_eq!((b.wall_ms, b.counter), (1_000, 1));
    let c = Hlc::tick(Some(&b), 2_000, "dev1");
    assert_eq!((c.wall_ms, c.counter), (2_000, 0));
}

#[test]
fn receive_orders_after_the_remote_event() {
    let remote = Hlc {
        wall_ms: 5_000,
        counter: 7,
        node: "b".into(),
    };
    let local = Hlc::tick(None, 1_000, "a");
    let r = Hlc::receive(Some(&local), &remote, 1_500, "a");
    assert!(r > remote && r > local);
}

proptest! {
    #[test]
    fn string_order_is_clock_order(w1 in 0_i64..4_000_000_000_000, c1 in 0_u32..99_999, w2 in 0_i64..4_000_000_000_000, c2 in 0_u32..99_999) {
        let a = Hlc { wall_ms: w1, counter: c1, node: "n".into() };
        let b = Hlc { wall_ms: w2, counter: c2, node: "n".into() };
        prop_assert_eq!(a.cmp(&b), a.to_string().cmp(&b.to_string()));
        prop_assert_eq!(a.to_string().parse::<Hlc>().unwrap(), a);
    }
}
