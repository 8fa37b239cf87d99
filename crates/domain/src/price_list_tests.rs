use super::*;
use proptest::prelude::*;
use std::str::FromStr;

fn date(s: &str) -> NaiveDate {
    NaiveDate::from_str(s).unwrap()
}
fn qty(s: &str) -> Quantity {
    Quantity::parse("q", s).unwrap()
}
fn cny(minor: i64) -> Money {
    Money::from_minor(minor, Currency::CNY)
}
fn tiers(t: &[(&str, i64)]) -> Vec<Tier> {
    t.iter()
        .map(|&(q, p)| Tier {
            min_qty: Decimal::from_str(q).unwrap(),
            unit_price: cny(p),
        })
        .collect()
}

const PLC: Uuid = Uuid::from_u128(1);
const CABLE: Uuid = Uuid::from_u128(2);
const SENSOR: Uuid = Uuid::from_u128(3);

fn customer_list() -> PriceList {
    PriceList {
        id: Uuid::from_u128(100),
        name: "华东机电 2026".into(),
        version: 3,
        currency: Currency::CNY,
        tax_inclusive: true,
        valid_from: date("2026-01-01"),
        valid_until: Some(date("2026-06-30")),
        entries: BTreeMap::from([
            (
                PLC,
                tiers(&[("0", 350_000), ("10", 330_000), ("50", 310_000)]),
            ),
            (CABLE, tiers(&[("100", 1_200)])),
        ]),
    }
}

fn default_list() -> PriceList {
    PriceList {
        id: Uuid::from_u128(200),
        name: "标准价".into(),
        version: 7,
        currency: Currency::CNY,
        tax_inclusive: false,
        valid_from: date("2025-01-01"),
        valid_until: None,
        entries: BTreeMap::from([
            (PLC, tiers(&[("1", 380_000)])),
            (CABLE, tiers(&[("0", 1_500), ("0.5", 1_450)])),
        ]),
    }
}

const BASE: BasePrice = BasePrice {
    unit_price: Money::from_minor(999_900, Currency::CNY),
    tax_inclusive: false,
};

#[test]
fn resolution_table() {
    let c = customer_list();
    let d = default_list();
    let from_c = PriceSource::PriceList {
        list_id: c.id,
        version: 3,
    };
    let from_d = PriceSource::PriceList {
        list_id: d.id,
        version: 7,
    };
    // (product, qty, date, customer?, default?, price, tax incl, source)
    let table = [
        (PLC, "1", "2026-03-01", true, true, 350_000, true, from_c),
        (
            PLC,
            "9.999",
            "2026-03-01",
            true,
            true,
            350_000,
            true,
            from_c,
        ),
        (PLC, "10", "2026-03-01", true, true, 330_000, true, from_c),
        (PLC, "49", "2026-03-01", true, true, 330_000, true, from_c),
        (PLC, "50", "2026-03-01", true, true, 310_000, true, from_c),
        (PLC, "5000", "2026-03-01", true, true, 310_000, true, from_c),
        // Validity is inclusive at both ends.
        (PLC, "1", "2026-01-01", true, true, 350_000, true, from_c),
        (PLC, "1", "2026-06-30", true, true, 350_000, true, from_c),
        // Out of the customer list's window: the default list.
        (PLC, "1", "2025-12-31", true, true, 380_000, false, from_d),
        (PLC, "1", "2026-07-01", true, true, 380_000, false, from_d),
        // The customer list's only cable tier starts at 100.
        (CABLE, "99", "2026-03-01", true, true, 1_450, false, from_d),
        (CABLE, "100", "2026-03-01", true, true, 1_200, true, from_c),
        (CABLE, "0.4", "2026-03-01", true, true, 1_500, false, from_d),
        // No default-list tier below 1: the base price.
        (
            PLC,
            "0.5",
            "2026-07-01",
            true,
            true,
            999_900,
            false,
            PriceSource::BasePrice,
        ),
        (
            SENSOR,
            "1",
            "2026-03-01",
            true,
            true,
            999_900,
            false,
            PriceSource::BasePrice,
        ),
        (PLC, "1", "2026-03-01", false, true, 380_000, false, from_d),
        (PLC, "1", "2026-03-01", true, false, 350_000, true, from_c),
        (
            PLC,
            "1",
            "2026-03-01",
            false,
            false,
            999_900,
            false,
            PriceSource::BasePrice,
        ),
        (
            PLC,
            "1",
            "2024-12-31",
            false,
            true,
            999_900,
            false,
            PriceSource::BasePrice,
        ),
    ];
    for (product, q, day, with_c, with_d, price, incl, source) in table {
        let r = resolve_price(
            product,
            qty(q),
            date(day),
            with_c.then_some(&c),
            with_d.then_some(&d),
            BASE,
        );
        let case = format!("{product} × {q} on {day} ({with_c}, {with_d})");
        assert_eq!(r.unit_price, cny(price), "{case}");
        assert_eq!(r.tax_inclusive, incl, "{case}");
        assert_eq!(r.source, source, "{case}");
    }
}

#[test]
fn validation() {
    assert_eq!(customer_list().validate(), Ok(()));
    let mut bad = customer_list();
    bad.valid_until = Some(date("2025-12-31"));
    bad.entries.insert(SENSOR, vec![]);
    bad.entries.insert(
        CABLE,
        vec![
            Tier {
                min_qty: Decimal::from_str("-1").unwrap(),
                unit_price: cny(1),
            },
            Tier {
                min_qty: Decimal::from_str("0.0001").unwrap(),
                unit_price: cny(-1),
            },
            Tier {
                min_qty: Decimal::from_str("5").unwrap(),
                unit_price: Money::from_minor(1, Currency::USD),
            },
            Tier {
                min_qty: Decimal::from_str("5.000").unwrap(),
                unit_price: cny(1),
            },
        ],
    );
    let fields: Vec<String> = bad
        .validate()
        .unwrap_err()
        .into_iter()
        .map(|e| e.field)
        .collect();
    let cable = format!("entries[{CABLE}]");
    assert_eq!(
        fields,
        [
            "valid_until".to_string(),
            format!("{cable}[0].min_qty"),
            format!("{cable}[1].min_qty"),
            format!("{cable}[1].unit_price"),
            format!("{cable}[2].unit_price"),
            format!("{cable}[3].min_qty"),
            format!("entries[{SENSOR}]"),
        ]
    );
}

proptest! {
    /// The chosen tier is the one with the largest minimum not above the quantity, whatever the order.
    #[test]
    fn tiers_pick_the_largest_minimum_not_above_the_quantity(
        mins in prop::collection::btree_set(0_i64..100_000, 1..8),
        q_milli in 1_i64..120_000,
        shuffle in any::<u64>(),
    ) {
        let mut list = default_list();
        let mut t: Vec<Tier> = mins.iter().map(|&m| Tier { min_qty: Decimal::new(m, 3), unit_price: cny(m) }).collect();
        let len = t.len();
        t.rotate_left((shuffle as usize) % len);
        list.entries.insert(SENSOR, t);
        let q = Quantity::parse("q", &Decimal::new(q_milli, 3).to_string()).unwrap();
        let expected = mins.iter().copied().filter(|&m| m <= q_milli).max();
        prop_assert_eq!(list.tier(SENSOR, q).map(|t| t.unit_price.minor()), expected);
        let r = resolve_price(SENSOR, q, date("2026-01-01"), None, Some(&list), BASE);
        match expected {
            Some(m) => prop_assert_eq!(r.unit_price, cny(m)),
            None => prop_assert_eq!(r.source, PriceSource::BasePrice),
        }
    }
}
