//! The demo contacts, with their part in the buying decision and their stance, and the buying process of
//! three accounts: one delivering, one evaluating, one stalled at approval.

use uuid::Uuid;

use fieldquote_domain::buying_process::{BuyingStepInput, BuyingStepKind, BuyingStepStatus};
use fieldquote_domain::contact::{BuyingRole, ContactFilter, ContactInput, Stance};
use fieldquote_domain::list::ListQuery;

use super::{Clock, DemoReport, account_id};
use crate::{Origin, Store, StoreError};

use BuyingRole::{DecisionMaker, Finance, Influencer, Procurement, TechnicalEvaluator, User};
use Stance::{Neutral, Opponent, Supporter};

/// (account, name, title, phone, email, WeChat, buying role, stance)
type DemoContact = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    BuyingRole,
    Stance,
);

const WUXI: &str = "无锡新能电池科技有限公司";
const NINGBO: &str = "宁波港通物流装备有限公司";
const NANJING: &str = "南京金陵制药厂";

const CONTACTS: &[DemoContact] = &[
    (
        WUXI,
        "孙磊",
        "设备部经理",
        "+86 139 0510 5005",
        "sunlei@xinneng-battery.com",
        "sunlei_xn",
        TechnicalEvaluator,
        Supporter,
    ),
    (
        WUXI,
        "钱海峰",
        "总经理",
        "+86 139 0510 5001",
        "qianhf@xinneng-battery.com",
        "",
        DecisionMaker,
        Neutral,
    ),
    (
        WUXI,
        "蒋琳",
        "采购主管",
        "+86 139 0510 5012",
        "jianglin@xinneng-battery.com",
        "jianglin88",
        Procurement,
        Neutral,
    ),
    (
        WUXI,
        "邓伟",
        "财务总监",
        "+86 139 0510 5020",
        "dengwei@xinneng-battery.com",
        "",
        Finance,
        Opponent,
    ),
    (
        NINGBO,
        "赵敏",
        "项目经理",
        "+86 137 5748 4004",
        "zhaomin@gangtong.cn",
        "zhaomin_gt",
        Influencer,
        Supporter,
    ),
    (
        NINGBO,
        "俞建华",
        "副总经理",
        "+86 137 5748 4001",
        "yujh@gangtong.cn",
        "",
        DecisionMaker,
        Supporter,
    ),
    (
        NINGBO,
        "林小红",
        "采购专员",
        "+86 137 5748 4010",
        "linxh@gangtong.cn",
        "linxh_nb",
        Procurement,
        Neutral,
    ),
    (
        NANJING,
        "吴强",
        "工程部主任",
        "+86 138 5166 7007",
        "wuqiang@jlpharma.cn",
        "wuq_jl",
        TechnicalEvaluator,
        Supporter,
    ),
    (
        NANJING,
        "葛丽",
        "QA 经理",
        "+86 138 5166 7010",
        "geli@jlpharma.cn",
        "",
        User,
        Neutral,
    ),
    (
        NANJING,
        "马国栋",
        "厂长",
        "+86 138 5166 7001",
        "magd@jlpharma.cn",
        "",
        DecisionMaker,
        Neutral,
    ),
    (
        NANJING,
        "何芳",
        "财务部经理",
        "+86 138 5166 7020",
        "hefang@jlpharma.cn",
        "",
        Finance,
        Neutral,
    ),
    (
        "武汉光谷智能制造研究院",
        "黄思远",
        "实训中心主任",
        "+86 135 2766 1019",
        "huangsy@ovic-im.cn",
        "hsy_ovic",
        DecisionMaker,
        Supporter,
    ),
    (
        "武汉光谷智能制造研究院",
        "邱晨",
        "实训教师",
        "+86 135 2766 1025",
        "qiuchen@ovic-im.cn",
        "qiuchen_t",
        User,
        Supporter,
    ),
    (
        "武汉光谷智能制造研究院",
        "杜峰",
        "资产管理处",
        "+86 135 2766 1030",
        "dufeng@ovic-im.cn",
        "",
        Procurement,
        Neutral,
    ),
    (
        "天津渤海重工集团",
        "马振华",
        "设备处处长",
        "+86 136 2253 1018",
        "mazh@bohai-heavy.cn",
        "",
        Influencer,
        Neutral,
    ),
    (
        "天津渤海重工集团",
        "高建军",
        "焊接车间主任",
        "+86 136 2253 1033",
        "gaojj@bohai-heavy.cn",
        "",
        User,
        Opponent,
    ),
    (
        "天津渤海重工集团",
        "郭敏",
        "集采中心经理",
        "+86 136 2253 1040",
        "guomin@bohai-heavy.cn",
        "",
        Procurement,
        Neutral,
    ),
    (
        "合肥智造汽车零部件有限公司",
        "周婷",
        "设备主管",
        "+86 133 5516 6006",
        "zhouting@hfzz-auto.cn",
        "zt_hfzz",
        TechnicalEvaluator,
        Supporter,
    ),
    (
        "合肥智造汽车零部件有限公司",
        "方勇",
        "生产副总",
        "+86 133 5516 6001",
        "fangyong@hfzz-auto.cn",
        "",
        DecisionMaker,
        Neutral,
    ),
    (
        "深圳云启电子有限公司",
        "郑晓东",
        "IT 经理",
        "+86 134 7552 8008",
        "zhengxd@yunqi-e.com",
        "zxd_yq",
        DecisionMaker,
        Supporter,
    ),
    (
        "苏州东吴医疗器械有限公司",
        "顾晓燕",
        "设备工程师",
        "+86 131 5126 2021",
        "guxy@dongwu-med.cn",
        "guxy_dw",
        TechnicalEvaluator,
        Supporter,
    ),
    (
        "Rheinmetall Pumpen GmbH",
        "Jürgen Weber",
        "Head of Test Engineering",
        "+49 211 4477 012",
        "j.weber@rm-pumpen.de",
        "",
        TechnicalEvaluator,
        Supporter,
    ),
    (
        "Rheinmetall Pumpen GmbH",
        "Katrin Vogel",
        "Strategic Purchasing",
        "+49 211 4477 030",
        "k.vogel@rm-pumpen.de",
        "",
        Procurement,
        Neutral,
    ),
    (
        "Rheinmetall Pumpen GmbH",
        "Dr. Stefan Krüger",
        "Plant Director",
        "+49 211 4477 001",
        "s.krueger@rm-pumpen.de",
        "",
        DecisionMaker,
        Neutral,
    ),
    (
        "Dubai Desalination Services LLC",
        "Omar Al-Hashimi",
        "Operations Manager",
        "+971 50 339 0120",
        "omar@dds-water.ae",
        "",
        Influencer,
        Supporter,
    ),
    (
        "Dubai Desalination Services LLC",
        "Fatima Noor",
        "Procurement Lead",
        "+971 50 339 0131",
        "fatima.noor@dds-water.ae",
        "",
        Procurement,
        Neutral,
    ),
    (
        "Osaka Precision Machinery K.K.",
        "Takeshi Yamamoto",
        "Engineering Manager",
        "+81 6 6341 0116",
        "t.yamamoto@osaka-pm.co.jp",
        "",
        TechnicalEvaluator,
        Neutral,
    ),
    (
        "Osaka Precision Machinery K.K.",
        "Hiroshi Sato",
        "Purchasing Manager",
        "+81 6 6341 0140",
        "h.sato@osaka-pm.co.jp",
        "",
        Procurement,
        Opponent,
    ),
];

