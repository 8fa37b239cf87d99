//! The demo activities of the last ninety days: visits checked in and out, calls, meetings, demos, e-mails
//! and notes, with their outcomes and next steps — some done, some due today, some overdue, some ahead — so
//! that the agenda has something to show.

use uuid::Uuid;

use fieldquote_domain::activity::{ActivityFilter, ActivityInput, ActivityKind};
use fieldquote_domain::list::ListQuery;

use super::contacts::contact_id;
use super::opportunities::{STALLED, WON, opportunity_id};
use super::team::{CHEN_JING, EMMA, LIU_YANG, Team, WANG_LEI};
use super::{Clock, DemoReport, account_id};
use crate::{Origin, Store, StoreError};

use ActivityKind::{Call, Demo, Email, Meeting, Note, Visit};

struct DemoActivity {
    account: &'static str,
    /// The opportunity's name, or empty.
    opportunity: &'static str,
    kind: ActivityKind,
    subject: &'static str,
    /// The day (from today), start hour and minute, and length in minutes.
    when: (i64, u32, u32, i64),
    contacts: &'static [&'static str],
    colleagues: &'static [Uuid],
    outcome: &'static str,
    /// The next step, its due day (from today) and whether it is done.
    next: Option<(&'static str, i64, bool)>,
}

const HVAC: &str = "洁净车间 HVAC 变频改造 Clean-room HVAC drives";
const PRESS: &str = "冲压线安全改造 Press-line safety upgrade";
const PUMP: &str = "Pump test stand SCADA 泵测试台监控";
const KITS: &str = "实训产线 PLC 教学平台 Training-line PLC kits";

