//! A new laptop's first sync of everything, then incremental syncs both ways.

use super::*;

pub(crate) async fn first_and_incremental(db: &Db, base: &str, scale: f64) -> Res<()> {
    let (n_customers, n_products, n_quotes) = (
        scaled(100_000, scale),
        scaled(20_000, scale),
        scaled(10_000, scale),
    );
    let lines_per_quote = 10;
    // And the company directory's entry of the one user, which every laptop receives.
    let total = n_customers + n_products + n_quotes * (1 + lines_per_quote) + 1;

    let seeding = Instant::now();
    let accounts = Accounts::new(db.clone(), ServerConfig::default());
    accounts.add_team("North").await?;
    let (rep_id, team_id) = add_user(&accounts, REP, Role::Rep, Some("North")).await?;
    Catalog::new(db.clone())
        .import_products(product_csv(n_products).as_bytes())
        .await?;
    let catalog = products(db).await?;
    let mut seeder = Seeder::new(db, &rep_id, Role::Rep, team_id)?;
    let owned = seed_records(
        &mut seeder,
        &catalog,
        n_customers,
        n_quotes,
        lines_per_quote,
        "LW1",
    )
    .await?;
    settle(db).await?;
    println!(
        "seeded {n_customers} customers, {n_products} products, {n_quotes} quotes with {} lines ({total} records) in {:.1} s (not timed)",
        owned.lines.len(),
        seeding.elapsed().as_secs_f64()
    );

    // The new laptop, in a process of its own.
    let dir = tempfile::tempdir()?;
    let status = std::process::Command::new(std::env::current_exe()?)
        .arg("--device")
        .arg(dir.path())
        .arg(base)
        .arg(total.to_string())
        .status()?;
    if !status.success() {
        return Err(format!("the device process failed: {status}").into());
    }
    let result: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("result.json"))?)?;
    let counts = table_counts(&dir.path().join(fieldquote_store::DB_FILE)).await?;
    println!("device tables after the first sync: {counts:?}");
    let expected = [
        n_customers as i64,
        n_products as i64,
        n_quotes as i64,
        (n_quotes * lines_per_quote) as i64,
        0,
    ];
    if counts != expected {
        return Err(
            format!("expected {expected:?} rows (and nothing waiting for a parent)").into(),
        );
    }
    println!(
        "FIRST SYNC: {total} records in {:.2} s ({:.0} records/s); device peak RSS {} MiB; database {} MiB",
        result["seconds"].as_f64().unwrap_or_default(),
        total as f64 / result["seconds"].as_f64().unwrap_or(1.0),
        result["vmhwm_kib"].as_i64().unwrap_or_default() / 1024,
        result["db_bytes"].as_i64().unwrap_or_default() / (1024 * 1024),
    );

    incremental(base, dir.path(), &owned).await
}

/// Rows per table on the device, and the records still waiting for a parent.
pub(crate) async fn table_counts(db_file: &Path) -> Res<[i64; 5]> {
    let conn = Database::connect(format!("sqlite://{}?mode=ro", db_file.display())).await?;
    let mut out = [0; 5];
    for (i, table) in [
        "customer",
        "product",
        "quote",
        "quote_line",
        "sync_shadow WHERE materialized = 0",
    ]
    .iter()
    .enumerate()
    {
        let row = conn
            .query_one_raw(Statement::from_string(
                DbBackend::Sqlite,
                format!("SELECT COUNT(*) FROM {table}"),
            ))
            .await?
            .ok_or("no count")?;
        out[i] = row.try_get_by_index(0)?;
    }
    conn.close().await?;
    Ok(out)
}

