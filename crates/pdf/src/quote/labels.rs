//! The words printed on a quote, in each language the PDF supports.
//!
//! A PDF is a document handed to the client, not UI: its few fixed words live here rather than
//! in the app's message catalogue, so the crate renders the same file wherever it is called from.

use crate::PdfLanguage;

/// Every fixed word on the page.
pub(crate) struct Labels {
    pub title: &'static str,
    pub quote_number: &'static str,
    pub issue_date: &'static str,
    pub valid_until: &'static str,
    pub draft: &'static str,
    pub bill_to: &'static str,
    pub contact: &'static str,
    pub phone: &'static str,
    pub email: &'static str,
    pub tax_id: &'static str,
    pub sku: &'static str,
    pub description: &'static str,
    pub quantity: &'static str,
    pub unit_price: &'static str,
    pub discount: &'static str,
    /// The amount column's heading when no price includes VAT, when all do, and when some do.
    pub amount_excl_vat: &'static str,
    pub amount_incl_vat: &'static str,
    pub amount: &'static str,
    /// Under the amount of a line whose price includes VAT, on a quote with both kinds of price.
    pub incl_vat: &'static str,
    pub no_lines: &'static str,
    /// The heading of the options the client has not taken, listed after the totals.
    pub optional_items: &'static str,
    /// Under an optional line the client took: its price is in the total.
    pub selected_included: &'static str,
    /// In the amount column of a fixed-price bundle's component: its price is the bundle's.
    pub included: &'static str,
    /// Under a sum bundle's description, before what its components add up to.
    pub sum_of_components: &'static str,
    pub lines_total: &'static str,
    pub quote_discount: &'static str,
    pub subtotal: &'static str,
    pub tax: &'static str,
    pub total: &'static str,
    /// Before the total in Chinese capitals (人民币大写), on CNY quotes.
    pub in_capitals: &'static str,
    /// "VAT 13 % on CNY 10,476.00": the words around the rate and the taxed amount.
    vat_prefix: &'static str,
    vat_on: &'static str,
    vat_suffix: &'static str,
    /// After a VAT row that taxes only the prices without VAT, on a quote with both kinds of price.
    pub on_prices_excl_vat: &'static str,
    /// Under a total that includes VAT: the net and the VAT it holds.
    pub of_which_net: &'static str,
    /// "of which VAT" (then the rate, if there is one); bilingual labels add the Chinese.
    of_which_vat: &'static str,
    /// Between a number and "%": `" %"` or `"%"`.
    percent_sign: &'static str,
    paren_open: &'static str,
    paren_close: &'static str,
    pub notes: &'static str,
    pub terms: &'static str,
    pub payment_terms: &'static str,
    pub delivery_terms: &'static str,
    pub validity: &'static str,
    /// Before the sales contact's name, under the quote's dates.
    pub sales_contact: &'static str,
    /// The terms row of the account the client pays into, and the words of its lines.
    pub payment_to: &'static str,
    pub bank: &'static str,
    pub bank_branch: &'static str,
    pub account_name: &'static str,
    pub account_number: &'static str,
    pub swift: &'static str,
    /// The signature boxes: the seller's, the client's, and the lines in each.
    pub for_company: &'static str,
    pub for_client: &'static str,
    pub sign_name: &'static str,
    pub signature: &'static str,
    pub sign_date: &'static str,
    /// Between a label and its value: `": "` or a full-width colon.
    pub colon: &'static str,
    revision_prefix: &'static str,
    revision_middle: &'static str,
    revision_suffix: &'static str,
    page_prefix: &'static str,
    page_middle: &'static str,
    page_suffix: &'static str,
    /// Bilingual labels: the Chinese page number and revision line follow the English ones.
    also: Option<&'static Labels>,
}

