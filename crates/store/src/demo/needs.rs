//! The demo needs (background, pains, goals, budget, timeline, criteria, competitors and a SWOT), the
//! requirements with their priority and fit, and the workstreams with their checklists — on the stalled
//! deal one on track, one late and one blocked — of the demo opportunities, by name.

use uuid::Uuid;

use fieldquote_domain::needs::{
    NeedsInput, RequirementFit, RequirementInput, RequirementPriority, Swot,
};
use fieldquote_domain::workstream::{WorkstreamInput, WorkstreamItemInput, WorkstreamKind};

use super::opportunities::{STALLED, WON};
use super::team::{CHEN_JING, Team, WANG_LEI};
use super::{Clock, StoreError};
use crate::{Origin, Store};

/// (opportunity, background, pains, goals, budget, timeline, decision criteria, competitors,
/// [strengths, weaknesses, opportunities, threats])
type DemoNeeds = (
    &'static str,
    [&'static str; 7],
    [&'static [&'static str]; 4],
);

const NEEDS: &[DemoNeeds] = &[
    (
        STALLED,
        [
            "二期化成车间 48 台化成柜, 目前只有电表月度抄表。",
            "电费占制造成本 9%, 无法按工序核算; 夜间空载能耗高。",
            "按工序和班次实时计量, 一年内单位能耗下降 8%。",
            "年度技改预算 25 万, 超出部分需总经理特批。",
            "春节停产期间安装, 节后投用。",
            "技术方案、总价、分期付款、本地服务响应。",
            "两家本地集成商; 设备原厂的能耗模块。",
        ],
        [
            &[
                "王磊的方案在技术评分第一",
                "已有 SCADA 授权可扩展",
                "无锡 2 小时内到场服务",
            ],
            &["总价高于预算 7%", "网关交期 4 周"],
            &["三期扩产还有 60 台化成柜", "集团其他工厂可复制"],
            &["财务总监倾向分两年投入", "原厂模块捆绑设备合同"],
        ],
    ),
    (
        WON,
        [
            "北仑港区新建立体仓库, 三条输送线由港通集成。",
            "原供应商交期长, 现场调试人手不足。",
            "按期投产, 一套程序三条线复用。",
            "约 40 万元, 已批复。",
            "两个月内到货, 三个月内投产。",
            "交期、调试能力、价格。",
            "一家日系品牌代理商。",
        ],
        [
            &["现货充足", "调试团队在宁波有项目"],
            &["首次合作"],
            &["后续两座仓库"],
            &["日系代理商低价"],
        ],
    ),
    (
        "洁净车间 HVAC 变频改造 Clean-room HVAC drives",
        [
            "固体制剂车间 14 台空调机组定频运行。",
            "夏季电费高, 压差波动影响 GMP 审计。",
            "压差稳定, 空调能耗下降 20%。",
            "15 万元左右。",
            "年底 GMP 复审前完成。",
            "验证文件完整、停机时间短、价格。",
            "原空调厂家的改造方案。",
        ],
        [
            &["有制药行业验证文件模板"],
            &["变频器不是原厂品牌"],
            &["另两个车间同样改造"],
            &["空调厂家捆绑维保合同"],
        ],
    ),
    (
        "实训产线 PLC 教学平台 Training-line PLC kits",
        [
            "研究院新建智能制造实训中心, 面向企业培训和学生实训。",
            "现有实训台老旧, 与企业现场设备脱节。",
            "二十套与工业现场一致的 PLC + HMI + 伺服实训台。",
            "约 21 万元, 财政资金。",
            "下学期开学前到货安装。",
            "与现场一致、教材配套、售后培训。",
            "两家教学设备公司。",
        ],
        [
            &["工业级产品, 含中文教材"],
            &["价格高于教学专用设备"],
            &["可带动学员所在企业采购"],
            &["政府采购低价中标规则"],
        ],
    ),
    (
        "RO plant high-pressure pump VFD retrofit",
        [
            "Eight high-pressure RO pumps run across the line with throttling valves.",
            "Energy is 45 % of the plant's operating cost; valve wear.",
            "Speed control of every pump, 15 % less energy.",
            "Not yet approved; estimated USD 400–450 k.",
            "Tender next quarter, installation in the cool season.",
            "Efficiency, local service partner, lead time.",
            "Two European drive makers.",
        ],
        [
            &["Strong desalination references"],
            &["No service office in the UAE yet"],
            &["Two more plants in the group"],
            &["European makers' local presence"],
        ],
    ),
];

