//! The demo team: the laptop's rep and the colleagues who work the deals with them (a presales engineer, a
//! contract specialist, the sales manager, a service engineer, an export rep).
//!
//! The company directory is the server's (`colleague`); a laptop that never synced has none, so the demo
//! writes one for itself, through the outbox like any demo record. Like the demo catalog, these changes of a
//! server-owned kind never leave the laptop: signing in drops them from the outbox.

use uuid::Uuid;

use fieldquote_domain::sync::EntityKind;

use super::DemoReport;
use crate::rows;
use crate::{Origin, Store, StoreError};

pub(super) const WANG_LEI: Uuid = Uuid::from_u128(0x0189_0000_0000_7000_8000_0000_0000_de01);
pub(super) const CHEN_JING: Uuid = Uuid::from_u128(0x0189_0000_0000_7000_8000_0000_0000_de02);
pub(super) const ZHANG_WEI: Uuid = Uuid::from_u128(0x0189_0000_0000_7000_8000_0000_0000_de03);
pub(super) const LIU_YANG: Uuid = Uuid::from_u128(0x0189_0000_0000_7000_8000_0000_0000_de04);
pub(super) const EMMA: Uuid = Uuid::from_u128(0x0189_0000_0000_7000_8000_0000_0000_de05);

/// (id, name, email, team id, team name, role)
const COLLEAGUES: &[(Uuid, &str, &str, &str, &str, &str)] = &[
    (
        WANG_LEI,
        "王磊 Wang Lei",
        "wang.lei@ecsmartcontrol.cn",
        "presales",
        "售前技术部 Presales",
        "rep",
    ),
    (
        CHEN_JING,
        "陈静 Chen Jing",
        "chen.jing@ecsmartcontrol.cn",
        "legal",
        "合同法务部 Contracts",
        "rep",
    ),
    (
        ZHANG_WEI,
        "张伟 Zhang Wei",
        "zhang.wei@ecsmartcontrol.cn",
        "east-1",
        "华东销售一组 East Sales 1",
        "manager",
    ),
    (
        LIU_YANG,
        "刘洋 Liu Yang",
        "liu.yang@ecsmartcontrol.cn",
        "service",
        "客户服务部 Service",
        "rep",
    ),
    (
        EMMA,
        "Emma Schulz",
        "emma.schulz@ecsmartcontrol.cn",
        "east-1",
        "华东销售一组 East Sales 1",
        "rep",
    ),
];

/// Who is who on this laptop: the rep (the device's user) and the colleagues.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Team {
    pub me: Uuid,
}

/// Write the directory's missing entries (the rep's own under the device's user id); returns the team.
pub(super) async fn load(store: &Store, report: &mut DemoReport) -> Result<Team, StoreError> {
    let me = store.my_user_id().await?;
    let rep = (
        me,
        "李明 Li Ming",
        "li.ming@ecsmartcontrol.cn",
        "east-1",
        "华东销售一组 East Sales 1",
        "rep",
    );
    let mut missing = Vec::new();
    for entry in std::iter::once(&rep).chain(COLLEAGUES) {
        if rows::load(&store.db, EntityKind::Colleague, entry.0)
            .await?
            .is_none()
        {
            missing.push(*entry);
        }
    }
    if missing.is_empty() {
        return Ok(Team { me });
    }
    let w = store.begin_write(Origin::Demo).await?;
    for (id, name, email, team_id, team_name, role) in missing {
        let fields = rows::fields([
            ("name", name.into()),
            ("email", email.into()),
            ("team_id", team_id.into()),
            ("team_name", team_name.into()),
            ("role", role.into()),
            ("active", 1.into()),
        ]);
        w.insert_row(EntityKind::Colleague, id, fields).await?;
        report.colleagues_created += 1;
    }
    w.commit().await?;
    Ok(Team { me })
}
