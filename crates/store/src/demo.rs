//! A believable demo data set: an industrial automation supplier in Shanghai, its catalog, its customers
//! (Chinese and international) and a few quotes. Loading it twice changes nothing the second time.

use fieldquote_domain::Currency;
use fieldquote_domain::account::AccountInput;
use fieldquote_domain::catalog::ProductInput;
use fieldquote_domain::company::{BankDetails, CompanyProfile, SellerContact};
use fieldquote_domain::quote::{QuoteDraft, QuoteLineDraft};

use crate::{Origin, Store, StoreError};

/// What a demo load did.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DemoReport {
    pub products: usize,
    pub customers_created: usize,
    pub quotes_created: usize,
}

pub fn company() -> CompanyProfile {
    CompanyProfile {
        name: "华东智控科技有限公司 East China Smart Control Co., Ltd.".into(),
        address:
            "上海市浦东新区张江路 188 号 3 楼\n3F, 188 Zhangjiang Road, Pudong, Shanghai 201203"
                .into(),
        phone: "+86 21 5080 1234".into(),
        email: "sales@ecsmartcontrol.cn".into(),
        tax_id: "91310115MA1K4XYZ8Q".into(),
        currency: Currency::CNY,
        bank: BankDetails {
            bank_name: "中国工商银行 Industrial and Commercial Bank of China".into(),
            account_name: "华东智控科技有限公司".into(),
            account_number: "1001 2345 0900 0123 456".into(),
            branch: "上海张江支行 Shanghai Zhangjiang Sub-branch".into(),
            swift: "ICBKCNBJSHI".into(),
        },
    }
}

/// The demo laptop's "my contact details": the rep printed on its quotes.
pub fn my_contact() -> SellerContact {
    SellerContact {
        name: "李明 Li Ming".into(),
        title: "销售工程师 Sales Engineer".into(),
        phone: "+86 138 1650 2231".into(),
        email: "li.ming@ecsmartcontrol.cn".into(),
    }
}

