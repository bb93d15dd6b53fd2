//! `throughline.toml`: the chain policy and which files to read.
//!
//! Every key is optional; with no file at all the built-in default chain applies.
//! Unknown keys are errors (with the TOML position), because a misspelt key that is
//! silently ignored makes a quality gate lie.

use crate::catalog::{self, Severity};
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

pub const CONFIG_FILE: &str = "throughline.toml";

/// What a layer's items need from code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Need {
    Implementation,
    Test,
}

/// One layer of the chain, as written in the config file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LayerConfig {
    pub name: String,
    pub prefix: String,
    #[serde(default)]
    pub derives_from: Vec<String>,
    #[serde(default)]
    pub covered_by: Vec<String>,
    #[serde(default)]
    pub needs: Vec<Need>,
    /// Added by a dialect (`crate::dialects`), not written in the config: its "prefix"
    /// is the class key of the dialect's IDs, never searched for in text.
    #[serde(skip)]
    pub dialect: bool,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct WorkspaceConfig {
    include: Option<Vec<String>>,
    exclude: Option<Vec<String>>,
    tests: Option<Vec<String>>,
    max_file_size: Option<u64>,
    #[serde(default)]
    imports: Vec<String>,
    max_import_age: Option<String>,
    name: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum SeverityConfig {
    Error,
    Warning,
    Info,
    Hint,
    Off,
}

/// `[contracts]`: how API contracts join the chain and how routes are matched.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ContractsConfig {
    derives_from: Option<Vec<String>>,
    #[serde(default)]
    ignore_routes: Vec<String>,
    #[serde(default)]
    prefixes: BTreeMap<String, String>,
}

/// `[governance]`: which code must be traced (`untraced-code`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct GovernanceConfig {
    #[serde(default)]
    require_trace: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    #[serde(default)]
    workspace: WorkspaceConfig,
    #[serde(default)]
    contracts: ContractsConfig,
    layers: Option<Vec<LayerConfig>>,
    #[serde(default)]
    rules: BTreeMap<String, SeverityConfig>,
    #[serde(default)]
    dialects: crate::dialects::config::RawDialects,
    #[serde(default)]
    governance: GovernanceConfig,
    #[serde(default)]
    report: crate::report::config::RawReport,
    #[serde(default)]
    evidence: crate::evidence::config::RawEvidence,
    #[serde(default)]
    trackers: crate::trackers::config::RawTrackers,
    #[serde(default)]
    cache: crate::cache::config::RawCache,
}

/// The resolved policy.
#[derive(Debug, Clone)]
pub struct Config {
    pub layers: Vec<LayerConfig>,
    pub include: GlobSet,
    pub exclude: GlobSet,
    pub tests: GlobSet,
    pub max_file_size: u64,
    /// Effective severity per rule code; `None` means the rule is off.
    severities: BTreeMap<&'static str, Option<Severity>>,
    /// Where the config came from, for messages.
    pub source: Option<String>,
    pub contracts: Contracts,
    /// The exclude globs as written (defaults included), so editor settings can add to them.
    exclude_globs: Vec<String>,
    /// `[dialects]` as configured.
    pub dialects: crate::dialects::config::Dialects,
    /// The Kiro specs folder, when the Kiro dialect is on (set by `Config::load`).
    pub kiro_folder: Option<String>,
    /// The Spec Kit specs folder, when that dialect is on.
    pub speckit_folder: Option<String>,
    /// The OpenSpec folder, when that dialect is on.
    pub openspec_folder: Option<String>,
    /// `[governance] require-trace`: code whose definitions must be traced; `None`
    /// when no glob is given (the default).
    pub require_trace: Option<GlobSet>,
    /// `[report]`: how the HTML report links to sources.
    pub report: crate::report::config::Report,
    /// `[workspace] imports`: other repositories' exports joining the graph.
    pub imports: crate::imports::config::Imports,
    /// `[workspace] name`: the repository's name in exports and other workspaces
    /// (default: the root folder's name).
    pub name: Option<String>,
    /// `[evidence]`: where JUnit XML results are found (docs/evidence.md).
    pub evidence: crate::evidence::config::EvidenceConfig,
    /// `[trackers.NAME]` (docs/trackers.md).
    pub trackers: crate::trackers::config::Trackers,
    /// `[cache]`: where the facts cache lives (docs/cache.md).
    pub cache: crate::cache::config::CacheConfig,
}

