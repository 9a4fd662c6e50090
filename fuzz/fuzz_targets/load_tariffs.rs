//! Any bytes given to the tariff loader give tariffs or diagnostics, never a panic; tariffs
//! that load are applied to the bundled network, with and without a date, without panicking.
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
    match corridor::tariff::load_str(&text, "fuzz.toml") {
        Ok(tariffs) => {
            let _ = tariffs.apply(bundled(), None);
            let _ = tariffs.apply(bundled(), "2024-06-01".parse().ok());
        }
        Err(e) => assert!(!e.diagnostics.is_empty()),
    }
});