/// (SKU, name, description, unit, price in CNY, VAT rate %)
const PRODUCTS: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "PLC-S7-1200",
        "PLC 控制器 S7-1200",
        "CPU 1214C, 14 DI / 10 DO / 2 AI, 以太网接口",
        "台",
        "3880.00",
        "13",
    ),
    (
        "PLC-S7-1500",
        "PLC 控制器 S7-1500",
        "CPU 1515-2 PN, 500 KB 工作内存",
        "台",
        "18600.00",
        "13",
    ),
    (
        "PLC-IO-16DI",
        "数字量输入模块 16DI",
        "16 路 24 V DC 输入",
        "块",
        "960.00",
        "13",
    ),
    (
        "PLC-IO-16DO",
        "数字量输出模块 16DO",
        "16 路晶体管输出, 0.5 A",
        "块",
        "1080.00",
        "13",
    ),
    (
        "PLC-IO-8AI",
        "模拟量输入模块 8AI",
        "8 路 4–20 mA / 0–10 V, 16 位",
        "块",
        "2350.00",
        "13",
    ),
    (
        "HMI-7",
        "7 英寸触摸屏 HMI",
        "7\" TFT, 800×480, PROFINET",
        "台",
        "2980.00",
        "13",
    ),
    (
        "HMI-12",
        "12 英寸触摸屏 HMI",
        "12\" TFT, 1280×800, 双以太网口",
        "台",
        "7450.00",
        "13",
    ),
    (
        "SRV-DRV-1K",
        "Servo drive 1 kW",
        "Single-axis AC servo drive, EtherCAT, STO",
        "pcs",
        "4280.00",
        "13",
    ),
    (
        "SRV-MOT-1K",
        "Servo motor 1 kW",
        "3000 rpm, 3.18 N·m, 20-bit absolute encoder",
        "pcs",
        "3160.00",
        "13",
    ),
    (
        "SRV-CBL-5M",
        "伺服电缆 5 米",
        "动力 + 编码器电缆套装, 拖链级",
        "套",
        "420.00",
        "13",
    ),
    (
        "VFD-7K5",
        "变频器 7.5 kW",
        "三相 380 V, 矢量控制, 内置 EMC 滤波器",
        "台",
        "5200.00",
        "13",
    ),
    (
        "VFD-22K",
        "变频器 22 kW",
        "三相 380 V, 风机水泵专用",
        "台",
        "11800.00",
        "13",
    ),
    (
        "SNS-PROX-M18",
        "Inductive proximity sensor M18",
        "8 mm sensing distance, PNP NO, IP67",
        "pcs",
        "128.00",
        "13",
    ),
    (
        "SNS-PHOTO-10M",
        "光电传感器 漫反射",
        "检测距离 10 m, 红外, M12 接头",
        "个",
        "265.00",
        "13",
    ),
    (
        "SNS-PT100",
        "PT100 温度传感器",
        "-50…200 °C, 不锈钢探头, 三线制",
        "支",
        "185.00",
        "13",
    ),
    (
        "SNS-PRESS-10B",
        "压力变送器 0–10 bar",
        "4–20 mA, 精度 0.25 %",
        "台",
        "890.00",
        "13",
    ),
    (
        "ENC-1024",
        "增量编码器 1024 线",
        "Ø58 mm, 推挽输出",
        "个",
        "610.00",
        "13",
    ),
    (
        "NET-SW-8",
        "工业以太网交换机 8 口",
        "非网管, DIN 导轨安装, 宽温",
        "台",
        "1350.00",
        "13",
    ),
    (
        "NET-GW-MQTT",
        "IoT gateway (Modbus/OPC UA to MQTT)",
        "4G + Ethernet, edge scripting",
        "pcs",
        "3600.00",
        "13",
    ),
    (
        "CAB-CTRL-800",
        "控制柜 800×600×300",
        "含布线、端子、散热风扇",
        "台",
        "6800.00",
        "13",
    ),
    (
        "PWR-24V-10A",
        "开关电源 24 V 10 A",
        "DIN 导轨, 240 W",
        "个",
        "380.00",
        "13",
    ),
    (
        "RLY-SAFE",
        "安全继电器",
        "双通道, 急停 / 安全门监控, PL e",
        "个",
        "1150.00",
        "13",
    ),
    (
        "LIC-SCADA-500",
        "SCADA software licence, 500 tags",
        "Perpetual licence, one server",
        "licence",
        "15800.00",
        "6",
    ),
    (
        "LIC-SCADA-CL",
        "SCADA 客户端授权",
        "每个并发客户端",
        "个",
        "2200.00",
        "6",
    ),
    (
        "SVC-ENG-HR",
        "Engineering services",
        "PLC/HMI programming and documentation",
        "hour",
        "680.00",
        "6",
    ),
    (
        "SVC-COMM-DAY",
        "现场调试服务",
        "工程师现场调试, 按人天计费",
        "人天",
        "2800.00",
        "6",
    ),
    (
        "SVC-TRAIN",
        "操作与维护培训",
        "一天现场培训, 最多 10 名学员, 含中文教材",
        "场",
        "4500.00",
        "6",
    ),
    (
        "SVC-MAINT-YR",
        "年度维保服务",
        "两次预防性维护 + 7×24 电话支持",
        "年",
        "12000.00",
        "6",
    ),
    (
        "SPR-KIT-A",
        "备件包 A",
        "常用易损件: 继电器、保险丝、指示灯",
        "套",
        "860.00",
        "13",
    ),
    (
        "SHIP-FRT",
        "运输及保险",
        "国内陆运, 含货物保险",
        "批",
        "600.00",
        "9",
    ),
];

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

/// A product's Chinese name where its name is not Chinese already (the others use their name).
const NAMES_ZH: &[(&str, &str)] = &[
    ("SRV-DRV-1K", "伺服驱动器 1 kW"),
    ("SRV-MOT-1K", "伺服电机 1 kW"),
    ("SNS-PROX-M18", "电感式接近开关 M18"),
    ("NET-GW-MQTT", "物联网网关 (Modbus/OPC UA 转 MQTT)"),
    ("LIC-SCADA-500", "SCADA 软件授权 500 点"),
    ("SVC-ENG-HR", "工程服务"),
];

/// Categories by SKU prefix.
const CATEGORIES: &[(&str, &str)] = &[
    ("PLC-", "PLC 控制系统 PLC systems"),
    ("HMI-", "人机界面 HMI"),
    ("SRV-", "伺服 Servo"),
    ("VFD-", "变频器 Drives"),
    ("SNS-", "传感器 Sensors"),
    ("ENC-", "传感器 Sensors"),
    ("NET-", "网络 Networking"),
    ("CAB-", "电柜及电源 Cabinets & power"),
    ("PWR-", "电柜及电源 Cabinets & power"),
    ("RLY-", "安全 Safety"),
    ("LIC-", "软件 Software"),
    ("SVC-", "服务 Services"),
    ("SPR-", "备件 Spare parts"),
    ("SHIP-", "物流 Logistics"),
    ("KIT-", "解决方案模块 Solution modules"),
];

