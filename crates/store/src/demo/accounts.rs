//! The demo accounts: twenty customers of the first demo and four more, each classified (industry, size,
//! region, source, lifecycle, value class, tags), the Chinese ones with their invoicing details (开票信息).

use fieldquote_domain::account::AccountInput;

use super::DemoReport;
use super::classes::CLASSES;
use crate::{Origin, Store, StoreError};

/// (name, contact, phone, email, address, tax id)
const CUSTOMERS: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "上海华东机电设备有限公司",
        "李伟",
        "+86 21 6288 1001",
        "li.wei@hdjd.com.cn",
        "上海市闵行区莘庄工业区春东路 500 号",
        "91310112MA1GB2XX1A",
    ),
    (
        "苏州精工自动化有限公司",
        "王芳",
        "+86 512 6588 2002",
        "wang.fang@sz-jinggong.cn",
        "江苏省苏州市工业园区星湖街 328 号",
        "91320594MA1N3XX2B",
    ),
    (
        "杭州绿源水务集团",
        "陈建国",
        "+86 571 8702 3003",
        "chenjg@lvyuanwater.cn",
        "浙江省杭州市滨江区江南大道 1888 号",
        "91330108MA2H4XX3C",
    ),
    (
        "宁波港通物流装备有限公司",
        "赵敏",
        "+86 574 8766 4004",
        "zhaomin@gangtong.cn",
        "浙江省宁波市北仑区新碶街道明州路 66 号",
        "91330206MA2J5XX4D",
    ),
    (
        "无锡新能电池科技有限公司",
        "孙磊",
        "+86 510 8520 5005",
        "sunlei@xinneng-battery.com",
        "江苏省无锡市新吴区长江路 21 号",
        "91320214MA1P6XX5E",
    ),
    (
        "合肥智造汽车零部件有限公司",
        "周婷",
        "+86 551 6366 6006",
        "zhouting@hfzz-auto.cn",
        "安徽省合肥市经开区繁华大道 9 号",
        "91340100MA2R7XX6F",
    ),
    (
        "南京金陵制药厂",
        "吴强",
        "+86 25 8455 7007",
        "wuqiang@jlpharma.cn",
        "江苏省南京市江宁区天元中路 100 号",
        "91320115MA1Q8XX7G",
    ),
    (
        "深圳云启电子有限公司",
        "郑晓东",
        "+86 755 2688 8008",
        "zhengxd@yunqi-e.com",
        "广东省深圳市南山区科技园高新南七道 12 号",
        "91440300MA5F9XX8H",
    ),
    (
        "青岛海澜食品机械有限公司",
        "冯雪",
        "+86 532 8099 9009",
        "fengxue@hailanfm.cn",
        "山东省青岛市城阳区正阳路 77 号",
        "91370214MA3C1XX9J",
    ),
    (
        "成都天府轨道交通设备有限公司",
        "何勇",
        "+86 28 8533 1010",
        "heyong@tfrail.cn",
        "四川省成都市新都区工业东区 5 号",
        "91510114MA6D2X10K",
    ),
    (
        "Siemens-Lindqvist Process AB",
        "Anna Lindqvist",
        "+46 8 555 120 11",
        "anna.lindqvist@slprocess.se",
        "Industrigatan 14, 112 46 Stockholm, Sweden",
        "SE556677889901",
    ),
    (
        "Rheinmetall Pumpen GmbH",
        "Jürgen Weber",
        "+49 211 4477 012",
        "j.weber@rm-pumpen.de",
        "Königsallee 92, 40212 Düsseldorf, Germany",
        "DE812345678",
    ),
    (
        "Pacific Packaging Pte Ltd",
        "Rachel Tan",
        "+65 6778 0013",
        "rachel.tan@pacpack.sg",
        "21 Tuas Avenue 3, Singapore 639420",
        "201912345K",
    ),
    (
        "Northwind Food Processing Inc.",
        "Michael Brooks",
        "+1 414 555 0114",
        "mbrooks@northwindfood.com",
        "1200 Industrial Pkwy, Milwaukee, WI 53204, USA",
        "US-39-1234567",
    ),
    (
        "Saigon Textile Joint Stock Co.",
        "Nguyễn Thị Lan",
        "+84 28 3822 0115",
        "lan.nguyen@saigontex.vn",
        "45 Tan Thuan EPZ, District 7, Ho Chi Minh City",
        "0301234567",
    ),
    (
        "Osaka Precision Machinery K.K.",
        "Takeshi Yamamoto",
        "+81 6 6341 0116",
        "t.yamamoto@osaka-pm.co.jp",
        "2-4-1 Umeda, Kita-ku, Osaka 530-0001",
        "JP1234567890123",
    ),
    (
        "广州粤海化工有限公司",
        "林嘉欣",
        "+86 20 3889 1017",
        "linjx@yuehai-chem.cn",
        "广东省广州市黄埔区开发大道 228 号",
        "91440112MA5E1X17L",
    ),
    (
        "天津渤海重工集团",
        "马振华",
        "+86 22 2532 1018",
        "mazh@bohai-heavy.cn",
        "天津市滨海新区海滨大道 168 号",
        "91120116MA0K2X18M",
    ),
    (
        "武汉光谷智能制造研究院",
        "黄思远",
        "+86 27 8766 1019",
        "huangsy@ovic-im.cn",
        "湖北省武汉市东湖高新区光谷大道 3 号",
        "12420100MB1X19N",
    ),
    (
        "Dubai Desalination Services LLC",
        "Omar Al-Hashimi",
        "+971 4 339 0120",
        "omar@dds-water.ae",
        "Jebel Ali Free Zone, Plot S10201, Dubai, UAE",
        "100234567800003",
    ),
];