/// Editor settings laid over `throughline.toml` by the language server (the VS Code
/// extension sends them as `initializationOptions` and in `didChangeConfiguration`):
/// `{"rules": {"code": "warning"}, "workspace": {"include": [...], "exclude": [...]}}`.
/// A rule here replaces the file's severity, a non-empty `include` replaces the file's,
/// and `exclude` adds to it. Unknown keys and bad entries are ignored with a warning, so
/// a stale editor setting never stops the server.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    pub rules: BTreeMap<String, String>,
    pub include: Vec<String>,
    pub exclude: Vec<String>,
}

impl Overrides {
    /// Reads the settings object; returns it with warnings about what was ignored.
    pub fn from_json(value: &serde_json::Value) -> (Overrides, Vec<String>) {
        let mut out = Overrides::default();
        let mut warnings = Vec::new();
        let strings = |v: Option<&serde_json::Value>, key: &str, warnings: &mut Vec<String>| {
            let mut list = Vec::new();
            match v {
                None | Some(serde_json::Value::Null) => {}
                Some(serde_json::Value::Array(items)) => {
                    for i in items {
                        match i.as_str() {
                            Some(s) => list.push(s.to_string()),
                            None => warnings.push(format!("{key}: {i} is not a string; ignored")),
                        }
                    }
                }
                Some(other) => warnings.push(format!("{key}: {other} is not a list; ignored")),
            }
            list
        };
        if let Some(rules) = value.get("rules") {
            match rules.as_object() {
                Some(map) => {
                    for (code, sev) in map {
                        match sev.as_str() {
                            Some(s) => {
                                out.rules.insert(code.clone(), s.to_string());
                            }
                            None => warnings
                                .push(format!("rules.{code}: {sev} is not a severity; ignored")),
                        }
                    }
                }
                None => warnings.push("rules: not an object; ignored".into()),
            }
        }
        let ws = value.get("workspace");
        out.include = strings(
            ws.and_then(|w| w.get("include")),
            "workspace.include",
            &mut warnings,
        );
        out.exclude = strings(
            ws.and_then(|w| w.get("exclude")),
            "workspace.exclude",
            &mut warnings,
        );
        (out, warnings)
    }
}

/// The resolved `[contracts]` section.
#[derive(Debug, Clone)]
pub struct Contracts {
    /// Layers an operation's `x-requirements` must reach (`untraced` otherwise).
    pub derives_from: Vec<String>,
    /// Routes never reported, as (method or `None` for any, glob over the full path).
    pub ignore_routes: Vec<(Option<String>, globset::GlobMatcher)>,
    /// Values of prefix expressions only configuration knows, keyed by their source text.
    pub prefixes: BTreeMap<String, String>,
}

impl Contracts {
    /// Whether `method path` is on the ignore list.
    pub fn ignores(&self, method: &str, path: &str) -> bool {
        self.ignore_routes.iter().any(|(m, glob)| {
            m.as_deref().is_none_or(|m| m.eq_ignore_ascii_case(method)) && glob.is_match(path)
        })
    }
}

/// A config problem: always a usage error (exit code 2).
#[derive(Debug)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// Test-file conventions per language. A `#[cfg(test)]` module or a test function is
/// also test code wherever it lives (see `grammars/*/tests.scm`).
/// Implements: REQ-TEST-FILES
pub const DEFAULT_TEST_GLOBS: &[&str] = &[
    "**/tests/**",
    "**/test/**",
    "**/__tests__/**",
    "**/spec/**",
    "**/test_*.py",
    "**/*_test.py",
    "**/conftest.py",
    "**/*_test.go",
    "**/*.test.{js,jsx,mjs,cjs,ts,tsx,mts,cts}",
    "**/*.spec.{js,jsx,mjs,cjs,ts,tsx,mts,cts}",
    "**/*Test.java",
    "**/*Tests.java",
    "**/*IT.java",
    "**/*Test.cs",
    "**/*Tests.cs",
    "**/*_test.{c,cc,cpp,cxx}",
    "**/test_*.{c,cc,cpp,cxx}",
    "**/*_test.rs",
];