/// (opportunity, requirement, priority, fit, notes)
const REQUIREMENTS: &[(&str, &str, RequirementPriority, RequirementFit, &str)] = &[
    (
        STALLED,
        "每台化成柜独立计量, 精度 0.5 级",
        RequirementPriority::Must,
        RequirementFit::Meets,
        "",
    ),
    (
        STALLED,
        "能耗数据对接 MES",
        RequirementPriority::Must,
        RequirementFit::Partial,
        "需 MES 厂商开放接口",
    ),
    (
        STALLED,
        "手机端日报推送",
        RequirementPriority::Should,
        RequirementFit::Meets,
        "",
    ),
    (
        STALLED,
        "碳排放核算报表",
        RequirementPriority::Nice,
        RequirementFit::Gap,
        "下一版本",
    ),
    (
        "实训产线 PLC 教学平台 Training-line PLC kits",
        "与工业现场同型号 PLC",
        RequirementPriority::Must,
        RequirementFit::Meets,
        "",
    ),
    (
        "实训产线 PLC 教学平台 Training-line PLC kits",
        "配套中文实训教材和课件",
        RequirementPriority::Must,
        RequirementFit::Meets,
        "",
    ),
    (
        "实训产线 PLC 教学平台 Training-line PLC kits",
        "虚拟仿真软件",
        RequirementPriority::Should,
        RequirementFit::Unknown,
        "",
    ),
    (
        "洁净车间 HVAC 变频改造 Clean-room HVAC drives",
        "提供 IQ/OQ 验证文件",
        RequirementPriority::Must,
        RequirementFit::Meets,
        "",
    ),
    (
        "洁净车间 HVAC 变频改造 Clean-room HVAC drives",
        "单台改造停机不超过 4 小时",
        RequirementPriority::Must,
        RequirementFit::Partial,
        "",
    ),
];

/// Who owns a workstream.
#[derive(Clone, Copy)]
enum Owner {
    Me,
    Colleague(Uuid),
}

/// (opportunity, kind, owner, due day, blocker, done, [(item, done, due day)])
type DemoWorkstream = (
    &'static str,
    WorkstreamKind,
    Owner,
    i64,
    &'static str,
    bool,
    &'static [(&'static str, bool, i64)],
);

const WORKSTREAMS: &[DemoWorkstream] = &[
    (
        STALLED,
        WorkstreamKind::Technical,
        Owner::Colleague(WANG_LEI),
        10,
        "",
        false,
        &[
            ("确认测点清单", true, -30),
            ("网关通讯测试", true, -15),
            ("技术方案终版", false, 7),
        ],
    ),
    (
        STALLED,
        WorkstreamKind::Commercial,
        Owner::Me,
        -3,
        "",
        false,
        &[
            ("第二版报价", true, -20),
            ("分期付款方案报客户财务", false, -3),
        ],
    ),
    (
        STALLED,
        WorkstreamKind::Contract,
        Owner::Colleague(CHEN_JING),
        14,
        "客户法务未提供合同模板 The client's legal team has not sent its contract template",
        false,
        &[("合同草稿", false, 10), ("付款条款审核", false, 12)],
    ),
    (
        WON,
        WorkstreamKind::Technical,
        Owner::Colleague(WANG_LEI),
        -40,
        "",
        true,
        &[("三条线 IO 清单", true, -55), ("样机测试", true, -42)],
    ),
    (
        WON,
        WorkstreamKind::Commercial,
        Owner::Me,
        -30,
        "",
        true,
        &[("报价", true, -50), ("交期确认", true, -32)],
    ),
    (
        WON,
        WorkstreamKind::Contract,
        Owner::Colleague(CHEN_JING),
        -20,
        "",
        true,
        &[("合同签订", true, -20)],
    ),
    (
        "洁净车间 HVAC 变频改造 Clean-room HVAC drives",
        WorkstreamKind::Technical,
        Owner::Colleague(WANG_LEI),
        12,
        "",
        false,
        &[("验证文件模板", true, -5), ("停机方案", false, 8)],
    ),
];

/// The needs, requirements and workstreams of the new opportunity `name` (`id`).
pub(super) async fn load(
    store: &Store,
    clock: &Clock,
    team: &Team,
    name: &str,
    id: Uuid,
) -> Result<(), StoreError> {
    if let Some((_, t, [s, w, o, th])) = NEEDS.iter().find(|n| n.0 == name) {
        let list = |l: &[&str]| l.iter().map(|x| (*x).to_string()).collect();
        let input = NeedsInput {
            background: t[0].into(),
            pains: t[1].into(),
            goals: t[2].into(),
            budget: t[3].into(),
            timeline: t[4].into(),
            decision_criteria: t[5].into(),
            competitors: t[6].into(),
            swot: Swot {
                strengths: list(s),
                weaknesses: list(w),
                opportunities: list(o),
                threats: list(th),
            },
            template: String::new(),
        };
        store.save_needs(id, &input, Origin::Demo).await?;
    }
    for &(_, text, priority, fit, notes) in REQUIREMENTS.iter().filter(|r| r.0 == name) {
        let input = RequirementInput {
            opportunity_id: id,
            text: text.into(),
            priority,
            fit,
            notes: notes.into(),
        };
        store.add_requirement(&input, Origin::Demo).await?;
    }
    for &(_, kind, owner, due, blocker, done, items) in WORKSTREAMS.iter().filter(|w| w.0 == name) {
        let input = WorkstreamInput {
            opportunity_id: id,
            kind,
            owner_user_id: Some(match owner {
                Owner::Me => team.me,
                Owner::Colleague(c) => c,
            }),
            due_date: clock.date(due),
            blocker: blocker.into(),
            done,
        };
        let ws = store
            .create_workstream(&input, clock.today(), Origin::Demo)
            .await?;
        for &(text, done, due) in items {
            let item = WorkstreamItemInput {
                workstream_id: ws.workstream.id,
                text: text.into(),
                done,
                due_date: clock.date(due),
            };
            store.add_workstream_item(&item, Origin::Demo).await?;
        }
    }
    Ok(())
}
