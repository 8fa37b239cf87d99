//! `fq product list`, `fq import products` and `fq export products`: the catalog.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use uuid::Uuid;

use fieldquote_domain::catalog::{Product, ProductKind};
use fieldquote_domain::import::{self, ProductRow};
use fieldquote_domain::pricing::BundlePricing;
use fieldquote_service::import as service_import;
use fieldquote_store::{Origin, Store};

use crate::args::{Format, ProductCmd};
use crate::print::{print_list, report_import};

pub async fn run(store: &Store, cmd: ProductCmd) -> Result<()> {
    let ProductCmd::List { query, format } = cmd;
    let products = store.list_products(query.as_deref().unwrap_or("")).await?;
    // Bundles name their components by SKU in the table.
    let skus: HashMap<Uuid, String> = match format {
        Format::Json => HashMap::new(),
        Format::Table => store
            .all_products()
            .await?
            .into_iter()
            .map(|p| (p.id, p.sku))
            .collect(),
    };
    print_list(
        format,
        products,
        &["SKU", "NAME", "CATEGORY", "KIND", "UNIT", "PRICE", "TAX %"],
        |p| {
            let kind = kind_text(&p, &skus);
            let name = if p.active {
                p.name
            } else {
                format!("{} [inactive]", p.name)
            };
            vec![
                p.sku,
                name,
                p.category,
                kind,
                p.unit,
                format!("{} {}", p.unit_price, p.currency),
                p.tax_rate,
            ]
        },
    )
}

/// "item", or a bundle's pricing and components: `bundle (sum): DRV*1 MOT*2`.
fn kind_text(p: &Product, skus: &HashMap<Uuid, String>) -> String {
    let pricing = match p.kind() {
        ProductKind::Item => return "item".into(),
        ProductKind::Bundle(BundlePricing::SumOfComponents) => "sum",
        ProductKind::Bundle(BundlePricing::Fixed) => "fixed",
    };
    let parts: Vec<String> = p
        .components
        .iter()
        .map(|c| {
            let sku = skus.get(&c.product_id).map_or("?", String::as_str);
            format!("{sku}*{}", c.quantity)
        })
        .collect();
    format!("bundle ({pricing}): {}", parts.join(" "))
}

/// Read and check a product file; every problem is in the error.
pub fn read(file: &Path) -> Result<Vec<ProductRow>> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot open {}", file.display()))?;
    service_import::read_products(&bytes, &service_import::silent)
        .with_context(|| file.display().to_string())
}

/// `fq import products`, with the rows [`read`] before the database was opened.
pub async fn import(store: &Store, file: &Path, rows: &[ProductRow]) -> Result<()> {
    let r =
        service_import::import_product_rows(store, rows, Origin::Import, &service_import::silent)
            .await
            .with_context(|| file.display().to_string())?;
    let what = format!("{} products", r.rows);
    report_import(&what, file, r.created, r.updated, r.unchanged);
    Ok(())
}

/// `fq export products`: the format `fq import products` and the server's import read.
pub async fn export(store: &Store, out: Option<PathBuf>) -> Result<()> {
    let products = store.all_products().await?;
    let sink: Box<dyn std::io::Write> = match &out {
        Some(path) => Box::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut w = csv::Writer::from_writer(sink);
    w.write_record(import::all_product_columns())?;
    let skus: HashMap<Uuid, String> = products.iter().map(|p| (p.id, p.sku.clone())).collect();
    for p in &products {
        w.write_record(import::product_record(p, &skus))?;
    }
    w.flush()?;
    if let Some(path) = out {
        println!(
            "Exported {} products to {}.",
            products.len(),
            path.display()
        );
    }
    Ok(())
}
