//! A laptop: a data directory of its own, its proxy to the server, and `fq sync` run as a child process.

use std::os::unix::process::ExitStatusExt;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use fieldquote_server::entities::app_user::Role;
use uuid::Uuid;

use crate::common::PASSWORD;
use crate::proxy::{Fault, Proxy};

pub const PW_VAR: &str = "FQ_TEST_CONVERGENCE_PASSWORD";

pub struct Laptop {
    pub name: &'static str,
    pub email: String,
    pub user_id: Uuid,
    pub role: Role,
    pub dir: tempfile::TempDir,
    pub proxy: Proxy,
    /// The node part of this laptop's clock readings.
    pub node: String,
}

impl Laptop {
    pub fn fq(&self) -> tokio::process::Command {
        let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_fq"));
        cmd.env(PW_VAR, PASSWORD)
            .env("FIELDQUOTE_NO_KEYCHAIN", "1")
            .env_remove("FIELDQUOTE_DATA_DIR")
            .env_remove("HTTP_PROXY")
            .env_remove("http_proxy")
            .env_remove("ALL_PROXY")
            .env_remove("all_proxy")
            .env_remove("RUST_LOG")
            .arg("--data-dir")
            .arg(self.dir.path())
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .kill_on_drop(true);
        cmd
    }

    pub fn db_path(&self) -> PathBuf {
        self.dir.path().join(fieldquote_store::DB_FILE)
    }

    /// `fq sync` with `fault` armed at the proxy. `kill_after`: kill the process this long after the
    /// answer to a request on the fault's route started arriving.
    pub async fn sync(&self, fault: Option<Fault>, kill_after: Option<Duration>) -> SyncRun {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let fault = match (fault, kill_after) {
            (Some(Fault::Signal(route, skip, _)), Some(_)) => Some(Fault::Signal(route, skip, tx)),
            (f, _) => f,
        };
        let armed = fault.is_some();
        self.proxy.arm(fault);
        let mut child = self
            .fq()
            .args(["sync", "--password-env", PW_VAR])
            .spawn()
            .unwrap();
        let mut killed = false;
        let mut pulling = None;
        if let Some(delay) = kill_after {
            tokio::select! {
                _ = child.wait() => {}
                Some(()) = rx.recv() => {
                    let answered = Instant::now();
                    tokio::select! {
                        _ = child.wait() => pulling = Some(answered.elapsed()),
                        () = tokio::time::sleep(delay) => killed = child.start_kill().is_ok(),
                    }
                }
            }
        }
        let out = tokio::time::timeout(Duration::from_secs(120), child.wait_with_output())
            .await
            .expect("fq sync finished")
            .unwrap();
        let fired = self.proxy.disarm() && armed;
        let killed = killed && out.status.signal() == Some(9);
        SyncRun {
            ok: out.status.success(),
            fired,
            killed,
            pulling,
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

pub struct SyncRun {
    pub ok: bool,
    pub fired: bool,
    /// Killed by the test (not finished first).
    pub killed: bool,
    /// With a kill armed that came too late: how long `fq` ran after its pull's answer began.
    pub pulling: Option<Duration>,
    pub stdout: String,
    pub stderr: String,
}
