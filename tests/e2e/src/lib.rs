//! End-to-end tests of the desktop app live in `tests/`. They start Xvfb and `tauri-driver` themselves and
//! drive the binary named by `FIELDQUOTE_E2E_BINARY` (built by `scripts/test` with the UI embedded).
//! They are `#[ignore]`d in a plain `cargo test`; run them with `cargo test -p fieldquote-e2e -- --ignored`.
