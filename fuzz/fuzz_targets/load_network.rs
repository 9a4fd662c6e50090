//! Any bytes given to the network loader give a network or positioned diagnostics, never a
//! panic; a network that loads can be planned on.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match corridor::network::load_str(&text, "fuzz.toml") {
        Ok(loaded) => {
            let network = loaded.network;
            let planner = corridor::search::Planner::new(&network);
            let last = network.nodes.len().saturating_sub(1);
            let none = corridor::search::Constraints::default();
            let _ = planner.trade_offs(0, last, &none);
        }
        Err(e) => {
            assert!(!e.diagnostics.is_empty());
            for d in &e.diagnostics {
                assert!(d.line >= 1 && d.col >= 1, "unpositioned: {d}");
            }
        }
    }
});