/// A step of an account's buying process: (step, approver's name, expected day, done day (from today), status,
/// notes).
type DemoStep = (
    BuyingStepKind,
    &'static str,
    Option<i64>,
    Option<i64>,
    BuyingStepStatus,
    &'static str,
);

use BuyingStepKind::{Approval, Delivery, Evaluation, Information, Need, Purchase};
use BuyingStepStatus::{Done, InProgress, Pending, Stalled};

const PROCESSES: &[(&str, &[DemoStep])] = &[
    (
        WUXI,
        &[
            (
                Need,
                "孙磊",
                Some(-75),
                Some(-72),
                Done,
                "化成车间能耗偏高, 设备部立项。",
            ),
            (
                Information,
                "孙磊",
                Some(-60),
                Some(-56),
                Done,
                "三家供应商交流。",
            ),
            (
                Evaluation,
                "孙磊",
                Some(-35),
                Some(-30),
                Done,
                "技术评分第一。",
            ),
            (
                Approval,
                "钱海峰",
                Some(-7),
                None,
                Stalled,
                "超出年度预算, 待总经理与财务总监会签; 财务要求分两期付款。",
            ),
            (Purchase, "蒋琳", Some(14), None, Pending, ""),
            (Delivery, "孙磊", Some(45), None, Pending, ""),
        ],
    ),
    (
        NINGBO,
        &[
            (Need, "赵敏", Some(-85), Some(-84), Done, ""),
            (Information, "赵敏", Some(-70), Some(-68), Done, ""),
            (
                Evaluation,
                "赵敏",
                Some(-45),
                Some(-40),
                Done,
                "样机测试通过。",
            ),
            (Approval, "俞建华", Some(-25), Some(-22), Done, "副总签批。"),
            (
                Purchase,
                "林小红",
                Some(-18),
                Some(-18),
                Done,
                "合同已签, 预付款到账。",
            ),
            (
                Delivery,
                "赵敏",
                Some(20),
                None,
                InProgress,
                "分两批发货, 第一批已到现场。",
            ),
        ],
    ),
    (
        NANJING,
        &[
            (Need, "吴强", Some(-50), Some(-48), Done, ""),
            (Information, "吴强", Some(-35), Some(-33), Done, ""),
            (
                Evaluation,
                "吴强",
                Some(10),
                None,
                InProgress,
                "GMP 验证文件评审中。",
            ),
            (Approval, "马国栋", Some(25), None, Pending, ""),
            (Purchase, "何芳", Some(35), None, Pending, ""),
            (Delivery, "吴强", Some(70), None, Pending, ""),
        ],
    ),
];

