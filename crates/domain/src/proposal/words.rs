//! The words the generated parts print, in the proposal's language.

use crate::document::PdfLanguage;
use crate::needs::{RequirementFit, RequirementPriority};

/// Labels of the generated parts in one language (bilingual: English then Chinese).
pub(crate) struct Words {
    pub background: &'static str,
    pub pains: &'static str,
    pub goals: &'static str,
    pub timeline: &'static str,
    pub decision_criteria: &'static str,
    pub number: &'static str,
    pub requirement: &'static str,
    pub priority: &'static str,
    pub answer: &'static str,
    pub quantity: &'static str,
    pub sku: &'static str,
    pub colon: &'static str,
    must: &'static str,
    should: &'static str,
    nice: &'static str,
    meets: &'static str,
    partial: &'static str,
    gap: &'static str,
    unknown: &'static str,
    subject: (&'static str, &'static str),
}

static EN: Words = Words {
    background: "Background",
    pains: "Current challenges",
    goals: "Goals",
    timeline: "Timeline",
    decision_criteria: "Decision criteria",
    number: "#",
    requirement: "Requirement",
    priority: "Priority",
    answer: "How we meet it",
    quantity: "Quantity",
    sku: "SKU",
    colon: ": ",
    must: "Must have",
    should: "Should have",
    nice: "Nice to have",
    meets: "Met",
    partial: "Partly met",
    gap: "Not met",
    unknown: "To be confirmed",
    subject: ("Proposal for ", ""),
};

static ZH: Words = Words {
    background: "背景",
    pains: "当前挑战",
    goals: "目标",
    timeline: "时间计划",
    decision_criteria: "决策标准",
    number: "序号",
    requirement: "需求",
    priority: "优先级",
    answer: "满足情况",
    quantity: "数量",
    sku: "型号",
    colon: "：",
    must: "必须",
    should: "应当",
    nice: "最好有",
    meets: "满足",
    partial: "部分满足",
    gap: "不满足",
    unknown: "待确认",
    subject: ("致", "的方案建议书"),
};

static BI: Words = Words {
    background: "Background 背景",
    pains: "Current challenges 当前挑战",
    goals: "Goals 目标",
    timeline: "Timeline 时间计划",
    decision_criteria: "Decision criteria 决策标准",
    number: "# 序号",
    requirement: "Requirement 需求",
    priority: "Priority 优先级",
    answer: "How we meet it 满足情况",
    quantity: "Quantity 数量",
    sku: "SKU 型号",
    colon: ": ",
    must: "Must have 必须",
    should: "Should have 应当",
    nice: "Nice to have 最好有",
    meets: "Met 满足",
    partial: "Partly met 部分满足",
    gap: "Not met 不满足",
    unknown: "To be confirmed 待确认",
    subject: ("Proposal for ", ""),
};

impl Words {
    pub(crate) fn get(lang: PdfLanguage) -> &'static Words {
        match lang {
            PdfLanguage::En => &EN,
            PdfLanguage::Zh => &ZH,
            PdfLanguage::Bilingual => &BI,
        }
    }

    pub(crate) fn priority(&self, p: RequirementPriority) -> &'static str {
        match p {
            RequirementPriority::Must => self.must,
            RequirementPriority::Should => self.should,
            RequirementPriority::Nice => self.nice,
        }
    }

    pub(crate) fn fit(&self, f: RequirementFit) -> &'static str {
        match f {
            RequirementFit::Meets => self.meets,
            RequirementFit::Partial => self.partial,
            RequirementFit::Gap => self.gap,
            RequirementFit::Unknown => self.unknown,
        }
    }

    /// The PDF's subject line.
    pub(crate) fn subject(&self, client: &str) -> String {
        format!("{}{}{}", self.subject.0, client.trim(), self.subject.1)
    }
}
