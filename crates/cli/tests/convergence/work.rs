//! What the laptops do offline: random edits through the store's API, and edits of the same field of the
//! same record on two laptops before either syncs.

use std::collections::{BTreeMap, BTreeSet};

use fieldquote_domain::account::AccountInput;
use fieldquote_domain::content::{BlockKind, ContentBlockInput, Scope};
use fieldquote_domain::quote::{QuoteDiscountDraft, QuoteDraft, QuoteLineDraft};
use fieldquote_store::{ContentFilter, Origin, Store};
use uuid::Uuid;

use crate::Laptop;
use crate::visit::{editable, visit_work};

/// SplitMix64: small, seedable, good enough to pick test steps.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap()
    }

    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `percent`/100.
    pub fn percent(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            v.swap(i, self.below(i + 1));
        }
    }
}

/// Fresh values: every one written in the test is unique (a counter is in it), except discount
/// percentages' whole part, which stays below 30 %.
pub struct Values(pub u64);

impl Values {
    fn bump(&mut self) -> u64 {
        self.0 += 1;
        self.0
    }

    pub fn next(&mut self, who: &str, what: &str) -> String {
        format!("{who} {what} {}", self.bump())
    }

    pub fn quantity(&mut self) -> String {
        self.bump().to_string()
    }

    /// A percentage below 30 with the counter in its four decimals.
    fn percent(&mut self, rng: &mut Rng) -> String {
        format!("{}.{:04}", rng.below(30), self.bump() % 10_000)
    }

    /// A small amount (below 10.00) with the counter in it.
    fn amount(&mut self) -> String {
        let n = self.bump() % 1_000;
        format!("{}.{:02}", n / 100, n % 100)
    }
}

pub fn customer_input(v: &mut Values, who: &str) -> AccountInput {
    let tag = v.bump();
    AccountInput {
        name: v.next(who, "customer"),
        contact_person: v.next(who, "contact"),
        phone: format!("+86 10 {tag}"),
        email: format!("c{tag}@example.cn"),
        address: v.next(who, "address"),
        tax_id: v.next(who, "tax id"),
        ..AccountInput::default()
    }
}

/// Give field `which` (0–5) of `input` a fresh value.
fn edit_customer_field(input: &mut AccountInput, which: usize, v: &mut Values, who: &str) {
    let fresh = customer_input(v, who);
    match which {
        0 => input.name = fresh.name,
        1 => input.contact_person = fresh.contact_person,
        2 => input.phone = fresh.phone,
        3 => input.email = fresh.email,
        4 => input.address = fresh.address,
        _ => input.tax_id = fresh.tax_id,
    }
}

/// The edits of a quote the test makes.
const QUOTE_EDITS: usize = 10;

/// Edit `which` (`0..QUOTE_EDITS`) of `draft`, on its line `line` where it takes one. Returns what it did;
/// an edit that needs more lines than the draft has adds a line instead.
fn edit_quote(
    draft: &mut QuoteDraft,
    which: usize,
    line: usize,
    products: &[Uuid],
    rng: &mut Rng,
    v: &mut Values,
    who: &str,
) -> &'static str {
    let has_line = line < draft.lines.len();
    match which {
        0 => {
            draft.notes = v.next(who, "notes");
            "quote notes edited"
        }
        1 => {
            draft.payment_terms = v.next(who, "payment terms");
            "quote payment terms edited"
        }
        2 => {
            draft.delivery_terms = v.next(who, "delivery terms");
            "quote delivery terms edited"
        }
        3 => {
            draft.quote_discount = match rng.below(3) {
                0 => QuoteDiscountDraft::None,
                1 => QuoteDiscountDraft::Percent {
                    value: format!("{}.{:04}", rng.below(10), v.bump() % 10_000),
                },
                _ => QuoteDiscountDraft::Amount { value: v.amount() },
            };
            "quote discount edited"
        }
        4 if has_line => {
            draft.lines[line].quantity = v.quantity();
            "line quantity edited"
        }
        5 if has_line => {
            draft.lines[line].discount_percent = v.percent(rng);
            "line discount percent edited"
        }
        6 if has_line => {
            draft.lines[line].discount_amount = v.amount();
            "line discount amount edited"
        }
        7 if has_line => {
            let l = &mut draft.lines[line];
            (l.optional, l.selected) = match (l.optional, l.selected) {
                (false, _) => (true, false),
                (true, false) => (true, true),
                (true, true) => (false, false),
            };
            "line option toggled"
        }
        8 if draft.lines.len() > 1 && has_line => {
            draft.lines.remove(line);
            "line dropped"
        }
        // The manager adds lines to the reps' quotes too: a line belongs to its quote's owner.
        _ => {
            draft.lines.push(QuoteLineDraft {
                id: None,
                product_id: products[rng.below(products.len())],
                quantity: v.quantity(),
                discount_percent: "0".into(),
                ..Default::default()
            });
            "line added"
        }
    }
}

