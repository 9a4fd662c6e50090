//! The scenarios shipped in `scenarios/`, embedded in the binary as the bundled network is, so
//! `--scenario kuryk_closed` works from any folder; and the rule that turns a `--scenario`
//! argument into a scenario: the file at that path if there is one, else the built-in scenario
//! of that name, else an error that suggests the closest built-in names.

use std::path::Path;

use super::{Scenario, ScenarioError, load_file, load_str};
use crate::network::{Diagnostic, Severity, closest};

/// A scenario built into the binary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuiltIn {
    /// Its name, which is also its file name without `.toml`.
    pub name: &'static str,
    /// The file it was embedded from, used in messages (`scenarios/kuryk_closed.toml`).
    pub path: &'static str,
    /// The file's text.
    pub text: &'static str,
}

macro_rules! built_in {
    ($($name:literal),* $(,)?) => {
        [$(BuiltIn {
            name: $name,
            path: concat!("scenarios/", $name, ".toml"),
            text: include_str!(concat!("../../scenarios/", $name, ".toml")),
        }),*]
    };
}

/// Every scenario in `scenarios/`, by name in alphabetical order.
pub const BUILT_IN: [BuiltIn; 9] = built_in!(
    "anaklia_port_opens",
    "border_digitalisation",
    "btk_upgrade",
    "caspian_winter",
    "ferry_fleet_doubled",
    "kuryk_closed",
    "northern_route_closed",
    "rail_tariff_cut",
    "red_sea_closed",
);

/// The built-in scenario with this exact name.
#[must_use]
pub fn built_in(name: &str) -> Option<&'static BuiltIn> {
    BUILT_IN.iter().find(|b| b.name == name)
}

impl BuiltIn {
    /// The scenario.
    ///
    /// # Errors
    /// Only if the embedded file is broken, which the test suite rules out.
    pub fn load(&self) -> Result<Scenario, ScenarioError> {
        load_str(self.text, self.path)
    }
}

/// Reads a scenario named on the command line: the file at `spec` if there is one, else the
/// built-in scenario named `spec` (`kuryk_closed`, without a folder or `.toml`).
///
/// # Errors
/// As [`load_file`] for a file; for a name that is neither a file nor a built-in scenario, one
/// diagnostic that suggests the closest built-in names.
///
/// # Example
/// ```
/// let s = corridor::scenario::load(std::path::Path::new("kuryk_closed")).unwrap();
/// assert_eq!(s.name, "kuryk_closed");
/// let e = corridor::scenario::load(std::path::Path::new("kuryk_close")).unwrap_err();
/// assert_eq!(e.diagnostics[0].hint.as_deref(), Some(
///     "did you mean \"kuryk_closed\"? `corridor scenario list` shows the built-in scenarios"));
/// ```
pub fn load(spec: &Path) -> Result<Scenario, ScenarioError> {
    let name = spec.to_str().unwrap_or_default();
    if spec.exists() {
        return load_file(spec);
    }
    if let Some(b) = built_in(name) {
        return b.load();
    }
    let stem = spec
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let looks_like_a_path = spec.components().count() > 1 || spec.extension().is_some();
    if looks_like_a_path {
        // A missing file: say so, and point at the built-in scenario of the same name.
        return load_file(spec).map_err(|mut e| {
            if let (Some(d), Some(b)) = (e.diagnostics.first_mut(), built_in(stem)) {
                d.hint = Some(format!(
                    "a built-in scenario has that name: --scenario {}",
                    b.name
                ));
            }
            e
        });
    }
    let names = BUILT_IN.iter().map(|b| b.name);
    let hint = match closest(name, names.clone(), 3).as_slice() {
        [] => format!(
            "built-in scenarios: {}",
            names.collect::<Vec<_>>().join(", ")
        ),
        close => format!(
            "did you mean {}? `corridor scenario list` shows the built-in scenarios",
            close
                .iter()
                .map(|c| format!("{c:?}"))
                .collect::<Vec<_>>()
                .join(" or ")
        ),
    };
    let mut d = Diagnostic::without_position(
        Severity::Error,
        &spec.display().to_string(),
        "no such file, and no built-in scenario has that name".to_owned(),
    );
    d.hint = Some(hint);
    Err(ScenarioError {
        diagnostics: vec![d],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_scenario_loads_under_its_own_name() {
        for b in &BUILT_IN {
            let s = b.load().unwrap_or_else(|e| panic!("{}", e.render()));
            assert_eq!(s.name, b.name);
        }
    }

    #[test]
    fn unknown_names_suggest_built_in_ones() {
        let e = load(Path::new("caspian_wintr")).expect_err("unknown");
        assert_eq!(
            e.diagnostics[0].to_string(),
            "caspian_wintr: error: no such file, and no built-in scenario has that name"
        );
        let e = load(Path::new("zzzzzz")).expect_err("unknown");
        let hint = e.diagnostics[0].hint.clone().unwrap_or_default();
        assert!(
            hint.starts_with("built-in scenarios: anaklia_port_opens, "),
            "{hint}"
        );
        let e = load(Path::new("elsewhere/kuryk_closed.toml")).expect_err("no such file");
        assert_eq!(
            e.diagnostics[0].hint.as_deref(),
            Some("a built-in scenario has that name: --scenario kuryk_closed")
        );
    }
}