/// Paths never worth reading, on top of `.gitignore`.
pub const DEFAULT_EXCLUDE_GLOBS: &[&str] = &[
    "**/node_modules/**",
    "**/target/**",
    "**/dist/**",
    "**/build/**",
    "**/vendor/**",
    "**/*.min.js",
    "**/package-lock.json",
    "**/Cargo.lock",
];

/// Implements: REQ-CHAIN-RULES
pub fn default_layers() -> Vec<LayerConfig> {
    fn layer(
        name: &str,
        prefix: &str,
        from: &[&str],
        covered: &[&str],
        needs: &[Need],
    ) -> LayerConfig {
        LayerConfig {
            name: name.into(),
            prefix: prefix.into(),
            derives_from: from.iter().map(|s| s.to_string()).collect(),
            covered_by: covered.iter().map(|s| s.to_string()).collect(),
            needs: needs.to_vec(),
            dialect: false,
        }
    }
    vec![
        layer("roadmap", "RM", &[], &["brief"], &[]),
        layer("brief", "BRIEF", &["roadmap"], &["requirement"], &[]),
        layer(
            "requirement",
            "REQ",
            &["brief"],
            &[],
            &[Need::Implementation, Need::Test],
        ),
        layer(
            "design",
            "DES",
            &["requirement"],
            &[],
            &[Need::Implementation],
        ),
        layer("test-plan", "TC", &["requirement"], &[], &[]),
        layer("runbook", "RB", &[], &[], &[]),
    ]
}

impl Config {
    /// The zero-config default.
    pub fn default_config() -> Config {
        // The default is valid by construction; an error here is a bug caught by tests.
        Config::from_raw(RawConfig::default(), None).expect("default config is valid")
    }

    /// Loads `throughline.toml` from `root`, or the default when there is none.
    pub fn load(root: &Path) -> Result<Config, ConfigError> {
        let path = root.join(CONFIG_FILE);
        match std::fs::read(&path) {
            Ok(bytes) => {
                let text = String::from_utf8(bytes).map_err(|_| {
                    ConfigError(format!("{CONFIG_FILE}: the file is not valid UTF-8"))
                })?;
                Config::parse(&text, CONFIG_FILE).map(|c| c.with_dialects(root))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                Ok(Config::default_config().with_dialects(root))
            }
            Err(e) => Err(ConfigError(format!("{CONFIG_FILE}: cannot read: {e}"))),
        }
    }

    /// Turns on the dialects whose folders exist under `root` (or that the config turns
    /// on), adding their layers after the configured ones.
    /// Implements: REQ-DIALECT-MODEL
    pub fn with_dialects(mut self, root: &Path) -> Config {
        if let Some(folder) = self.dialects.kiro_folder(root) {
            self.layers
                .extend(crate::dialects::kiro_layers(&self.dialects.kiro.needs));
            self.kiro_folder = Some(folder);
        }
        if let Some(folder) = self.dialects.speckit_folder(root) {
            self.layers.extend(crate::dialects::speckit_layers(
                &self.dialects.speckit.needs,
            ));
            self.speckit_folder = Some(folder);
        }
        if let Some(folder) = self.dialects.openspec_folder(root) {
            self.layers.extend(crate::dialects::openspec_layers(
                &self.dialects.openspec.needs,
            ));
            self.openspec_folder = Some(folder);
        }
        self
    }

