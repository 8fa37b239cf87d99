//! The laptop's database is private to its user: `fieldquote.db` and its `-wal` and `-shm` files are
//! readable and writable by the owner only, and a data directory the app creates is the owner's only.
#![cfg(unix)]
#![allow(clippy::unwrap_used)] // test code: a panic is a failed test

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use fieldquote_domain::account::AccountInput;
use fieldquote_store::{DB_FILE, Origin, Store};

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

fn customer() -> AccountInput {
    AccountInput {
        name: "苏州精工".into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn the_database_and_its_wal_and_shm_are_private() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("home/.local/share/fieldquote");
    let store = Store::open(&data).await.unwrap();
    // A write, so that SQLite has made its write-ahead log and shared-memory files.
    store.create_account(&customer(), Origin::Ui).await.unwrap();
    for suffix in ["", "-wal", "-shm"] {
        let file = data.join(format!("{DB_FILE}{suffix}"));
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
    for created in [
        dir.path().join("home"),
        dir.path().join("home/.local/share"),
        data.clone(),
    ] {
        assert_eq!(mode(&created), 0o700, "{}", created.display());
    }
    store.close().await.unwrap();
}

#[tokio::test]
async fn a_database_readable_by_others_is_made_private_when_opened() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
    let store = Store::open(&data).await.unwrap();
    store.close().await.unwrap();
    let file = data.join(DB_FILE);
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();

    let store = Store::open(&data).await.unwrap();
    store.create_account(&customer(), Origin::Ui).await.unwrap();
    assert_eq!(mode(&file), 0o600);
    assert_eq!(mode(&data.join(format!("{DB_FILE}-wal"))), 0o600);
    // A directory the user made is left as the user made it.
    assert_eq!(mode(&data), 0o755);
    store.close().await.unwrap();
}