const ACTIVITIES: &[DemoActivity] = &[
    DemoActivity {
        account: "宁波港通物流装备有限公司",
        opportunity: WON,
        kind: Visit,
        subject: "北仑仓库现场勘查",
        when: (-84, 9, 30, 150),
        contacts: &["赵敏"],
        colleagues: &[WANG_LEI],
        outcome: "三条输送线布局确认, 拿到 IO 点表初稿。",
        next: Some(("发送方案框架", -78, true)),
    },
    DemoActivity {
        account: "宁波港通物流装备有限公司",
        opportunity: WON,
        kind: Demo,
        subject: "样机演示 Prototype demo",
        when: (-44, 14, 0, 120),
        contacts: &["赵敏", "俞建华"],
        colleagues: &[WANG_LEI],
        outcome: "样机测试通过, 副总认可。",
        next: Some(("报价交期确认", -38, true)),
    },
    DemoActivity {
        account: "宁波港通物流装备有限公司",
        opportunity: WON,
        kind: Meeting,
        subject: "合同谈判",
        when: (-22, 10, 0, 90),
        contacts: &["俞建华", "林小红"],
        colleagues: &[CHEN_JING],
        outcome: "交期提前两周, 价格不变, 签约。",
        next: Some(("安排第一批发货", -10, true)),
    },
    DemoActivity {
        account: "宁波港通物流装备有限公司",
        opportunity: WON,
        kind: Call,
        subject: "第二批到货时间",
        when: (-2, 15, 30, 15),
        contacts: &["赵敏"],
        colleagues: &[],
        outcome: "第一批已到现场, 第二批下周发。",
        next: Some(("确认现场调试人员安排", 0, false)),
    },
    DemoActivity {
        account: "无锡新能电池科技有限公司",
        opportunity: STALLED,
        kind: Visit,
        subject: "化成车间需求调研",
        when: (-71, 9, 0, 180),
        contacts: &["孙磊"],
        colleagues: &[WANG_LEI],
        outcome: "48 台化成柜测点梳理完成。",
        next: Some(("提交测点清单", -64, true)),
    },
    DemoActivity {
        account: "无锡新能电池科技有限公司",
        opportunity: STALLED,
        kind: Meeting,
        subject: "技术方案评审",
        when: (-33, 13, 30, 120),
        contacts: &["孙磊", "蒋琳"],
        colleagues: &[WANG_LEI],
        outcome: "技术评分第一, 采购要求第二版报价。",
        next: Some(("第二版报价", -28, true)),
    },
    DemoActivity {
        account: "无锡新能电池科技有限公司",
        opportunity: STALLED,
        kind: Call,
        subject: "审批进度",
        when: (-9, 11, 0, 20),
        contacts: &["孙磊"],
        colleagues: &[],
        outcome: "总经理未签, 财务总监要求分两期付款。",
        next: Some(("约财务总监沟通分期方案", -4, false)),
    },
    DemoActivity {
        account: "无锡新能电池科技有限公司",
        opportunity: STALLED,
        kind: Email,
        subject: "分期付款方案 Payment in two phases",
        when: (-3, 17, 0, 0),
        contacts: &["邓伟"],
        colleagues: &[],
        outcome: "已发送两期付款方案, 待回复。",
        next: Some(("电话跟进财务回复", 0, false)),
    },
    DemoActivity {
        account: "南京金陵制药厂",
        opportunity: HVAC,
        kind: Visit,
        subject: "空调机组现场测绘",
        when: (-37, 9, 30, 240),
        contacts: &["吴强", "葛丽"],
        colleagues: &[WANG_LEI],
        outcome: "14 台机组参数记录, 停机窗口每周日。",
        next: Some(("提交改造方案", -25, true)),
    },
    DemoActivity {
        account: "南京金陵制药厂",
        opportunity: HVAC,
        kind: Call,
        subject: "验证文件要求",
        when: (-11, 10, 0, 25),
        contacts: &["葛丽"],
        colleagues: &[],
        outcome: "QA 需要 IQ/OQ 模板先行审核。",
        next: Some(("发送 IQ/OQ 模板", -2, false)),
    },
    DemoActivity {
        account: "南京金陵制药厂",
        opportunity: HVAC,
        kind: Meeting,
        subject: "报价说明会",
        when: (-5, 14, 0, 60),
        contacts: &["吴强", "马国栋"],
        colleagues: &[],
        outcome: "厂长关注停机时间。",
        next: Some(("提交分机组停机计划", 5, false)),
    },
    DemoActivity {
        account: "合肥智造汽车零部件有限公司",
        opportunity: PRESS,
        kind: Visit,
        subject: "压力机安全评估",
        when: (-29, 9, 0, 150),
        contacts: &["周婷"],
        colleagues: &[WANG_LEI],
        outcome: "四台压力机均缺光幕保护。",
        next: Some(("出安全改造方案", -20, true)),
    },
    DemoActivity {
        account: "合肥智造汽车零部件有限公司",
        opportunity: PRESS,
        kind: Call,
        subject: "报价跟进",
        when: (-1, 16, 0, 10),
        contacts: &["方勇"],
        colleagues: &[],
        outcome: "生产副总下周答复。",
        next: Some(("跟进报价答复", 0, false)),
    },
    DemoActivity {
        account: "Rheinmetall Pumpen GmbH",
        opportunity: PUMP,
        kind: Meeting,
        subject: "Test stand kick-off (Teams)",
        when: (-60, 15, 0, 60),
        contacts: &["Jürgen Weber"],
        colleagues: &[EMMA],
        outcome: "Scope: two stands, 120 analog channels.",
        next: Some(("Send the I/O list for review", -55, true)),
    },
    DemoActivity {
        account: "Rheinmetall Pumpen GmbH",
        opportunity: PUMP,
        kind: Visit,
        subject: "Taicang plant visit",
        when: (-34, 9, 30, 180),
        contacts: &["Jürgen Weber", "Katrin Vogel"],
        colleagues: &[EMMA, WANG_LEI],
        outcome: "Survey done; purchasing wants the quote in CNY.",
        next: Some(("Quote in CNY", -33, true)),
    },
    DemoActivity {
        account: "Rheinmetall Pumpen GmbH",
        opportunity: PUMP,
        kind: Email,
        subject: "Budget release",
        when: (-12, 9, 0, 0),
        contacts: &["Katrin Vogel"],
        colleagues: &[EMMA],
        outcome: "Budget release expected at month end.",
        next: Some(("Call Katrin Vogel about the PO", -1, false)),
    },
    DemoActivity {
        account: "天津渤海重工集团",
        opportunity: "焊接车间伺服改造 Welding-shop servo retrofit",
        kind: Visit,
        subject: "焊接车间调研",
        when: (-67, 9, 0, 180),
        contacts: &["马振华", "高建军"],
        colleagues: &[WANG_LEI],
        outcome: "车间主任担心停产, 倾向原品牌。",
        next: Some(("发送改造方案", -60, true)),
    },
    DemoActivity {
        account: "天津渤海重工集团",
        opportunity: "焊接车间伺服改造 Welding-shop servo retrofit",
        kind: Call,
        subject: "集采结果",
        when: (-25, 10, 30, 15),
        contacts: &["郭敏"],
        colleagues: &[],
        outcome: "德控自动化低价中标。",
        next: None,
    },
    DemoActivity {
        account: "武汉光谷智能制造研究院",
        opportunity: KITS,
        kind: Visit,
        subject: "实训中心需求调研",
        when: (-17, 14, 0, 120),
        contacts: &["黄思远", "邱晨"],
        colleagues: &[WANG_LEI],
        outcome: "二十套实训台, 需配套教材。",
        next: Some(("发送实训台配置方案", 3, false)),
    },
    DemoActivity {
        account: "武汉光谷智能制造研究院",
        opportunity: KITS,
        kind: Demo,
        subject: "在线演示 HMI 教学案例",
        when: (-6, 10, 0, 60),
        contacts: &["邱晨"],
        colleagues: &[WANG_LEI],
        outcome: "老师认可, 想要仿真软件。",
        next: Some(("确认仿真软件授权方案", 0, false)),
    },
    DemoActivity {
        account: "Dubai Desalination Services LLC",
        opportunity: "RO plant high-pressure pump VFD retrofit",
        kind: Call,
        subject: "First call after WETEX",
        when: (-9, 12, 0, 30),
        contacts: &["Omar Al-Hashimi"],
        colleagues: &[EMMA],
        outcome: "Eight pumps; tender next quarter.",
        next: Some(("Send desalination references", 2, false)),
    },
    DemoActivity {
        account: "深圳云启电子有限公司",
        opportunity: "SMT 线数据采集 SMT line data collection",
        kind: Meeting,
        subject: "网关选型会议",
        when: (-8, 15, 0, 60),
        contacts: &["郑晓东"],
        colleagues: &[WANG_LEI],
        outcome: "确认 MQTT 网关方案。",
        next: Some(("提供网关测试样机", -3, false)),
    },
    DemoActivity {
        account: "上海华东机电设备有限公司",
        opportunity: "",
        kind: Visit,
        subject: "二号产线改造回访",
        when: (-15, 9, 30, 90),
        contacts: &[],
        colleagues: &[LIU_YANG],
        outcome: "产线运行正常, 三号线明年改造。",
        next: Some(("三号线改造预算沟通", 20, false)),
    },
    DemoActivity {
        account: "杭州绿源水务集团",
        opportunity: "",
        kind: Call,
        subject: "泵站 SCADA 使用情况",
        when: (-45, 10, 0, 20),
        contacts: &[],
        colleagues: &[],
        outcome: "客户满意, 提到网关掉线一次。",
        next: Some(("远程检查网关日志", -43, true)),
    },
    DemoActivity {
        account: "青岛海澜食品机械有限公司",
        opportunity: "",
        kind: Note,
        subject: "客户近况",
        when: (-88, 18, 0, 0),
        contacts: &[],
        colleagues: &[],
        outcome: "今年无新项目, 明年再联系。",
        next: None,
    },
    DemoActivity {
        account: "扬州清源新能源有限公司",
        opportunity: "储能站 PLC 控制柜 ESS control cabinets",
        kind: Call,
        subject: "首次电话沟通",
        when: (-14, 11, 0, 20),
        contacts: &[],
        colleagues: &[],
        outcome: "两座储能站, 需控制柜报价。",
        next: Some(("预约现场拜访", -5, false)),
    },
    DemoActivity {
        account: "苏州东吴医疗器械有限公司",
        opportunity: "洁净装配线温湿度监控 Clean assembly monitoring",
        kind: Email,
        subject: "官网询盘回复",
        when: (-5, 9, 0, 0),
        contacts: &["顾晓燕"],
        colleagues: &[],
        outcome: "约定首次拜访。",
        next: Some(("首次拜访", 1, false)),
    },
];