/// Save an edited quote. A quote discount amount above what the lines now add up to (all of them optional
/// and not taken, say) becomes a fresh percentage instead.
async fn save(store: &Store, draft: &mut QuoteDraft, rng: &mut Rng, v: &mut Values) {
    if matches!(draft.quote_discount, QuoteDiscountDraft::Amount { .. }) {
        let preview = store.preview_quote(draft).await.unwrap();
        if preview.errors.iter().any(|e| e.field == "quote_discount") {
            draft.quote_discount = QuoteDiscountDraft::Percent {
                value: format!("{}.{:04}", rng.below(10), v.bump() % 10_000),
            };
        }
    }
    store.save_quote(draft, Origin::Ui).await.unwrap();
}

/// `count` random changes on laptop `who` through the store's API.
pub async fn offline_work(
    store: &Store,
    laptops: &[Laptop],
    who: usize,
    rng: &mut Rng,
    v: &mut Values,
    count: usize,
) -> BTreeMap<&'static str, usize> {
    let me = &laptops[who];
    let mut done = BTreeMap::new();
    let products: Vec<Uuid> = store
        .list_products("")
        .await
        .unwrap()
        .iter()
        .map(|p| p.id)
        .collect();
    for _ in 0..count {
        // The client visit's kinds, a good part of the time (when there is something to do them on).
        let visit = if rng.percent(45) {
            visit_work(store, laptops, who, rng, v).await
        } else {
            None
        };
        if let Some(op) = visit {
            *done.entry(op).or_default() += 1;
            continue;
        }
        // Reps see the team's accounts but edit their own; quotes of an opportunity they are a member of
        // are theirs to read only.
        let mine = editable(me, "customer").await;
        let customers = store
            .list_accounts(&fieldquote_domain::list::ListQuery::filtered(
                fieldquote_domain::account::AccountFilter::text(""),
            ))
            .await
            .unwrap()
            .rows;
        let own_customers: Vec<_> = customers.iter().filter(|c| mine.contains(&c.id)).collect();
        let mine = editable(me, "quote").await;
        let quotes: Vec<_> = store
            .list_quotes("")
            .await
            .unwrap()
            .into_iter()
            .filter(|q| mine.contains(&q.id))
            .collect();
        let roll = rng.below(100);
        let op = if own_customers.is_empty() || roll < 15 {
            let c = store
                .create_account(&customer_input(v, me.name), Origin::Ui)
                .await
                .unwrap();
            assert!(!c.id.is_nil());
            "customer created"
        } else if roll < 40 {
            // The manager edits the team's accounts.
            let c = own_customers[hot_pick(rng, own_customers.iter().map(|c| c.id))];
            let mut input = store.get_account(c.id).await.unwrap().input();
            for _ in 0..rng.range(1, 3) {
                edit_customer_field(&mut input, rng.below(6), v, me.name);
            }
            store
                .update_account(c.id, &input, Origin::Ui)
                .await
                .unwrap();
            "customer edited"
        } else if quotes.is_empty() || roll < 55 {
            let c = &customers[rng.below(customers.len())];
            let lines = (0..rng.range(1, 3))
                .map(|_| QuoteLineDraft {
                    id: None,
                    product_id: products[rng.below(products.len())],
                    quantity: v.quantity(),
                    discount_percent: v.percent(rng),
                    ..Default::default()
                })
                .collect();
            let draft = QuoteDraft {
                id: None,
                customer_id: Some(c.id),
                notes: v.next(me.name, "notes"),
                lines,
                ..Default::default()
            };
            store.save_quote(&draft, Origin::Ui).await.unwrap();
            "quote created"
        } else {
            let q = &quotes[hot_pick(rng, quotes.iter().map(|q| q.id))];
            let mut draft = store.get_quote(q.id).await.unwrap().to_draft();
            let line = rng.below(draft.lines.len().max(1));
            let which = rng.below(QUOTE_EDITS);
            let what = edit_quote(&mut draft, which, line, &products, rng, v, me.name);
            save(store, &mut draft, rng, v).await;
            what
        };
        *done.entry(op).or_default() += 1;
    }
    done
}

