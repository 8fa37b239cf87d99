//! The demo feedback: several categories and severities, in every state of the loop (identified, assigned,
//! resolved, confirmed, and one reopened because the client did not accept the fix), with a complaint about
//! a product still open.

use uuid::Uuid;

use fieldquote_domain::feedback::{
    FeedbackAction, FeedbackCategory, FeedbackFilter, FeedbackInput, Severity,
};
use fieldquote_domain::list::ListQuery;

use super::team::{EMMA, LIU_YANG, WANG_LEI};
use super::{Clock, DemoReport, account_id};
use crate::{Origin, Store, StoreError};

use FeedbackCategory::{Delivery, Documentation, Price, ProductQuality, Service};
use Severity::{Critical, High, Low, Medium};

/// A step of the loop: assign, resolve (saying how), the client confirms, or reopens.
enum Step {
    Assign(Uuid),
    Resolve(&'static str),
    Confirm,
    Reopen,
}

struct DemoFeedback {
    account: &'static str,
    product: &'static str,
    category: FeedbackCategory,
    severity: Severity,
    satisfaction: Option<u8>,
    description: &'static str,
    /// The day it was reported (from today).
    reported: i64,
    steps: &'static [(i64, Step)],
}

use Step::{Assign, Confirm, Reopen, Resolve};

const FEEDBACK: &[DemoFeedback] = &[
    DemoFeedback {
        account: "杭州绿源水务集团",
        product: "NET-GW-MQTT",
        category: ProductQuality,
        severity: High,
        satisfaction: Some(2),
        description: "投诉: 泵站物联网网关每周掉线一次, 夜间监控中断。",
        reported: -6,
        steps: &[(-5, Assign(LIU_YANG))],
    },
    DemoFeedback {
        account: "合肥智造汽车零部件有限公司",
        product: "",
        category: Documentation,
        severity: Low,
        satisfaction: Some(4),
        description: "希望报价单同时列出含税单价。",
        reported: -4,
        steps: &[],
    },
    DemoFeedback {
        account: "宁波港通物流装备有限公司",
        product: "VFD-7K5",
        category: Delivery,
        severity: Medium,
        satisfaction: Some(3),
        description: "第一批到货有两箱外包装破损。",
        reported: -9,
        steps: &[
            (-9, Assign(LIU_YANG)),
            (-5, Resolve("补发两台变频器, 后续改用木箱包装。")),
        ],
    },
    DemoFeedback {
        account: "苏州精工自动化有限公司",
        product: "SRV-DRV-1K",
        category: Delivery,
        severity: Critical,
        satisfaction: Some(2),
        description: "伺服驱动器晚到一周, 装配线停线两天。",
        reported: -62,
        steps: &[
            (-62, Assign(LIU_YANG)),
            (-58, Resolve("从上海仓库调货加急送达, 免收调试费。")),
            (-50, Confirm),
        ],
    },
    DemoFeedback {
        account: "上海华东机电设备有限公司",
        product: "",
        category: Service,
        severity: Low,
        satisfaction: Some(5),
        description: "调试工程师响应快, 二号线提前投产。",
        reported: -15,
        steps: &[
            (-15, Assign(LIU_YANG)),
            (-14, Resolve("感谢反馈, 已分享给服务团队。")),
            (-12, Confirm),
        ],
    },
    DemoFeedback {
        account: "Northwind Food Processing Inc.",
        product: "SPR-KIT-A",
        category: Price,
        severity: Medium,
        satisfaction: Some(3),
        description: "Spare parts are priced above the local distributor's; asks for a volume discount.",
        reported: -40,
        steps: &[
            (-39, Assign(EMMA)),
            (
                -33,
                Resolve("Sent a yearly spare-parts price with 8 % off."),
            ),
            (-27, Confirm),
        ],
    },
    DemoFeedback {
        account: "南京金陵制药厂",
        product: "",
        category: Documentation,
        severity: Medium,
        satisfaction: Some(3),
        description: "验证文件模板缺少变频器参数备份章节。",
        reported: -10,
        steps: &[
            (-10, Assign(WANG_LEI)),
            (-8, Resolve("补充参数备份章节。")),
            (-6, Reopen),
        ],
    },
];

/// The missing feedback (by description on its account), taken through its steps on their days.
pub(super) async fn load(
    store: &Store,
    clock: &Clock,
    report: &mut DemoReport,
) -> Result<(), StoreError> {
    let products = store.list_products("").await?;
    for f in FEEDBACK {
        let Some(account) = account_id(store, f.account).await? else {
            continue;
        };
        let existing = store
            .list_feedback(&ListQuery::filtered(FeedbackFilter {
                account_id: Some(account),
                ..FeedbackFilter::default()
            }))
            .await?;
        if existing.rows.iter().any(|r| r.description == f.description) {
            continue;
        }
        let input = FeedbackInput {
            account_id: account,
            product_id: products.iter().find(|p| p.sku == f.product).map(|p| p.id),
            quote_id: None,
            category: f.category,
            severity: f.severity,
            satisfaction: f.satisfaction,
            description: f.description.into(),
            owner_user_id: None,
        };
        let id = store
            .add_feedback(&input, clock.at(f.reported, 10, 0), Origin::Demo)
            .await?
            .id;
        for (day, step) in f.steps {
            let action = match step {
                Assign(owner) => FeedbackAction::Assign {
                    owner_user_id: *owner,
                },
                Resolve(how) => FeedbackAction::Resolve {
                    resolution: (*how).into(),
                },
                Confirm => FeedbackAction::Confirm,
                Reopen => FeedbackAction::Reopen,
            };
            store
                .feedback_action(id, &action, clock.at(*day, 15, 0), Origin::Demo)
                .await?;
        }
        report.feedback_created += 1;
    }
    Ok(())
}
