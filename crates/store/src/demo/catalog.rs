//! The demo catalog: an industrial automation supplier's products, bundles and accessories.

use fieldquote_domain::catalog::ProductInput;

use super::DemoReport;
use crate::{Origin, Store, StoreError};

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

/// Load the catalog: products are matched by SKU.
pub(super) async fn load(store: &Store, report: &mut DemoReport) -> Result<(), StoreError> {
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
    Ok(())
}