/// A personal block of the content library made, edited or deleted (each laptop's user is another, so
/// these are never shared: they check that personal blocks go up and stay their owner's). A new block
/// sometimes carries an image (a small blob of its own), which goes up with it. Its own `rng`, so that the
/// rest of a seed's work is the same with it as without.
pub async fn content_work(store: &Store, rng: &mut Rng, v: &mut Values, who: &str) -> &'static str {
    let mine = store
        .list_content_blocks(&ContentFilter {
            scope: Some(Scope::Personal),
            ..Default::default()
        })
        .await
        .unwrap();
    let roll = rng.below(100);
    if mine.is_empty() || roll < 40 {
        let kinds = BlockKind::ALL;
        let mut input = ContentBlockInput {
            kind: kinds[rng.below(kinds.len())].as_str().into(),
            title_en: v.next(who, "block"),
            title_zh: v.next(who, "内容"),
            body_en: v.next(who, "body"),
            tags: vec![v.next(who, "tag")],
            industry: v.next(who, "industry"),
            ..Default::default()
        };
        if rng.percent(30) {
            let image = v.next(who, "image").repeat(1 + rng.below(2000));
            let hash = store.put_blob(image.as_bytes()).unwrap();
            input.image_blobs = vec![hash.to_string()];
        }
        store
            .create_content_block(&input, Origin::Ui)
            .await
            .unwrap();
        "content block created"
    } else if roll < 85 {
        let b = &mine[hot_pick(rng, mine.iter().map(|b| b.id))];
        let mut input = b.to_input();
        match rng.below(3) {
            0 => input.title_en = v.next(who, "block"),
            1 => input.body_zh = v.next(who, "正文"),
            _ => input.tags.push(v.next(who, "tag")),
        }
        store
            .update_content_block(b.id, &input, Origin::Ui)
            .await
            .unwrap();
        "content block edited"
    } else {
        let b = &mine[rng.below(mine.len())];
        store.delete_content_block(b.id, Origin::Ui).await.unwrap();
        "content block deleted"
    }
}

/// The index of a record to edit: half the time one of the six oldest (ids are UUIDv7), so that laptops
/// often edit the same records.
fn hot_pick(rng: &mut Rng, ids: impl Iterator<Item = Uuid>) -> usize {
    let mut ids: Vec<(Uuid, usize)> = ids.enumerate().map(|(i, id)| (id, i)).collect();
    ids.sort_unstable();
    let n = if rng.percent(50) {
        ids.len().min(6)
    } else {
        ids.len()
    };
    ids[rng.below(n)].1
}