    /// Implements: REQ-CONFIG
    /// Parses config text; `origin` names it in messages.
    pub fn parse(text: &str, origin: &str) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(text)
            .map_err(|e| ConfigError(format!("{origin}: {}", e.to_string().trim_end())))?;
        Config::from_raw(raw, Some(origin.to_string()))
    }

    fn from_raw(raw: RawConfig, source: Option<String>) -> Result<Config, ConfigError> {
        let origin = source.clone().unwrap_or_else(|| "default config".into());
        let err = |msg: String| ConfigError(format!("{origin}: {msg}"));

        let layers = raw.layers.unwrap_or_else(default_layers);
        validate_layers(&layers).map_err(err)?;

        let mut severities = BTreeMap::new();
        for rule in catalog::RULES {
            severities.insert(rule.code, Some(rule.default_severity));
        }
        for (code, sev) in &raw.rules {
            let Some(rule) = catalog::rule(code) else {
                let known: Vec<&str> = catalog::RULES.iter().map(|r| r.code).collect();
                return Err(err(format!(
                    "unknown rule `{code}` in [rules]; known rules: {}",
                    known.join(", ")
                )));
            };
            let sev = match sev {
                SeverityConfig::Error => Some(Severity::Error),
                SeverityConfig::Warning => Some(Severity::Warning),
                SeverityConfig::Info => Some(Severity::Info),
                SeverityConfig::Hint => Some(Severity::Hint),
                SeverityConfig::Off => None,
            };
            severities.insert(rule.code, sev);
        }

        let ws = raw.workspace;
        let include = build_globs(
            "workspace.include",
            ws.include.as_deref().unwrap_or(&["**".into()]),
        )
        .map_err(err)?;
        let mut exclude_list: Vec<String> = DEFAULT_EXCLUDE_GLOBS
            .iter()
            .map(|s| s.to_string())
            .collect();
        exclude_list.extend(ws.exclude.unwrap_or_default());
        let exclude = build_globs("workspace.exclude", &exclude_list).map_err(err)?;
        let test_list: Vec<String> = ws
            .tests
            .unwrap_or_else(|| DEFAULT_TEST_GLOBS.iter().map(|s| s.to_string()).collect());
        let tests = build_globs("workspace.tests", &test_list).map_err(err)?;
        let contracts = contracts_config(raw.contracts, &layers).map_err(err)?;
        let dialects = crate::dialects::config::resolve(raw.dialects).map_err(err)?;
        let trackers = crate::trackers::config::resolve(raw.trackers).map_err(err)?;
        let require_trace = match raw.governance.require_trace.as_slice() {
            [] => None,
            globs => Some(build_globs("governance.require-trace", globs).map_err(err)?),
        };
        let report = crate::report::config::resolve(raw.report).map_err(err)?;
        let imports = crate::imports::config::resolve(&ws.imports, ws.max_import_age.as_deref())
            .map_err(err)?;
        let evidence = crate::evidence::config::resolve(raw.evidence).map_err(err)?;
        let cache = crate::cache::config::resolve(raw.cache).map_err(err)?;

        Ok(Config {
            layers,
            include,
            exclude,
            tests,
            max_file_size: ws.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE),
            severities,
            source,
            contracts,
            exclude_globs: exclude_list,
            dialects,
            kiro_folder: None,
            speckit_folder: None,
            openspec_folder: None,
            require_trace,
            report,
            imports,
            name: ws.name.clone(),
            evidence,
            trackers,
            cache,
        })
    }

    /// This config with editor settings laid over it, and warnings about settings that
    /// could not be applied (unknown rule codes or severities, bad globs).
    /// Implements: REQ-CONFIG
    pub fn with_overrides(mut self, o: &Overrides) -> (Config, Vec<String>) {
        let mut warnings = Vec::new();
        for (code, sev) in &o.rules {
            let Some(rule) = catalog::rule(code) else {
                warnings.push(format!("rules: `{code}` is not a rule code; ignored"));
                continue;
            };
            let sev = match sev.as_str() {
                "error" => Some(Severity::Error),
                "warning" => Some(Severity::Warning),
                "info" => Some(Severity::Info),
                "hint" => Some(Severity::Hint),
                "off" => None,
                other => {
                    warnings.push(format!(
                        "rules.{code}: `{other}` is not error, warning, info, hint or off; ignored"
                    ));
                    continue;
                }
            };
            self.severities.insert(rule.code, sev);
        }
        if !o.include.is_empty() {
            match build_globs("workspace.include", &o.include) {
                Ok(g) => self.include = g,
                Err(e) => warnings.push(format!("{e}; the file's include list stays")),
            }
        }
        if !o.exclude.is_empty() {
            let mut all = self.exclude_globs.clone();
            all.extend(o.exclude.iter().cloned());
            match build_globs("workspace.exclude", &all) {
                Ok(g) => {
                    self.exclude = g;
                    self.exclude_globs = all;
                }
                Err(e) => warnings.push(format!("{e}; the extra excludes are ignored")),
            }
        }
        (self, warnings)
    }

    /// The effective severity of a rule, `None` when it is turned off.
    pub fn severity(&self, code: &str) -> Option<Severity> {
        self.severities.get(code).copied().flatten()
    }

    /// The folders of the dialects that are on (walked even when hidden).
    pub fn dialect_folders(&self) -> Vec<String> {
        [
            &self.kiro_folder,
            &self.speckit_folder,
            &self.openspec_folder,
        ]
        .into_iter()
        .flatten()
        .cloned()
        .collect()
    }

    /// Whether the definitions of the file at `rel` must be traced (`untraced-code`).
    pub fn requires_trace(&self, rel: &str) -> bool {
        self.require_trace.as_ref().is_some_and(|g| g.is_match(rel))
    }

    /// The ID prefixes searched for in text (dialect layers have none).
    pub fn prefixes(&self) -> Vec<&str> {
        self.layers
            .iter()
            .filter(|l| !l.dialect)
            .map(|l| l.prefix.as_str())
            .collect()
    }

    pub fn layer_by_prefix(&self, prefix: &str) -> Option<&LayerConfig> {
        self.layers.iter().find(|l| l.prefix == prefix)
    }

    pub fn layer_by_name(&self, name: &str) -> Option<&LayerConfig> {
        self.layers.iter().find(|l| l.name == name)
    }

    /// The layer an ID belongs to, by its prefix.
    pub fn layer_of(&self, id: &str) -> Option<&LayerConfig> {
        self.layer_by_prefix(crate::ids::prefix_of(id))
    }
}