/// Child process: a new laptop's first sync into `dir`, with progress; writes `result.json` there.
pub(crate) async fn device_first_sync(dir: &Path, base: &str, total: usize) -> Res<()> {
    let store = Store::open(dir).await?;
    let client = Client::without_proxy(base)?;
    let device_id = store.device().await?.device_id;
    let session = client.login(REP, PASSWORD, &device_id).await?;
    store
        .set_sync_account(base, session.user_id, &session.email, &session.quote_prefix)
        .await?;
    println!(
        "new laptop: first sync of {total} records (progress every page of {PULL_PAGE}, shown every 10 000)"
    );
    let started = Instant::now();
    let mut shown = 0;
    let report = sync_once(&store, &client, &session.token, |p| {
        if let Progress::Pulled { pulled } = p
            && (pulled >= shown + 10_000 || pulled >= total)
        {
            shown = pulled;
            println!(
                "  pulled {pulled:>7}/{total}  {:>6.1} s",
                started.elapsed().as_secs_f64()
            );
        }
    })
    .await?;
    let seconds = started.elapsed().as_secs_f64();
    if report.pulled != total {
        return Err(format!("pulled {} records, expected {total}", report.pulled).into());
    }
    let vmhwm_kib = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).map(str::to_string))
        })
        .and_then(|kib| kib.parse::<i64>().ok());
    let path = store.path().to_path_buf();
    store.close().await?;
    let db_bytes = std::fs::metadata(&path).map_or(0, |m| m.len());
    std::fs::write(
        dir.join("result.json"),
        json!({"seconds": seconds, "pulled": report.pulled, "vmhwm_kib": vmhwm_kib, "db_bytes": db_bytes})
            .to_string(),
    )?;
    Ok(())
}

pub(crate) fn summary(label: &str, samples: &mut [Duration]) -> String {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    format!(
        "{label}: median {:.0} ms, min {:.0} ms, max {:.0} ms over {} runs",
        ms(samples[samples.len() / 2]),
        ms(samples[0]),
        ms(samples[samples.len() - 1]),
        samples.len()
    )
}

/// The laptop of the first sync, kept up to date: 100 edits from another laptop pulled; 100 own edits
/// pushed (and pulled back).
pub(crate) async fn incremental(base: &str, dir: &Path, owned: &Owned) -> Res<()> {
    let store = Store::open(dir).await?;
    let client = Client::without_proxy(base)?;
    let session = client
        .login(REP, PASSWORD, &store.device().await?.device_id)
        .await?;
    let mut other = Author::new();
    let other_session = client
        .login(REP, PASSWORD, &other.device_id.to_string())
        .await?;

    let mut pulls = Vec::new();
    for round in 0..ROUNDS {
        let changes: Vec<Change> = (0..INCREMENTAL)
            .map(|i| {
                let k = round * INCREMENTAL + i;
                if i % 10 < 7 {
                    let id = owned.customers[k * 7 % owned.customers.len()];
                    other.change(
                        EntityKind::Customer,
                        id,
                        json!({"phone": format!("+86 10 8888 {k:04}"), "address": format!("北京市海淀区中关村大街 {k} 号")}),
                    )
                } else {
                    let id = owned.quotes[k * 13 % owned.quotes.len()];
                    other.change(
                        EntityKind::Quote,
                        id,
                        json!({"notes": format!("客户要求第 {k} 版报价：交货期 3 周")}),
                    )
                }
            })
            .collect();
        let res = client
            .push(
                &other_session.token,
                &PushRequest {
                    device_id: other.device_id,
                    changes,
                },
            )
            .await?;
        if res
            .results
            .iter()
            .any(|r| r.outcome != ChangeOutcome::Accepted)
        {
            return Err("the other laptop's edits were rejected".into());
        }
        let started = Instant::now();
        let report = sync_once(&store, &client, &session.token, |_| {}).await?;
        pulls.push(started.elapsed());
        if report.pulled != INCREMENTAL || report.conflicts != 0 {
            return Err(format!("incremental pull: {report:?}").into());
        }
    }
    println!(
        "INCREMENTAL {}",
        summary(
            &format!("pull of {INCREMENTAL} changes from another laptop"),
            &mut pulls
        )
    );

    let mut pushes = Vec::new();
    for round in 0..ROUNDS {
        for i in 0..INCREMENTAL {
            let k = round * INCREMENTAL + i;
            let id = owned.customers[(k * 11 + 5) % owned.customers.len()];
            let c = store.get_account(id).await?;
            store
                .update_account(
                    id,
                    &AccountInput {
                        contact_person: format!("李工 {k}"),
                        phone: format!("+86 755 6666 {k:04}"),
                        ..c.input()
                    },
                    Origin::Ui,
                )
                .await?;
        }
        let started = Instant::now();
        let report = sync_once(&store, &client, &session.token, |_| {}).await?;
        pushes.push(started.elapsed());
        if report.accepted != INCREMENTAL || report.pulled != INCREMENTAL {
            return Err(format!("incremental push: {report:?}").into());
        }
    }
    println!(
        "INCREMENTAL {}",
        summary(
            &format!("push of {INCREMENTAL} local edits (and pull of them back)"),
            &mut pushes
        )
    );
    store.close().await?;
    Ok(())
}
