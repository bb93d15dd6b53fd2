//! The README documents what the binary does: every rule, every default layer, a valid
//! config example, and the two newcomer commands that CI also runs.
// Verifies: DLV-DOCS

use crate::common::repo_path;
use throughline::catalog::RULES;
use throughline::config::{default_layers, Config};

fn readme() -> String {
    std::fs::read_to_string(repo_path("README.md")).expect("README.md exists")
}

#[test]
fn every_rule_code_has_a_row_in_the_rule_table() {
    let readme = readme();
    for rule in RULES {
        let row = format!("| `{}` | {} |", rule.code, rule.default_severity.label());
        assert!(
            readme.contains(&row),
            "README lacks the row for {}: {row}",
            rule.code
        );
    }
}

#[test]
fn every_default_layer_is_in_the_policy_table() {
    let readme = readme();
    for layer in default_layers() {
        let row = format!("| {} | `{}` |", layer.name, layer.prefix);
        assert!(readme.contains(&row), "README lacks the layer row {row}");
    }
}

#[test]
fn the_config_example_is_valid() {
    let readme = readme();
    let section = readme
        .split("## Configuration")
        .nth(1)
        .expect("a configuration section");
    let block = section
        .split("```toml\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("a toml block");
    let config = Config::parse(block, "README example").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(config.prefixes(), ["BRIEF", "REQ"]);
}

#[test]
fn ci_runs_the_readme_test_command() {
    assert!(readme().contains("bash scripts/test.sh"));
    let ci = std::fs::read_to_string(repo_path(".ci/run")).unwrap();
    assert!(ci.contains("scripts/test.sh"), "{ci}");
}
