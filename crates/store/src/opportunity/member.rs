//! An opportunity's members: colleagues it is shared with explicitly (a presales engineer, a contract
//! specialist), each with a role. The server sends a member the opportunity, its account and what hangs
//! under them, and takes them away when the membership ends.

use uuid::Uuid;

use fieldquote_domain::opportunity::{Member, MemberInput, MemberRole};
use fieldquote_domain::sync::EntityKind;

use super::KIND;
use crate::rows::{self, Row, id_text};
use crate::{Origin, Store, StoreError, colleague};

const MEMBER: EntityKind = EntityKind::OpportunityMember;

fn to_member(r: &Row, name: String) -> Result<Member, StoreError> {
    Ok(Member {
        id: r.id()?,
        opportunity_id: r.req_id("opportunity_id")?,
        user_id: r.req_id("user_id")?,
        role: MemberRole::parse(r.text("role")).unwrap_or(MemberRole::Other),
        name,
    })
}

async fn member_rows(
    conn: &impl sea_orm::ConnectionTrait,
    opportunity_id: Uuid,
) -> Result<Vec<Row>, StoreError> {
    rows::children(
        conn,
        MEMBER,
        "opportunity_id",
        &opportunity_id.to_string(),
        "a.id",
    )
    .await
}

/// The live members of an opportunity, with their names.
pub(crate) async fn members_of(
    conn: &impl sea_orm::ConnectionTrait,
    opportunity_id: Uuid,
) -> Result<Vec<Member>, StoreError> {
    let rows = member_rows(conn, opportunity_id).await?;
    // Collected first: a future holding a closure's iterator across an await is not `Send` for every
    // lifetime, which the app's commands need.
    let ids: Vec<Uuid> = rows.iter().filter_map(|r| r.opt_id("user_id")).collect();
    let names = colleague::names(conn, ids).await?;
    rows.iter()
        .map(|r| {
            to_member(
                r,
                r.opt_id("user_id")
                    .and_then(|u| names.get(&u).cloned())
                    .unwrap_or_default(),
            )
        })
        .collect()
}

impl Store {
    /// Make a colleague of the directory a member of an opportunity with a role (the explicit share of the
    /// opportunity). A member already is given the new role.
    pub async fn add_opportunity_member(
        &self,
        input: &MemberInput,
        origin: Origin,
    ) -> Result<Member, StoreError> {
        let w = self.begin_write(origin).await?;
        rows::live(&w.txn, KIND, input.opportunity_id).await?;
        let colleague = colleague::require(&w.txn, input.user_id).await?;
        let existing = member_rows(&w.txn, input.opportunity_id)
            .await?
            .into_iter()
            .find(|r| r.opt_id("user_id") == Some(input.user_id));
        let role = rows::fields([("role", input.role.as_str().into())]);
        let row = match existing {
            Some(before) => w.update_row(&before, role).await?,
            None => {
                let mut f = role;
                f.insert("opportunity_id".into(), id_text(Some(input.opportunity_id)));
                f.insert("user_id".into(), id_text(Some(input.user_id)));
                w.insert_row(MEMBER, Uuid::now_v7(), f).await?
            }
        };
        w.commit().await?;
        to_member(&row, colleague.name)
    }

    /// End a colleague's membership of an opportunity; returns how many memberships ended (0: not a member).
    pub async fn remove_opportunity_member(
        &self,
        opportunity_id: Uuid,
        user_id: Uuid,
        origin: Origin,
    ) -> Result<u32, StoreError> {
        let w = self.begin_write(origin).await?;
        rows::live(&w.txn, KIND, opportunity_id).await?;
        let mut n = 0;
        for r in member_rows(&w.txn, opportunity_id)
            .await?
            .iter()
            .filter(|r| r.opt_id("user_id") == Some(user_id))
        {
            w.delete_row(r).await?;
            n += 1;
        }
        w.commit().await?;
        Ok(n)
    }

    pub async fn opportunity_members(
        &self,
        opportunity_id: Uuid,
    ) -> Result<Vec<Member>, StoreError> {
        rows::live(&self.db, KIND, opportunity_id).await?;
        members_of(&self.db, opportunity_id).await
    }
}
