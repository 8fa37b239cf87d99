//! Many clients syncing at once in a closed loop: throughput and latencies.

use super::*;

/// One syncing client: a rep who pushes edits of their records, or a manager who only pulls.
pub(crate) struct Member {
    pub(crate) email: String,
    pub(crate) owned: Option<Owned>,
}

#[derive(Default)]
pub(crate) struct Samples {
    pub(crate) syncs: Vec<Duration>,
    pub(crate) pushes: Vec<Duration>,
    pub(crate) pulls: Vec<Duration>,
    pub(crate) pushed: usize,
    pub(crate) pulled: usize,
}

pub(crate) async fn concurrent(db: &Db, base: &str, clients: usize, seconds: u64) -> Res<()> {
    const TEAM_SIZE: usize = 10;
    let seeding = Instant::now();
    let accounts = Accounts::new(db.clone(), ServerConfig::default());
    Catalog::new(db.clone())
        .import_products(product_csv(2000).as_bytes())
        .await?;
    let catalog = products(db).await?;
    let mut members = Vec::new();
    let mut seeded = 0;
    for i in 0..clients {
        let team = format!("Team {}", i / TEAM_SIZE + 1);
        if i % TEAM_SIZE == 0 {
            accounts.add_team(&team).await?;
        }
        let email = format!("user{i}@example.cn");
        if i % TEAM_SIZE == TEAM_SIZE - 1 {
            add_user(&accounts, &email, Role::Manager, Some(&team)).await?;
            members.push(Member { email, owned: None });
        } else {
            let (id, team_id) = add_user(&accounts, &email, Role::Rep, Some(&team)).await?;
            let mut seeder = Seeder::new(db, &id, Role::Rep, team_id)?;
            let owned = seed_records(&mut seeder, &catalog, 200, 20, 10, &format!("R{i}")).await?;
            seeded += seeder.pushed;
            members.push(Member {
                email,
                owned: Some(owned),
            });
        }
    }
    settle(db).await?;
    let head = fieldquote_server::repo::sync::lock_counter(db.connection())
        .await?
        .last_seq;
    println!(
        "seeded {clients} users ({} reps), 2000 products and {seeded} records in {:.1} s (not timed); clients start up to date",
        members.iter().filter(|m| m.owned.is_some()).count(),
        seeding.elapsed().as_secs_f64()
    );

    let warmup = Duration::from_secs(3);
    let started = Instant::now() + Duration::from_millis(500);
    let window_start = started + warmup;
    let end = window_start + Duration::from_secs(seconds);
    let base = Arc::new(base.to_string());
    let mut tasks = Vec::new();
    for m in members {
        let base = base.clone();
        tasks.push(tokio::spawn(async move {
            client_loop(&base, m, head, window_start, end).await
        }));
    }
    let mut all = Samples::default();
    for t in tasks {
        let s = t.await??;
        all.syncs.extend(s.syncs);
        all.pushes.extend(s.pushes);
        all.pulls.extend(s.pulls);
        all.pushed += s.pushed;
        all.pulled += s.pulled;
    }
    let secs = seconds as f64;
    println!(
        "CONCURRENT {clients} clients, {seconds} s: {:.0} syncs/s, {:.0} changes pushed/s, {:.0} records pulled/s",
        all.syncs.len() as f64 / secs,
        all.pushed as f64 / secs,
        all.pulled as f64 / secs
    );
    for (label, samples) in [
        ("sync (push + pulls)", &mut all.syncs),
        ("push request", &mut all.pushes),
        ("pull request", &mut all.pulls),
    ] {
        samples.sort();
        let pct = |p: f64| {
            let i = ((samples.len() as f64 * p).ceil() as usize).clamp(1, samples.len()) - 1;
            samples[i].as_secs_f64() * 1000.0
        };
        println!(
            "CONCURRENT {label}: {} samples, p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            samples.len(),
            pct(0.50),
            pct(0.99),
            pct(1.0)
        );
    }
    Ok(())
}

pub(crate) async fn client_loop(
    base: &str,
    member: Member,
    mut cursor: i64,
    window_start: Instant,
    end: Instant,
) -> Res<Samples> {
    let client = Client::without_proxy(base)?;
    let mut author = Author::new();
    let session = client
        .login(&member.email, PASSWORD, &author.device_id.to_string())
        .await?;
    tokio::time::sleep_until((window_start - Duration::from_secs(3)).into()).await;
    let mut samples = Samples::default();
    let mut round = 0_usize;
    while Instant::now() < end {
        let sync_started = Instant::now();
        let counted = sync_started >= window_start;
        if let Some(owned) = &member.owned {
            let mut changes = Vec::with_capacity(10);
            changes.push(author.change(
                EntityKind::Customer,
                Uuid::now_v7(),
                customer_fields(round),
            ));
            for i in 0..5 {
                let id = owned.customers[(round * 5 + i) * 7 % owned.customers.len()];
                changes.push(author.change(
                    EntityKind::Customer,
                    id,
                    json!({"phone": format!("+86 21 5555 {:04}", (round + i) % 10_000)}),
                ));
            }
            let quote = owned.quotes[round % owned.quotes.len()];
            changes.push(author.change(
                EntityKind::Quote,
                quote,
                json!({"notes": format!("第 {round} 次修改")}),
            ));
            for i in 0..3 {
                let line = owned.lines[(round * 3 + i) * 11 % owned.lines.len()];
                changes.push(author.change(
                    EntityKind::QuoteLine,
                    line,
                    json!({"discount_percent": format!("{}", (round + i) % 10)}),
                ));
            }
            let n = changes.len();
            let t = Instant::now();
            let res = client
                .push(
                    &session.token,
                    &PushRequest {
                        device_id: author.device_id,
                        changes,
                    },
                )
                .await?;
            if counted {
                samples.pushes.push(t.elapsed());
                samples.pushed += n;
            }
            if res
                .results
                .iter()
                .any(|r| r.outcome != ChangeOutcome::Accepted)
            {
                return Err("a change was rejected".into());
            }
        }
        loop {
            let t = Instant::now();
            let page = client.pull(&session.token, cursor, PULL_PAGE).await?;
            if counted {
                samples.pulls.push(t.elapsed());
                samples.pulled += page.records.len();
            }
            cursor = page.cursor;
            if !page.has_more {
                break;
            }
        }
        if counted {
            samples.syncs.push(sync_started.elapsed());
        }
        round += 1;
    }
    Ok(samples)
}