impl Labels {
    pub(crate) fn get(lang: PdfLanguage) -> &'static Labels {
        match lang {
            PdfLanguage::En => &EN,
            PdfLanguage::Zh => &ZH,
            PdfLanguage::Bilingual => &BI,
        }
    }

    /// One row of the tax breakdown: "VAT 13 % on CNY 10,476.00" / "增值税 13%（计税金额 CNY 10,476.00）".
    pub(crate) fn tax_at_rate(&self, rate: &str, net: &str) -> String {
        format!(
            "{}{rate}{}{net}{}",
            self.vat_prefix, self.vat_on, self.vat_suffix
        )
    }

    /// "8 %" / "8%".
    pub(crate) fn percent(&self, value: &str) -> String {
        format!("{value}{}", self.percent_sign)
    }

    /// "Quote discount (5 %)" / "整单折扣（5%）".
    pub(crate) fn with_percent(&self, label: &str, value: &str) -> String {
        format!(
            "{label}{}{}{}",
            self.paren_open,
            self.percent(value),
            self.paren_close
        )
    }

    /// "of which VAT 13 %" / "其中：增值税 13%"; without a rate, "of which VAT".
    pub(crate) fn of_which_vat(&self, rate: &str) -> String {
        let own = if rate.is_empty() {
            self.of_which_vat.to_string()
        } else {
            format!("{} {}", self.of_which_vat, self.percent(rate))
        };
        match self.also {
            Some(other) => format!("{own} {}", other.of_which_vat(rate)),
            None => own,
        }
    }

    /// "Revision 1 of Q-2026-0007" / "修订版 1（原报价 Q-2026-0007）".
    pub(crate) fn revision_of(&self, revision: u32, original: &str) -> String {
        let own = format!(
            "{}{revision}{}{original}{}",
            self.revision_prefix, self.revision_middle, self.revision_suffix
        );
        match self.also {
            Some(other) => format!("{own} {}", other.revision_of(revision, original)),
            None => own,
        }
    }

    /// "Page 2 of 5" / "第 2 页 / 共 5 页".
    pub(crate) fn page_of(&self, page: usize, pages: usize) -> String {
        let own = format!(
            "{}{page}{}{pages}{}",
            self.page_prefix, self.page_middle, self.page_suffix
        );
        match self.also {
            Some(other) => format!("{own} {}", other.page_of(page, pages)),
            None => own,
        }
    }
}

static EN: Labels = Labels {
    title: "QUOTATION",
    quote_number: "Quote No.",
    issue_date: "Issue date",
    valid_until: "Valid until",
    draft: "DRAFT",
    bill_to: "Bill to",
    contact: "Attn.",
    phone: "Tel.",
    email: "Email",
    tax_id: "Tax ID",
    sku: "SKU",
    description: "Description",
    quantity: "Qty",
    unit_price: "Unit price",
    discount: "Discount",
    amount_excl_vat: "Amount (excl. VAT)",
    amount_incl_vat: "Amount (incl. VAT)",
    amount: "Amount",
    incl_vat: "incl. VAT",
    no_lines: "No lines.",
    optional_items: "Optional items (not included in the total)",
    selected_included: "Option taken (included in the total)",
    included: "Included",
    sum_of_components: "Components total",
    lines_total: "Lines total",
    quote_discount: "Quote discount",
    subtotal: "Subtotal",
    tax: "Tax",
    total: "Total",
    in_capitals: "人民币大写",
    vat_prefix: "VAT ",
    vat_on: " % on ",
    vat_suffix: "",
    on_prices_excl_vat: " (prices excl. VAT)",
    of_which_net: "of which net (excl. VAT)",
    of_which_vat: "of which VAT",
    percent_sign: " %",
    paren_open: " (",
    paren_close: ")",
    notes: "Notes",
    terms: "Terms and conditions",
    payment_terms: "Payment terms",
    delivery_terms: "Delivery terms",
    validity: "Validity",
    sales_contact: "Sales contact",
    payment_to: "Payment to",
    bank: "Bank",
    bank_branch: "Branch",
    account_name: "Account name",
    account_number: "Account no.",
    swift: "SWIFT/BIC",
    for_company: "For the company",
    for_client: "For the client",
    sign_name: "Name",
    signature: "Signature",
    sign_date: "Date",
    colon: ": ",
    revision_prefix: "Revision ",
    revision_middle: " of ",
    revision_suffix: "",
    page_prefix: "Page ",
    page_middle: " of ",
    page_suffix: "",
    also: None,
};