fn validate_layers(layers: &[LayerConfig]) -> Result<(), String> {
    if layers.is_empty() {
        return Err("`layers` is empty: define at least one layer".into());
    }
    for (i, l) in layers.iter().enumerate() {
        if l.prefix.is_empty() || !l.prefix.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(format!(
                "layer `{}`: prefix `{}` must be one or more uppercase ASCII letters",
                l.name, l.prefix
            ));
        }
        if l.name.trim().is_empty() {
            return Err(format!(
                "layer with prefix `{}` has an empty name",
                l.prefix
            ));
        }
        if let Some(other) = layers[..i]
            .iter()
            .find(|o| o.name == l.name || o.prefix == l.prefix)
        {
            return Err(format!(
                "layers `{}` ({}) and `{}` ({}) share a name or prefix",
                other.name, other.prefix, l.name, l.prefix
            ));
        }
        for (key, refs) in [
            ("derives-from", &l.derives_from),
            ("covered-by", &l.covered_by),
        ] {
            for r in refs {
                if !layers.iter().any(|o| &o.name == r) {
                    let names: Vec<&str> = layers.iter().map(|o| o.name.as_str()).collect();
                    return Err(format!(
                        "layer `{}`: {key} names unknown layer `{r}`; layers are: {}",
                        l.name,
                        names.join(", ")
                    ));
                }
            }
        }
    }
    Ok(())
}

fn contracts_config(raw: ContractsConfig, layers: &[LayerConfig]) -> Result<Contracts, String> {
    let derives_from = match raw.derives_from {
        Some(names) => {
            for n in &names {
                if !layers.iter().any(|l| &l.name == n) {
                    return Err(format!("contracts.derives-from names unknown layer `{n}`"));
                }
            }
            names
        }
        // By default operations derive from requirements, when there is such a layer.
        None => layers
            .iter()
            .filter(|l| l.name == "requirement")
            .map(|l| l.name.clone())
            .collect(),
    };
    let mut ignore_routes = Vec::new();
    for entry in &raw.ignore_routes {
        let (method, pattern) = match entry.trim().split_once(' ') {
            Some((m, p)) if m.chars().all(|c| c.is_ascii_alphabetic()) => {
                (Some(m.to_ascii_uppercase()), p.trim())
            }
            _ => (None, entry.trim()),
        };
        if !pattern.starts_with('/') {
            return Err(format!(
                "contracts.ignore-routes: `{entry}` must be a path glob starting with `/`, optionally after a method (`GET /health`)"
            ));
        }
        let glob = Glob::new(pattern).map_err(|e| {
            format!(
                "contracts.ignore-routes: bad glob `{pattern}`: {}",
                e.kind()
            )
        })?;
        ignore_routes.push((method, glob.compile_matcher()));
    }
    Ok(Contracts {
        derives_from,
        ignore_routes,
        prefixes: raw.prefixes,
    })
}