/// The contact of `account` named `name`.
pub(super) async fn contact_id(
    store: &Store,
    account: Uuid,
    name: &str,
) -> Result<Option<Uuid>, StoreError> {
    let contacts = store
        .list_contacts(&ListQuery::filtered(ContactFilter {
            account_id: Some(account),
            ..ContactFilter::default()
        }))
        .await?;
    Ok(contacts.rows.iter().find(|c| c.name == name).map(|c| c.id))
}

/// The missing contacts (by name on their account), then the buying processes of accounts that have none.
pub(super) async fn load(
    store: &Store,
    clock: &Clock,
    report: &mut DemoReport,
) -> Result<(), StoreError> {
    for &(account, name, title, phone, email, wechat, role, stance) in CONTACTS {
        let Some(account) = account_id(store, account).await? else {
            continue;
        };
        if contact_id(store, account, name).await?.is_some() {
            continue;
        }
        let input = ContactInput {
            title: title.into(),
            phone: phone.into(),
            email: email.into(),
            wechat: wechat.into(),
            buying_role: Some(role),
            stance: Some(stance),
            ..ContactInput::named(account, name)
        };
        store.create_contact(&input, Origin::Demo).await?;
        report.contacts_created += 1;
    }
    for &(account, steps) in PROCESSES {
        let Some(account) = account_id(store, account).await? else {
            continue;
        };
        if !store
            .buying_process(account, None, clock.today())
            .await?
            .steps
            .is_empty()
        {
            continue;
        }
        for &(step, approver, expected, done, status, notes) in steps {
            let input = BuyingStepInput {
                account_id: account,
                opportunity_id: None,
                step,
                approver_contact_id: contact_id(store, account, approver).await?,
                expected_date: expected.map(|d| clock.date(d)).unwrap_or_default(),
                done_date: done.map(|d| clock.date(d)).unwrap_or_default(),
                status,
                notes: notes.into(),
            };
            store
                .add_buying_step(&input, clock.today(), Origin::Demo)
                .await?;
            report.buying_steps_created += 1;
        }
    }
    Ok(())
}
