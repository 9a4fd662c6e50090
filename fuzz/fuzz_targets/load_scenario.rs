//! Any bytes given to the scenario loader give a scenario or diagnostics, never a panic; a
//! scenario that loads is applied to the bundled network without panicking.
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
    match corridor::scenario::load_str(&text, "fuzz.toml") {
        Ok(scenario) => {
            let _ = scenario.apply(bundled());
        }
        Err(e) => assert!(!e.diagnostics.is_empty()),
    }
});