fn build_globs(key: &str, globs: &[String]) -> Result<GlobSet, String> {
    let mut builder = GlobSetBuilder::new();
    for g in globs {
        let glob = Glob::new(g).map_err(|e| format!("{key}: bad glob `{g}`: {}", e.kind()))?;
        builder.add(glob);
    }
    builder.build().map_err(|e| format!("{key}: {e}"))
}

// Verifies: REQ-CONFIG, REQ-CHAIN-RULES
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_has_the_six_layers() {
        let c = Config::default_config();
        assert_eq!(c.prefixes(), ["RM", "BRIEF", "REQ", "DES", "TC", "RB"]);
        assert_eq!(c.severity("duplicate-id"), Some(Severity::Error));
        assert_eq!(c.severity("missing-test"), Some(Severity::Warning));
    }

    #[test]
    fn unknown_key_is_an_error_with_position() {
        let e = Config::parse("[workspace]\nincldue = []\n", "throughline.toml").unwrap_err();
        assert!(e.0.contains("incldue"), "{e}");
        assert!(e.0.contains("line 2"), "{e}");
    }

    #[test]
    fn bad_glob_is_an_error() {
        let e = Config::parse("[workspace]\nexclude = [\"a/[b\"]\n", "t").unwrap_err();
        assert!(e.0.contains("bad glob `a/[b`"), "{e}");
    }

    #[test]
    fn unknown_rule_and_layer_references_are_errors() {
        let e = Config::parse("[rules]\nmissing-tests = \"off\"\n", "t").unwrap_err();
        assert!(e.0.contains("unknown rule `missing-tests`"), "{e}");
        let e = Config::parse(
            "[[layers]]\nname = \"req\"\nprefix = \"REQ\"\nderives-from = [\"brief\"]\n",
            "t",
        )
        .unwrap_err();
        assert!(e.0.contains("unknown layer `brief`"), "{e}");
    }

    #[test]
    fn layers_replace_the_default_and_rules_can_be_turned_off() {
        let c = Config::parse(
            "[[layers]]\nname = \"spec\"\nprefix = \"SPEC\"\nneeds = [\"test\"]\n[rules]\nuncovered = \"off\"\nmissing-test = \"error\"\n",
            "t",
        )
        .unwrap();
        assert_eq!(c.prefixes(), ["SPEC"]);
        assert_eq!(c.severity("uncovered"), None);
        assert_eq!(c.severity("missing-test"), Some(Severity::Error));
    }

    // Verifies: REQ-UNTRACED-CODE
    #[test]
    fn governance_globs_are_read_and_unknown_keys_rejected() {
        let c = Config::parse("[governance]\nrequire-trace = [\"src/**\"]\n", "t").unwrap();
        assert!(c.requires_trace("src/pay.rs"));
        assert!(!c.requires_trace("tests/pay.rs"));
        assert!(!Config::default_config().requires_trace("src/pay.rs"));
        let e = Config::parse("[governance]\nrequire-traces = []\n", "t").unwrap_err();
        assert!(e.0.contains("require-traces"), "{e}");
        let e = Config::parse("[governance]\nrequire-trace = [\"a/[b\"]\n", "t").unwrap_err();
        assert!(e.0.contains("governance.require-trace"), "{e}");
    }

    #[test]
    fn lowercase_prefix_is_rejected() {
        let e = Config::parse("[[layers]]\nname = \"x\"\nprefix = \"Req\"\n", "t").unwrap_err();
        assert!(e.0.contains("uppercase"), "{e}");
    }
}
