use super::*;
use crate::device_time;

const ANN: Uuid = Uuid::from_u128(1);
const Q1: Uuid = Uuid::from_u128(100);
const Q2: Uuid = Uuid::from_u128(101);

fn at() -> DateTime<FixedOffset> {
    device_time::parse("2026-12-09T16:45:00+08:00").unwrap()
}

fn sent(id: Uuid) -> QuoteFact {
    QuoteFact {
        id,
        status: QuoteStatus::Sent,
    }
}

fn refusal(r: Result<OutcomeEffect, DomainError>) -> RuleRefusal {
    match r {
        Err(DomainError::Rule(r)) => r,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn an_accepted_quote_wins_its_opportunity() {
    let quotes = [sent(Q1), sent(Q2)];
    let effect = mark_quote(
        sent(Q1),
        QuoteOutcome::Accepted,
        Some((Stage::Negotiation, None, &quotes)),
        ANN,
        at(),
    )
    .unwrap();
    assert_eq!(effect.status, QuoteStatus::Accepted);
    let stage = effect.stage.unwrap();
    assert_eq!((stage.stage, stage.won_quote_id), (Stage::Won, Some(Q1)));
    assert_eq!(stage.change.at, "2026-12-09T16:45:00+08:00");
    // A lost opportunity is won after all.
    let effect = mark_quote(
        sent(Q1),
        QuoteOutcome::Accepted,
        Some((Stage::Lost, None, &quotes)),
        ANN,
        at(),
    )
    .unwrap();
    assert_eq!(effect.stage.unwrap().stage, Stage::Won);
    // Won already with another quote.
    assert_eq!(
        refusal(mark_quote(
            sent(Q2),
            QuoteOutcome::Accepted,
            Some((Stage::Won, Some(Q1), &quotes)),
            ANN,
            at()
        )),
        RuleRefusal::AlreadyWon { quote: Q1 }
    );
}

#[test]
fn a_rejected_quote_moves_a_quoted_opportunity_to_negotiation_only() {
    let quotes = [sent(Q1)];
    let effect = mark_quote(
        sent(Q1),
        QuoteOutcome::Rejected,
        Some((Stage::Quoted, None, &quotes)),
        ANN,
        at(),
    )
    .unwrap();
    assert_eq!(effect.status, QuoteStatus::Rejected);
    assert_eq!(effect.stage.unwrap().stage, Stage::Negotiation);
    let effect = mark_quote(
        sent(Q1),
        QuoteOutcome::Rejected,
        Some((Stage::Negotiation, None, &quotes)),
        ANN,
        at(),
    )
    .unwrap();
    assert_eq!(effect.stage, None);
}

#[test]
fn only_a_sent_quote_is_accepted_or_rejected() {
    for status in QuoteStatus::ALL {
        let quote = QuoteFact { id: Q1, status };
        let r = mark_quote(quote, QuoteOutcome::Accepted, None, ANN, at());
        if status == QuoteStatus::Sent {
            assert_eq!(r.unwrap().stage, None, "no opportunity, no stage change");
        } else {
            assert_eq!(refusal(r), RuleRefusal::QuoteNotSent { status });
        }
    }
}

#[test]
fn sending_a_quote_makes_an_early_opportunity_quoted() {
    assert_eq!(
        stage_after_quote_sent(Stage::NeedsIdentified),
        Some(Stage::Quoted)
    );
    assert_eq!(
        stage_after_quote_sent(Stage::SolutionDesign),
        Some(Stage::Quoted)
    );
    for stage in [Stage::Quoted, Stage::Negotiation, Stage::Won, Stage::Lost] {
        assert_eq!(stage_after_quote_sent(stage), None);
    }
}