/// Bundles (solution modules): (SKU, name, Chinese name, description, unit, fixed price (or "0.00" for a
/// sum bundle), pricing, components).
type DemoBundle = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);
const BUNDLES: &[DemoBundle] = &[
    (
        "KIT-SERVO-1K",
        "Servo axis kit 1 kW",
        "伺服轴套装 1 kW",
        "Drive, motor and 5 m cable set, priced as its parts",
        "套",
        "0.00",
        "sum",
        "SRV-DRV-1K*1;SRV-MOT-1K*1;SRV-CBL-5M*1",
    ),
    (
        "KIT-PLC-START",
        "PLC starter kit",
        "PLC 入门套装",
        "S7-1200 CPU, 16DI module, 7\" HMI and 24 V supply at a package price",
        "套",
        "8200.00",
        "fixed",
        "PLC-S7-1200*1;PLC-IO-16DI*1;HMI-7*1;PWR-24V-10A*1",
    ),
];

/// Optional products suggested when a product is added: (SKU, accessories).
const ACCESSORIES: &[(&str, &str)] = &[
    ("PLC-S7-1200", "PLC-IO-16DI;PLC-IO-16DO;PWR-24V-10A"),
    ("KIT-SERVO-1K", "ENC-1024;SVC-COMM-DAY"),
    ("KIT-PLC-START", "SVC-TRAIN"),
];

fn category_of(sku: &str) -> String {
    CATEGORIES
        .iter()
        .find(|(prefix, _)| sku.starts_with(prefix))
        .map(|(_, c)| (*c).to_string())
        .unwrap_or_default()
}

fn accessories_of(sku: &str) -> Option<String> {
    ACCESSORIES
        .iter()
        .find(|(s, _)| *s == sku)
        .map(|(_, a)| (*a).to_string())
}

/// (customer name, notes, [(sku, qty, discount %)])
type DemoQuote = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str, &'static str)],
);
const QUOTES: &[DemoQuote] = &[
    (
        "上海华东机电设备有限公司",
        "二号产线改造: PLC 升级及触摸屏更换。",
        &[
            ("PLC-S7-1500", "1", "5"),
            ("PLC-IO-16DI", "4", "5"),
            ("PLC-IO-16DO", "4", "5"),
            ("HMI-12", "2", "0"),
            ("SVC-COMM-DAY", "6", "0"),
        ],
    ),
    (
        "Northwind Food Processing Inc.",
        "Packaging line retrofit, phase 1.",
        &[
            ("SRV-DRV-1K", "6", "8"),
            ("SRV-MOT-1K", "6", "8"),
            ("SRV-CBL-5M", "6", "0"),
            ("SVC-ENG-HR", "40", "0"),
        ],
    ),
    (
        "杭州绿源水务集团",
        "泵站远程监控系统 (SCADA + 网关)。",
        &[
            ("LIC-SCADA-500", "1", "10"),
            ("LIC-SCADA-CL", "3", "10"),
            ("NET-GW-MQTT", "4", "0"),
            ("SNS-PRESS-10B", "8", "0"),
            ("SVC-TRAIN", "1", "0"),
            ("SVC-MAINT-YR", "1", "0"),
        ],
    ),
];

