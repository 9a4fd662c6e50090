//! Any bytes given to the reference loader (against the bundled network) give references or
//! positioned diagnostics, never a panic; references that load can be run.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn bundled() -> &'static corridor::network::Network {
    static NETWORK: OnceLock<corridor::network::Network> = OnceLock::new();
    NETWORK.get_or_init(|| match corridor::network::load_bundled() {
        Ok(loaded) => loaded.network,
        Err(e) => panic!("bundled network: {}", e.render()),
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match corridor::check::load_str(&text, "fuzz.toml", bundled()) {
        Ok(references) => {
            let _ = corridor::check::run(bundled(), &references.entries, &[], 1);
        }
        Err(e) => {
            assert!(!e.diagnostics.is_empty());
            for d in &e.diagnostics {
                assert!(d.line >= 1 && d.col >= 1, "unpositioned: {d}");
            }
        }
    }
});