static ZH: Labels = Labels {
    title: "报价单",
    quote_number: "报价单号",
    issue_date: "报价日期",
    valid_until: "有效期至",
    draft: "草稿",
    bill_to: "客户",
    contact: "联系人",
    phone: "电话",
    email: "邮箱",
    tax_id: "税号",
    sku: "编号",
    description: "描述",
    quantity: "数量",
    unit_price: "单价",
    discount: "折扣",
    amount_excl_vat: "金额（不含税）",
    amount_incl_vat: "金额（含税）",
    amount: "金额",
    incl_vat: "含税",
    no_lines: "无明细。",
    optional_items: "可选项目（不计入合计）",
    selected_included: "已选（计入合计）",
    included: "已含",
    sum_of_components: "组件合计",
    lines_total: "明细合计",
    quote_discount: "整单折扣",
    subtotal: "小计",
    tax: "税额",
    total: "合计",
    in_capitals: "人民币大写",
    vat_prefix: "增值税 ",
    vat_on: "%（计税金额 ",
    vat_suffix: "）",
    on_prices_excl_vat: "（不含税价部分）",
    of_which_net: "其中：不含税金额",
    of_which_vat: "其中：增值税",
    percent_sign: "%",
    paren_open: "（",
    paren_close: "）",
    notes: "备注",
    terms: "条款",
    payment_terms: "付款条件",
    delivery_terms: "交货条件",
    validity: "有效期",
    sales_contact: "销售代表",
    payment_to: "收款账户",
    bank: "开户银行",
    bank_branch: "开户支行",
    account_name: "户名",
    account_number: "账号",
    swift: "SWIFT/BIC",
    for_company: "供方",
    for_client: "需方",
    sign_name: "姓名",
    signature: "签字",
    sign_date: "日期",
    colon: "：",
    revision_prefix: "修订版 ",
    revision_middle: "（原报价 ",
    revision_suffix: "）",
    page_prefix: "第 ",
    page_middle: " 页 / 共 ",
    page_suffix: " 页",
    also: None,
};
/// 中英对照: each label in English, then in Chinese.
static BI: Labels = Labels {
    title: "QUOTATION 报价单",
    quote_number: "Quote No. 报价单号",
    issue_date: "Issue date 报价日期",
    valid_until: "Valid until 有效期至",
    draft: "DRAFT 草稿",
    bill_to: "Bill to 客户",
    contact: "Attn. 联系人",
    phone: "Tel. 电话",
    email: "Email 邮箱",
    tax_id: "Tax ID 税号",
    sku: "SKU 编号",
    description: "Description 描述",
    quantity: "Qty 数量",
    unit_price: "Unit price 单价",
    discount: "Discount 折扣",
    amount_excl_vat: "Amount (excl. VAT) 金额（不含税）",
    amount_incl_vat: "Amount (incl. VAT) 金额（含税）",
    amount: "Amount 金额",
    incl_vat: "incl. VAT 含税",
    no_lines: "No lines. 无明细。",
    optional_items: "Optional items (not included in the total) 可选项目（不计入合计）",
    selected_included: "Option taken (included in the total) 已选（计入合计）",
    included: "Included 已含",
    sum_of_components: "Components total 组件合计",
    lines_total: "Lines total 明细合计",
    quote_discount: "Quote discount 整单折扣",
    subtotal: "Subtotal 小计",
    tax: "Tax 税额",
    total: "Total 合计",
    in_capitals: "人民币大写",
    vat_prefix: "VAT 增值税 ",
    vat_on: " % on ",
    vat_suffix: "",
    on_prices_excl_vat: " (prices excl. VAT 不含税价部分)",
    of_which_net: "of which net (excl. VAT) 其中：不含税金额",
    of_which_vat: "of which VAT",
    percent_sign: " %",
    paren_open: " (",
    paren_close: ")",
    notes: "Notes 备注",
    terms: "Terms and conditions 条款",
    payment_terms: "Payment terms 付款条件",
    delivery_terms: "Delivery terms 交货条件",
    validity: "Validity 有效期",
    sales_contact: "Sales contact 销售代表",
    payment_to: "Payment to 收款账户",
    bank: "Bank 开户银行",
    bank_branch: "Branch 开户支行",
    account_name: "Account name 户名",
    account_number: "Account no. 账号",
    swift: "SWIFT/BIC",
    for_company: "For the company 供方",
    for_client: "For the client 需方",
    sign_name: "Name 姓名",
    signature: "Signature 签字",
    sign_date: "Date 日期",
    colon: ": ",
    revision_prefix: "Revision ",
    revision_middle: " of ",
    revision_suffix: "",
    page_prefix: "Page ",
    page_middle: " of ",
    page_suffix: "",
    also: Some(&ZH),
};

#[cfg(test)]
#[path = "labels_tests.rs"]
mod tests;