/// The missing activities (by subject on their account): visits checked in and out at their times, the others
/// logged with theirs.
pub(super) async fn load(
    store: &Store,
    clock: &Clock,
    team: &Team,
    report: &mut DemoReport,
) -> Result<(), StoreError> {
    for a in ACTIVITIES {
        let Some(account) = account_id(store, a.account).await? else {
            continue;
        };
        let existing = store
            .list_activities(&ListQuery::filtered(ActivityFilter {
                account_id: Some(account),
                ..ActivityFilter::default()
            }))
            .await?;
        if existing.rows.iter().any(|r| r.subject == a.subject) {
            continue;
        }
        let opportunity = if a.opportunity.is_empty() {
            None
        } else {
            opportunity_id(store, account, a.opportunity).await?
        };
        let mut contacts = Vec::new();
        for name in a.contacts {
            contacts.extend(contact_id(store, account, name).await?);
        }
        let (day, hour, minute, minutes) = a.when;
        let starts = clock.at(day, hour, minute);
        let ends = starts + chrono::Duration::minutes(minutes);
        let (next_step, due, done) = a.next.unwrap_or(("", 0, false));
        let mut input = ActivityInput {
            opportunity_id: opportunity,
            notes: String::new(),
            contact_ids: contacts,
            user_ids: std::iter::once(team.me)
                .chain(a.colleagues.iter().copied())
                .collect(),
            outcome: a.outcome.into(),
            next_step: next_step.into(),
            next_step_due: if next_step.is_empty() {
                String::new()
            } else {
                clock.date(due)
            },
            next_step_done: done,
            ..ActivityInput::new(account, a.kind, a.subject)
        };
        if a.kind == Visit {
            let visit = store.check_in(&input, starts, Origin::Demo).await?;
            store.check_out(visit.id, ends, Origin::Demo).await?;
        } else {
            input.starts_at = fieldquote_domain::device_time::format(starts);
            if minutes > 0 {
                input.ends_at = fieldquote_domain::device_time::format(ends);
            }
            store.log_activity(&input, Origin::Demo).await?;
        }
        report.activities_created += 1;
    }
    Ok(())
}
