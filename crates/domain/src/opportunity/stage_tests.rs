use chrono::Duration;
use proptest::prelude::*;

use super::*;

fn at(day: u32, hour: u32) -> DateTime<FixedOffset> {
    device_time::parse(&format!("2026-12-{day:02}T{hour:02}:00:00+08:00")).unwrap()
}

const ANN: Uuid = Uuid::from_u128(1);
const Q1: Uuid = Uuid::from_u128(100);
const Q2: Uuid = Uuid::from_u128(101);

fn refusal(r: Result<StageOutcome, DomainError>) -> RuleRefusal {
    match r {
        Err(DomainError::Rule(r)) => r,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn open_stages_move_freely_and_keep_the_probability() {
    let out = move_stage(
        Stage::Quoted,
        &[],
        &StageMove::to(Stage::SolutionDesign),
        ANN,
        at(7, 9),
    )
    .unwrap();
    assert_eq!(out.stage, Stage::SolutionDesign);
    assert_eq!(out.probability, None);
    assert_eq!(out.change.from, Some(Stage::Quoted));
    assert_eq!(out.change.by_user_id, ANN);
    assert_eq!(out.change.at, "2026-12-07T09:00:00+08:00");
    assert_eq!(
        refusal(move_stage(
            Stage::Quoted,
            &[],
            &StageMove::to(Stage::Quoted),
            ANN,
            at(7, 9)
        )),
        RuleRefusal::StageUnchanged {
            stage: Stage::Quoted
        }
    );
}

#[test]
fn lost_needs_a_reason_and_the_competitor_when_lost_to_one() {
    let lose = |reason: Option<LostReason>, competitor: &str| {
        move_stage(
            Stage::Negotiation,
            &[],
            &StageMove {
                lost_reason: reason,
                competitor: competitor.into(),
                ..StageMove::to(Stage::Lost)
            },
            ANN,
            at(7, 9),
        )
    };
    assert_eq!(refusal(lose(None, "")), RuleRefusal::LostNeedsReason);
    assert_eq!(
        refusal(lose(Some(LostReason::Competitor), "  ")),
        RuleRefusal::CompetitorNeeded
    );
    let out = lose(Some(LostReason::Competitor), " 汇川 ").unwrap();
    assert_eq!(
        (
            out.stage,
            out.lost_reason,
            out.competitor.as_str(),
            out.probability
        ),
        (Stage::Lost, Some(LostReason::Competitor), "汇川", Some(0))
    );
    assert!(lose(Some(LostReason::NoDecision), "").is_ok());
}

#[test]
fn won_needs_an_accepted_quote_of_the_opportunity() {
    let win = |quote: Option<Uuid>, quotes: &[QuoteFact]| {
        move_stage(
            Stage::Negotiation,
            quotes,
            &StageMove {
                won_quote_id: quote,
                ..StageMove::to(Stage::Won)
            },
            ANN,
            at(7, 9),
        )
    };
    let sent = QuoteFact {
        id: Q1,
        status: QuoteStatus::Sent,
    };
    let accepted = QuoteFact {
        id: Q1,
        status: QuoteStatus::Accepted,
    };
    assert_eq!(
        refusal(win(None, &[accepted])),
        RuleRefusal::WonNeedsAcceptedQuote
    );
    assert_eq!(
        refusal(win(Some(Q2), &[accepted])),
        RuleRefusal::QuoteNotOfOpportunity { quote: Q2 }
    );
    assert_eq!(
        refusal(win(Some(Q1), &[sent])),
        RuleRefusal::QuoteNotAccepted {
            quote: Q1,
            status: QuoteStatus::Sent
        }
    );
    let out = win(Some(Q1), &[accepted]).unwrap();
    assert_eq!(
        (out.stage, out.won_quote_id, out.probability),
        (Stage::Won, Some(Q1), Some(100))
    );
}

#[test]
fn reopening_needs_a_reason_and_a_won_deal_is_reopened_before_it_is_lost() {
    let reopen = |from: Stage, reason: &str| {
        move_stage(
            from,
            &[],
            &StageMove {
                reason: reason.into(),
                ..StageMove::to(Stage::Negotiation)
            },
            ANN,
            at(8, 10),
        )
    };
    assert_eq!(
        refusal(reopen(Stage::Lost, "")),
        RuleRefusal::ReopenNeedsReason { from: Stage::Lost }
    );
    let out = reopen(Stage::Won, "the client cancelled the order").unwrap();
    assert_eq!(
        (out.stage, out.won_quote_id, out.probability),
        (Stage::Negotiation, None, Some(75))
    );
    assert_eq!(out.change.reason, "the client cancelled the order");
    let lose_won = move_stage(
        Stage::Won,
        &[],
        &StageMove {
            lost_reason: Some(LostReason::Other),
            ..StageMove::to(Stage::Lost)
        },
        ANN,
        at(8, 10),
    );
    assert_eq!(refusal(lose_won), RuleRefusal::WonCannotBeLost);
}

fn record(id: u128, from: Option<Stage>, to: Stage, when: DateTime<FixedOffset>) -> StageChange {
    StageChange {
        id: Uuid::from_u128(id),
        opportunity_id: Uuid::from_u128(9),
        from,
        to,
        by_user_id: ANN,
        at: device_time::format(when),
        reason: String::new(),
    }
}

#[test]
fn the_history_gives_the_days_spent_in_each_stage() {
    let history = [
        record(3, Some(Stage::SolutionDesign), Stage::Quoted, at(10, 9)),
        record(1, None, Stage::NeedsIdentified, at(1, 9)),
        record(
            2,
            Some(Stage::NeedsIdentified),
            Stage::SolutionDesign,
            at(4, 12),
        ),
    ];
    assert_eq!(replay(&history), Some(Stage::Quoted));
    let spans = stage_history(&history, at(20, 9));
    let days: Vec<_> = spans.iter().map(|s| (s.stage, s.days)).collect();
    assert_eq!(
        days,
        [
            (Stage::NeedsIdentified, 3),
            (Stage::SolutionDesign, 5),
            (Stage::Quoted, 10)
        ]
    );
    assert_eq!(spans[2].until, "");
    assert_eq!(spans[0].until, "2026-12-04T12:00:00+08:00");
    assert_eq!(replay(&[]), None);
}

fn arb_move() -> impl Strategy<Value = (usize, Option<usize>, bool, bool)> {
    (
        0..Stage::ALL.len(),
        prop::option::of(0..LostReason::ALL.len()),
        any::<bool>(),
        any::<bool>(),
    )
}

proptest! {
    /// Whatever a rep tries, the recorded changes chain (each starts where the last ended), replaying them
    /// in time order — whatever order they were stored or synced in — gives the opportunity's stage, and
    /// a won opportunity always names an accepted quote, a lost one a reason.
    #[test]
    fn the_stage_history_replays_to_the_stage(
        moves in prop::collection::vec(arb_move(), 1..30),
        shuffle_seed in any::<u64>(),
    ) {
        let quotes = [QuoteFact { id: Q1, status: QuoteStatus::Accepted }, QuoteFact { id: Q2, status: QuoteStatus::Sent }];
        let start = at(1, 8);
        let mut stage = Stage::NeedsIdentified;
        let mut records = vec![record(0, None, stage, start)];
        for (i, (to, reason, with_quote, with_text)) in moves.into_iter().enumerate() {
            let when = start + Duration::hours(i64::try_from(i).unwrap() + 1);
            let mv = StageMove {
                to: Stage::ALL[to],
                lost_reason: reason.map(|r| LostReason::ALL[r]),
                competitor: if with_text { "ABB".into() } else { String::new() },
                won_quote_id: with_quote.then_some(if with_text { Q1 } else { Q2 }),
                reason: if with_text { "why".into() } else { String::new() },
            };
            if let Ok(out) = move_stage(stage, &quotes, &mv, ANN, when) {
                prop_assert_eq!(out.change.from, Some(stage));
                if out.stage == Stage::Won {
                    prop_assert_eq!(out.won_quote_id, Some(Q1));
                }
                if out.stage == Stage::Lost {
                    prop_assert!(out.lost_reason.is_some());
                }
                stage = out.stage;
                let n = u128::try_from(i).unwrap() + 1;
                records.push(record(n, out.change.from, out.change.to, when));
            }
        }
        for pair in records.windows(2) {
            prop_assert_eq!(pair[1].from, Some(pair[0].to));
        }
        // Stored and synced in any order.
        let mut shuffled = records.clone();
        let mut seed = shuffle_seed;
        for i in (1..shuffled.len()).rev() {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let j = usize::try_from(seed >> 33).unwrap() % (i + 1);
            shuffled.swap(i, j);
        }
        prop_assert_eq!(replay(&shuffled), Some(stage));
        let spans = stage_history(&shuffled, start + Duration::days(30));
        prop_assert_eq!(spans.len(), records.len());
        prop_assert_eq!(spans.last().map(|s| s.stage), Some(stage));
    }
}