/// The accounts the client visit brought (same columns as [`CUSTOMERS`]).
const MORE_CUSTOMERS: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "苏州东吴医疗器械有限公司",
        "顾晓燕",
        "+86 512 6656 2021",
        "guxy@dongwu-med.cn",
        "江苏省苏州市吴中区东吴南路 58 号",
        "91320506MA1W2X21P",
    ),
    (
        "江南职业技术学院",
        "沈国平",
        "+86 510 8592 2022",
        "shengp@jnvtc.edu.cn",
        "江苏省无锡市滨湖区蠡湖大道 1600 号",
        "12320200MB0X22Q",
    ),
    (
        "扬州清源新能源有限公司",
        "许文博",
        "+86 514 8788 2023",
        "xuwb@qingyuan-ne.cn",
        "江苏省扬州市邗江区维扬路 268 号",
        "91321003MA1Y3X23R",
    ),
    (
        "厦门海联冷链物流有限公司",
        "蔡丽娟",
        "+86 592 5612 2024",
        "cailj@hailian-cc.cn",
        "福建省厦门市湖里区象屿路 9 号",
        "91350206MA2Z4X24S",
    ),
];

/// Create the accounts missing by name, classified.
pub(super) async fn load(store: &Store, report: &mut DemoReport) -> Result<(), StoreError> {
    for &(name, contact, phone, email, address, tax_id) in CUSTOMERS.iter().chain(MORE_CUSTOMERS) {
        if store.find_account_by_name(name).await?.is_some() {
            continue;
        }
        let mut input = AccountInput {
            name: name.into(),
            contact_person: contact.into(),
            phone: phone.into(),
            email: email.into(),
            address: address.into(),
            tax_id: tax_id.into(),
            ..AccountInput::default()
        };
        if let Some(c) = CLASSES.iter().find(|c| c.name == name) {
            input.industry = c.industry.into();
            input.size_class = Some(c.size);
            input.region = c.region.into();
            input.source = Some(c.source);
            input.lifecycle = c.lifecycle;
            input.value_class = Some(c.value);
            input.tags = c.tags.iter().map(|t| (*t).to_string()).collect();
            input.notes = c.notes.into();
            if let Some((bank, account, kind)) = c.invoice {
                input.invoice_title = name.into();
                input.invoice_bank = bank.into();
                input.invoice_account = account.into();
                input.invoice_address = address.into();
                input.invoice_phone = phone.into();
                input.invoice_type = Some(kind);
            }
        }
        store.create_account(&input, Origin::Demo).await?;
        report.customers_created += 1;
    }
    Ok(())
}
