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

// Verifies: DLV-EDITOR-DOCS
#[test]
fn the_editor_guide_covers_each_editor_and_its_links_resolve() {
    let guide = std::fs::read_to_string(repo_path("docs/editors.md")).expect("docs/editors.md");
    for editor in ["VS Code", "Neovim", "Helix", "Emacs"] {
        let section = guide
            .split(&format!("\n## {editor}\n"))
            .nth(1)
            .unwrap_or_else(|| panic!("docs/editors.md has no `## {editor}` section"));
        let section = section.split("\n## ").next().unwrap();
        for sub in ["### Install", "### Troubleshooting"] {
            assert!(section.contains(sub), "the {editor} section lacks {sub}");
        }
    }
    // Images and relative links point at files that exist.
    let mut links = 0;
    for target in guide
        .split("](")
        .skip(1)
        .filter_map(|s| s.split(')').next())
    {
        if target.starts_with("http") || target.starts_with('#') {
            continue;
        }
        links += 1;
        assert!(
            repo_path("docs").join(target).exists(),
            "docs/editors.md links to {target}, which does not exist"
        );
    }
    assert!(links >= 3, "the screenshots are linked");
    // Every package and test script the guide names exists, and CI runs the tests.
    let ci = std::fs::read_to_string(repo_path("scripts/test.sh")).unwrap();
    for path in [
        "extensions/vscode",
        "extensions/nvim",
        "extensions/helix/languages.toml",
        "extensions/emacs/throughline.el",
    ] {
        assert!(
            guide.contains(&format!("`{path}`")),
            "the guide names {path}"
        );
        assert!(repo_path(path).exists(), "{path} exists");
    }
    for editor in ["vscode", "nvim", "helix", "emacs"] {
        let script = format!("tests/{editor}/run.sh");
        assert!(
            guide.contains(&script),
            "the guide says how {editor} is tested"
        );
        assert!(
            ci.contains(&format!("bash {script}")),
            "scripts/test.sh runs {script}"
        );
    }
    assert!(
        readme().contains("docs/editors.md"),
        "the README links the guide"
    );
}
