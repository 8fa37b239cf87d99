//! Proposals in the offline work: a laptop's user starts proposals on their own opportunities, edits their
//! drafts, sends them (each sent version's document a blob that goes up with it), revises sent ones and
//! deletes drafts, each through the same use cases as the app.

use fieldquote_domain::document::PdfLanguage;
use fieldquote_domain::proposal::{
    Doc, ProposalInput, ProposalSection, ProposalStatus, SectionKind,
};
use fieldquote_service::proposal;
use fieldquote_store::{NewProposal, Origin, ProposalFilter, Store};

use crate::work::{Rng, Values};

/// A short proposal: a cover, one section of text, the signature page.
fn sections(v: &mut Values, who: &str) -> Vec<ProposalSection> {
    vec![
        ProposalSection::new("", SectionKind::Cover, true),
        ProposalSection::new(v.next(who, "section"), SectionKind::Content, true)
            .with_body(Doc::from_plain(&v.next(who, "方案正文"))),
        ProposalSection::new("Acceptance", SectionKind::Signature, true),
    ]
}

/// One random step on the proposals of laptop user `who` (id `me`); what it did (`None`: nothing to do it on
/// yet).
pub async fn proposal_work(
    store: &Store,
    rng: &mut Rng,
    v: &mut Values,
    who: &str,
) -> Option<&'static str> {
    let me = store.my_user_id().await.unwrap();
    let mine: Vec<_> = store
        .list_proposals(&ProposalFilter::default())
        .await
        .unwrap()
        .into_iter()
        .filter(|p| p.owner_id == me)
        .collect();
    let drafts: Vec<_> = mine
        .iter()
        .filter(|p| p.status == ProposalStatus::Draft)
        .collect();
    let sent: Vec<_> = mine
        .iter()
        .filter(|p| p.status == ProposalStatus::Sent)
        .collect();
    let roll = rng.below(100);
    if drafts.is_empty() || roll < 30 {
        let opportunities = store
            .list_opportunities(&Default::default())
            .await
            .unwrap()
            .rows;
        let own: Vec<_> = opportunities.iter().filter(|o| o.owner_id == me).collect();
        if own.is_empty() {
            return None;
        }
        let o = own[rng.below(own.len())];
        store
            .create_proposal(
                &NewProposal {
                    opportunity_id: o.id,
                    title: v.next(who, "proposal"),
                    lang: PdfLanguage::ALL[rng.below(3)],
                    sections: sections(v, who),
                },
                Origin::Ui,
            )
            .await
            .unwrap();
        return Some("proposal started");
    }
    if roll < 65 {
        let p = drafts[rng.below(drafts.len())];
        let mut input = ProposalInput {
            title: p.title.clone(),
            lang: p.lang,
            sections: p.sections.clone(),
        };
        if rng.percent(50) {
            input.title = v.next(who, "proposal");
        } else {
            input.sections[1].body = Doc::from_plain(&v.next(who, "方案正文"));
        }
        proposal::update(store, p.id, &input, Origin::Ui)
            .await
            .unwrap();
        return Some("proposal draft edited");
    }
    if roll < 85 {
        let p = drafts[rng.below(drafts.len())];
        proposal::send(store, p.id, Origin::Ui).await.unwrap();
        return Some("proposal sent");
    }
    if roll < 93 && !sent.is_empty() {
        let p = sent[rng.below(sent.len())];
        proposal::revise(store, p.id, Origin::Ui).await.unwrap();
        return Some("proposal revised");
    }
    let p = drafts[rng.below(drafts.len())];
    proposal::delete(store, p.id, Origin::Ui).await.unwrap();
    Some("proposal draft deleted")
}