async fn customer_ids(store: &Store) -> BTreeSet<Uuid> {
    let all = store
        .list_accounts(&fieldquote_domain::list::ListQuery::filtered(
            fieldquote_domain::account::AccountFilter::text(""),
        ))
        .await
        .unwrap()
        .rows;
    all.iter().map(|c| c.id).collect()
}

async fn quote_ids(store: &Store) -> BTreeSet<Uuid> {
    let all = store.list_quotes("").await.unwrap();
    all.iter().map(|q| q.id).collect()
}

/// The manager and one of the reps, before either syncs, give the same field of the same record (one both
/// laptops hold) a value of their own, one after the other: the later write wins everywhere, and the laptop
/// whose value it replaced unseen must record a conflict. What was edited; `None` while the two share no
/// record yet.
pub async fn same_field_on_two_laptops(
    laptops: &[Laptop],
    rng: &mut Rng,
    v: &mut Values,
) -> Option<String> {
    let manager = laptops.iter().position(|l| l.name == "manager").unwrap();
    let mut order = [rng.below(manager), manager];
    let rep = &laptops[order[0]];
    let (rep_customers, rep_quotes) = (
        editable(rep, "customer").await,
        editable(rep, "quote").await,
    );
    rng.shuffle(&mut order);
    let stores = [
        Store::open(laptops[order[0]].dir.path()).await.unwrap(),
        Store::open(laptops[order[1]].dir.path()).await.unwrap(),
    ];
    // Records both hold that the rep may edit: the rep's own (the manager edits the team's).
    let shared_customers: Vec<Uuid> = customer_ids(&stores[0])
        .await
        .intersection(&customer_ids(&stores[1]).await)
        .filter(|id| rep_customers.contains(id))
        .copied()
        .collect();
    let shared_quotes: Vec<Uuid> = quote_ids(&stores[0])
        .await
        .intersection(&quote_ids(&stores[1]).await)
        .filter(|id| rep_quotes.contains(id))
        .copied()
        .collect();
    let mut what = None;
    if !shared_quotes.is_empty() && (shared_customers.is_empty() || rng.percent(60)) {
        let id = shared_quotes[rng.below(shared_quotes.len())];
        // A line both laptops hold, by id (either may have added or dropped lines of its own).
        let mut lines = Vec::new();
        for store in &stores {
            let view = store.get_quote(id).await.unwrap();
            lines.push(
                view.lines
                    .iter()
                    .filter_map(|l| l.id)
                    .collect::<BTreeSet<Uuid>>(),
            );
        }
        let common: Vec<Uuid> = lines[0].intersection(&lines[1]).copied().collect();
        let line_id = (!common.is_empty()).then(|| common[rng.below(common.len())]);
        // A field of the quote, or of the line: not adding or dropping lines.
        let which = rng.below(if line_id.is_some() { 8 } else { 4 });
        for (k, store) in stores.iter().enumerate() {
            let mut draft = store.get_quote(id).await.unwrap().to_draft();
            let line = line_id.map_or(0, |lid| {
                let at = draft.lines.iter().position(|l| l.id == Some(lid));
                at.unwrap()
            });
            let done = edit_quote(&mut draft, which, line, &[], rng, v, laptops[order[k]].name);
            save(store, &mut draft, rng, v).await;
            what = Some(format!("on two laptops: {done}"));
        }
    } else if !shared_customers.is_empty() {
        let id = shared_customers[rng.below(shared_customers.len())];
        let which = rng.below(6);
        for (k, store) in stores.iter().enumerate() {
            let mut input = store.get_account(id).await.unwrap().input();
            edit_customer_field(&mut input, which, v, laptops[order[k]].name);
            store.update_account(id, &input, Origin::Ui).await.unwrap();
        }
        what = Some("on two laptops: customer edited".to_string());
    }
    for s in stores {
        s.close().await.unwrap();
    }
    what
}