/// Load the demo set into `store`. Products are matched by SKU, customers by name; a demo quote is only
/// created for a customer that has no quote yet. A device connected to a server gets nothing (its data is
/// the server's).
pub async fn load(store: &Store) -> Result<DemoReport, StoreError> {
    let mut report = DemoReport::default();
    // A device connected to a server has the server's data (and may not change its catalog): no demo.
    if store.sync_state().await?.server_url.is_some() {
        return Ok(report);
    }
    if store.company().await?.is_none() {
        store.set_company(&company(), Origin::Demo).await?;
    }
    if store.my_contact().await?.is_empty() {
        store.set_my_contact(&my_contact()).await?;
    }
    // Items first (with their catalog fields, but no accessories yet: those may name bundles), then the
    // bundles, then the accessories. A product loaded by an older demo (no category) gets its new fields.
    let stored = store.all_products().await?;
    let needs_write = |sku: &str| {
        stored
            .iter()
            .find(|p| p.sku == sku)
            .is_none_or(|p| p.category.is_empty())
    };
    for &(sku, name, description, unit, price, rate) in PRODUCTS {
        let name_zh = NAMES_ZH
            .iter()
            .find(|(s, _)| *s == sku)
            .map_or(name, |(_, zh)| zh);
        let input = ProductInput {
            sku: sku.into(),
            name: name.into(),
            description: description.into(),
            unit: unit.into(),
            unit_price: price.into(),
            currency: "CNY".into(),
            tax_rate: rate.into(),
            name_zh: Some(name_zh.into()),
            category: Some(category_of(sku)),
            ..ProductInput::default()
        };
        if needs_write(sku) {
            store.upsert_product(&input, Origin::Demo).await?;
        }
        report.products += 1;
    }
    for &(sku, name, name_zh, description, unit, price, pricing, components) in BUNDLES {
        if needs_write(sku) {
            let input = ProductInput {
                sku: sku.into(),
                name: name.into(),
                description: description.into(),
                unit: unit.into(),
                unit_price: price.into(),
                currency: "CNY".into(),
                tax_rate: "13".into(),
                name_zh: Some(name_zh.into()),
                category: Some(category_of(sku)),
                bundle_pricing: Some(pricing.into()),
                components: Some(components.into()),
                ..ProductInput::default()
            };
            store.upsert_product(&input, Origin::Demo).await?;
        }
        report.products += 1;
    }
    for p in store.all_products().await? {
        if let Some(accessories) = accessories_of(&p.sku)
            && p.accessories.is_empty()
            && needs_write(&p.sku)
        {
            let input = ProductInput {
                sku: p.sku.clone(),
                name: p.name.clone(),
                description: p.description.clone(),
                unit: p.unit.clone(),
                unit_price: p.unit_price.clone(),
                currency: p.currency.code().into(),
                tax_rate: p.tax_rate.clone(),
                accessories: Some(accessories),
                ..ProductInput::default()
            };
            store.upsert_product(&input, Origin::Demo).await?;
        }
    }
    for &(name, contact, phone, email, address, tax_id) in CUSTOMERS {
        if store.find_account_by_name(name).await?.is_none() {
            let input = AccountInput {
                name: name.into(),
                contact_person: contact.into(),
                phone: phone.into(),
                email: email.into(),
                address: address.into(),
                tax_id: tax_id.into(),
                ..AccountInput::default()
            };
            store.create_account(&input, Origin::Demo).await?;
            report.customers_created += 1;
        }
    }
    let quotes = store.list_quotes("").await?;
    let products = store.list_products("").await?;
    for &(customer_name, notes, lines) in QUOTES {
        let Some(customer) = store.find_account_by_name(customer_name).await? else {
            continue;
        };
        if quotes.iter().any(|q| q.customer_id == customer.id) {
            continue;
        }
        let lines = lines
            .iter()
            .filter_map(|&(sku, qty, disc)| {
                products
                    .iter()
                    .find(|p| p.sku == sku)
                    .map(|p| QuoteLineDraft {
                        id: None,
                        product_id: p.id,
                        quantity: qty.into(),
                        discount_percent: disc.into(),
                        ..Default::default()
                    })
            })
            .collect();
        let draft = QuoteDraft {
            id: None,
            customer_id: Some(customer.id),
            notes: notes.into(),
            payment_terms: "30 % with the order, 70 % before delivery / 预付 30%，发货前付清余款"
                .into(),
            delivery_terms: "Delivered to site within 4 weeks of order / 下单后 4 周内送货到现场"
                .into(),
            lines,
            ..Default::default()
        };
        store.save_quote(&draft, Origin::Demo).await?;
        report.quotes_created += 1;
    }
    bundle_quote(store, &quotes, &products, &mut report).await?;
    Ok(report)
}

/// A quote with both kinds of bundle and an option the client has not taken yet, for a customer without one.
async fn bundle_quote(
    store: &Store,
    quotes: &[fieldquote_domain::quote::QuoteSummary],
    products: &[fieldquote_domain::catalog::Product],
    report: &mut DemoReport,
) -> Result<(), StoreError> {
    let Some(customer) = store.find_account_by_name("苏州精工自动化有限公司").await?
    else {
        return Ok(());
    };
    if quotes.iter().any(|q| q.customer_id == customer.id) {
        return Ok(());
    }
    let id = |sku: &str| products.iter().find(|p| p.sku == sku).map(|p| p.id);
    let (Some(servo), Some(starter), Some(training)) =
        (id("KIT-SERVO-1K"), id("KIT-PLC-START"), id("SVC-TRAIN"))
    else {
        return Ok(());
    };
    let mut draft = QuoteDraft {
        customer_id: Some(customer.id),
        notes: "装配线伺服轴改造 (4 轴) 及控制系统入门套装。".into(),
        payment_terms: "30 % with the order, 70 % before delivery / 预付 30%，发货前付清余款"
            .into(),
        ..Default::default()
    };
    draft.push_lines(store.lines_for_product(servo, "4").await?);
    draft.push_lines(store.lines_for_product(starter, "1").await?);
    draft.push_lines(store.lines_for_product(training, "1").await?);
    if let Some(option) = draft.lines.last_mut() {
        option.optional = true;
    }
    store.save_quote(&draft, Origin::Demo).await?;
    report.quotes_created += 1;
    Ok(())
}
