use super::*;

const HEADER: &str =
    "price_list,currency,tax_inclusive,valid_from,valid_until,default,sku,min_qty,unit_price\n";

fn parse(body: &str) -> Result<PriceListFile, Vec<RowProblem>> {
    parse_price_lists(format!("{HEADER}{body}").as_bytes())
}

#[test]
fn a_good_file_with_two_lists_and_tiers() {
    let f = parse(
        "华东机电 2026,CNY,yes,2026-01-01,2026-12-31,no,PLC-1,0,3500.00\n\
         Standard USD,usd,no,2026-01-01,,yes,PLC-1,,520\n\
         华东机电 2026,CNY,是,2026-01-01,2026-12-31,否,PLC-1,10,3300.00\n",
    )
    .unwrap();
    assert_eq!(f.lists.len(), 2);
    let a = &f.lists[0];
    assert_eq!(
        (a.row, a.currency, a.tax_inclusive, a.is_default),
        (2, Currency::CNY, true, false)
    );
    assert_eq!(a.entries.len(), 2);
    assert_eq!(a.entries[1].min_qty, Decimal::from(10));
    assert_eq!(
        a.entries[1].unit_price,
        Money::from_minor(330_000, Currency::CNY)
    );
    let b = &f.lists[1];
    assert_eq!((b.valid_until, b.is_default), (None, true));
    assert_eq!(b.entries[0].min_qty, Decimal::ZERO);
    assert_eq!(f.sku_column, (7, "sku".to_string()));
    // Written out and read back: the same lists.
    let again = parse_price_lists(write_price_lists(&f.lists).as_bytes()).unwrap();
    let mut names: Vec<_> = f.lists.iter().map(|l| l.name.clone()).collect();
    names.sort();
    assert_eq!(
        again
            .lists
            .iter()
            .map(|l| l.name.clone())
            .collect::<Vec<_>>(),
        names
    );
    assert_eq!(again.entry_count(), 3);
}

#[test]
fn every_problem_is_reported_by_row_and_column() {
    let problems = parse(
        "A,CNY,yes,2026-01-01,,no,PLC-1,0,1.00\n\
         A,USD,yes,2026-01-01,,no,PLC-1,5,1.00\n\
         B,XXX,maybe,2026-13-01,,no,,-1,1.001\n\
         A,CNY,yes,2026-01-01,,no,PLC-1,0,2.00\n\
         C,CNY,no,2026-02-01,2026-01-01,no,X,0,1\n\
         D,CNY,no,2026-01-01,,yes,X,0,1\n\
         E,CNY,no,2026-01-01,,yes,X,0,1\n\
         F,CNY\n",
    )
    .unwrap_err();
    let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
    let expect = [
        "row 3, column 2 (currency): price list A has currency `CNY` on row 2, `USD` here",
        "row 4, column 2 (currency): unknown currency `XXX`",
        "row 4, column 3 (tax_inclusive): `maybe` is not yes or no",
        "row 4, column 4 (valid_from): not a date",
        "row 4, column 7 (sku): required",
        "row 4, column 8 (min_qty): must not be negative",
        "row 5, column 8 (min_qty): price list A already has a price for PLC-1 from quantity 0 on row 2",
        "row 6, column 5 (valid_until): 2026-01-01 is before valid_from 2026-02-01",
        "row 8, column 6 (default): price list D on row 7 is already the default",
        "row 9: 2 fields, but the header has 9",
    ];
    for e in expect {
        assert!(
            shown.iter().any(|s| s.starts_with(e)),
            "missing {e:?} in {shown:#?}"
        );
    }
    assert_eq!(shown.len(), expect.len(), "{shown:#?}");
}

#[test]
fn header_problems_and_empty_files() {
    let p = parse_price_lists("price_list,currency,sku,bogus\n".as_bytes()).unwrap_err();
    assert!(
        p.iter()
            .any(|p| p.to_string().contains("unknown column `bogus`"))
    );
    assert!(
        p.iter()
            .any(|p| p.to_string().contains("missing column `unit_price`"))
    );
    assert!(
        parse_price_lists("".as_bytes()).unwrap_err()[0]
            .message
            .contains("empty")
    );
    assert!(parse("").unwrap_err()[0].message.contains("no prices"));
    let p = parse_price_lists(&b"price_list,currency,tax_inclusive,valid_from,valid_until,default,sku,min_qty,unit_price\nA,CNY,no,2026-01-01,,no,\xff,0,1\n"[..]).unwrap_err();
    assert!(p[0].message.contains("UTF-8"), "{p:?}");
}
