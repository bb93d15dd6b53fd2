//! `[trackers.NAME]` in `throughline.toml`: where a team's tickets and designs live.
//!
//! ```toml
//! [trackers.jira]                      # kind defaults to the table's name when it is one
//! pattern = "PAY-[0-9]+"               # default for jira: [A-Z][A-Z0-9]+-[0-9]+
//! url = "https://acme.atlassian.net/browse/{key}"
//! export = "tracker/jira.json"         # optional: offline status and titles
//!
//! [trackers.github]
//! repo = "acme/pay"                    # bare `#123` on `Tracks:` lines means this repo
//! export = "tracker/issues.json"       # `gh issue list --json number,title,state,labels`
//! ```
//!
//! Everything is checked here, so a bad regex or template stops `check` with a message
//! naming the table instead of producing wrong links later.

use regex::Regex;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The `[trackers]` table as written: one entry per tracker name.
pub type RawTrackers = BTreeMap<String, RawTracker>;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawTracker {
    kind: Option<Kind>,
    pattern: Option<String>,
    url: Option<String>,
    repo: Option<String>,
    export: Option<String>,
    format: Option<Format>,
}

/// What a tracker is; each kind has a built-in pattern (and, where the URL is fixed, a
/// built-in template).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Jira,
    Github,
    Azure,
    Figma,
    Custom,
}

/// The file format of an export; sniffed from the file when not given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// The JSON of Jira's REST search: `{"issues": [{"key", "fields": {...}}]}`.
    JiraJson,
    /// Jira's CSV export (`Issue key`, `Summary`, `Status`, `Status Category`).
    JiraCsv,
    /// `gh issue list --json number,title,state,labels`.
    GithubJson,
}

/// One resolved tracker.
#[derive(Debug, Clone)]
pub struct Tracker {
    pub name: String,
    pub kind: Kind,
    /// Finds keys anywhere in an item's text.
    pub pattern: Regex,
    /// Finds keys only on `Tracks:` lines (GitHub's bare `#123`, too common in prose:
    /// "#1 priority", colours like `#333`).
    pub tracks_only: Option<Regex>,
    url: Template,
    /// `org/repo` of GitHub's bare `#123`.
    pub repo: Option<(String, String)>,
    /// Workspace-relative path of the export file.
    pub export: Option<String>,
    pub format: Option<Format>,
}

/// The resolved `[trackers]` table, in name order.
#[derive(Debug, Clone, Default)]
pub struct Trackers {
    pub list: Vec<Tracker>,
}

impl Trackers {
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Whether `rel` is some tracker's export file (the language server reloads it).
    pub fn is_export(&self, rel: &str) -> bool {
        self.list.iter().any(|t| t.export.as_deref() == Some(rel))
    }
}

const JIRA_PATTERN: &str = "[A-Z][A-Z0-9]+-[0-9]+";
const GITHUB_PATTERN: &str =
    r"(?P<org>[A-Za-z0-9][A-Za-z0-9-]*)/(?P<repo>[A-Za-z0-9._-]+)#(?P<number>[0-9]+)";
const GITHUB_BARE: &str = "#(?P<number>[0-9]+)";
const GITHUB_URL: &str = "https://github.com/{org}/{repo}/issues/{number}";
const AZURE_PATTERN: &str = "AB#(?P<number>[0-9]+)";
const FIGMA_PATTERN: &str = r#"https://(?:www\.)?figma\.com/(?:file|design|proto|board)/(?P<key>[A-Za-z0-9]+)(?:[/?#][^\s)\]>"'`<]*)?"#;
const FIGMA_URL: &str = "{match}";

/// Validates `[trackers]`: kinds, regexes, URL templates, export paths inside the
/// workspace.
/// Implements: REQ-TRACKER-LINKS
pub fn resolve(raw: RawTrackers) -> Result<Trackers, String> {
    let mut list = Vec::new();
    for (name, t) in raw {
        list.push(tracker(&name, t).map_err(|e| format!("trackers.{name}: {e}"))?);
    }
    Ok(Trackers { list })
}

fn tracker(name: &str, raw: RawTracker) -> Result<Tracker, String> {
    let kind = match raw.kind {
        Some(k) => k,
        None => match name {
            "jira" => Kind::Jira,
            "github" => Kind::Github,
            "azure" => Kind::Azure,
            "figma" => Kind::Figma,
            _ => Kind::Custom,
        },
    };
    let (default_pattern, default_url) = match kind {
        Kind::Jira => (Some(JIRA_PATTERN), None),
        Kind::Github => (Some(GITHUB_PATTERN), Some(GITHUB_URL)),
        Kind::Azure => (Some(AZURE_PATTERN), None),
        Kind::Figma => (Some(FIGMA_PATTERN), Some(FIGMA_URL)),
        Kind::Custom => (None, None),
    };
    let source = match (&raw.pattern, default_pattern) {
        (Some(p), _) => p.as_str(),
        (None, Some(p)) => p,
        (None, None) => return Err("`pattern` is required (a regex for the keys)".into()),
    };
    let pattern = compile(source)?;
    let repo = match &raw.repo {
        None => None,
        Some(r) if kind != Kind::Github => {
            return Err(format!("`repo = \"{r}\"` applies to kind \"github\" only"));
        }
        Some(r) => match r.split_once('/') {
            Some((o, n)) if !o.is_empty() && !n.is_empty() && !n.contains('/') => {
                Some((o.to_string(), n.to_string()))
            }
            _ => return Err(format!("`repo = \"{r}\"` must be `org/repo`")),
        },
    };
    let tracks_only = (kind == Kind::Github && repo.is_some()).then(|| compile(GITHUB_BARE));
    let tracks_only = tracks_only.transpose()?;
    let url_source = match (&raw.url, default_url) {
        (Some(u), _) => u.as_str(),
        (None, Some(u)) => u,
        (None, None) => return Err(
            "`url` is required (a template such as \"https://acme.atlassian.net/browse/{key}\")"
                .into(),
        ),
    };
    let mut names: Vec<&str> = vec!["key", "match"];
    names.extend(pattern.capture_names().flatten());
    if repo.is_some() {
        names.extend(["org", "repo"]);
    }
    let url = Template::parse(url_source, &names)?;
    let export = raw.export.as_deref().map(inside_workspace).transpose()?;
    if raw.format.is_some() && export.is_none() {
        return Err("`format` needs an `export` file".into());
    }
    Ok(Tracker {
        name: name.to_string(),
        kind,
        pattern,
        tracks_only,
        url,
        repo,
        export,
        format: raw.format,
    })
}

fn compile(source: &str) -> Result<Regex, String> {
    if source.is_empty() {
        return Err("`pattern` is empty".into());
    }
    let re = regex::RegexBuilder::new(source)
        // A pattern is matched against every item's text: keep it from growing huge.
        .size_limit(1 << 20)
        .build()
        .map_err(|e| format!("`pattern` is not a valid regex: {e}"))?;
    if re.is_match("") {
        return Err(format!("`pattern` \"{source}\" matches the empty text"));
    }
    Ok(re)
}

/// A workspace-relative path, `/`-separated, that cannot leave the workspace.
fn inside_workspace(path: &str) -> Result<String, String> {
    let clean = path.trim_start_matches("./");
    let inside = !clean.is_empty()
        && !Path::new(clean).is_absolute()
        && !clean.starts_with('/')
        && !clean.contains('\\')
        && !clean.split('/').any(|c| c == "..");
    if !inside {
        return Err(format!(
            "`export = \"{path}\"` must be a relative path inside the workspace"
        ));
    }
    Ok(clean.to_string())
}

/// A URL template: literal text and `{name}` placeholders.
#[derive(Debug, Clone)]
struct Template {
    parts: Vec<Part>,
}

#[derive(Debug, Clone)]
enum Part {
    Text(String),
    Var(String),
}

impl Template {
    fn parse(source: &str, known: &[&str]) -> Result<Template, String> {
        let mut parts = Vec::new();
        let mut rest = source;
        while let Some(open) = rest.find(['{', '}']) {
            if rest[open..].starts_with('}') {
                return Err(format!("`url` \"{source}\" has a `}}` without `{{`"));
            }
            let Some(close) = rest[open..].find('}') else {
                return Err(format!("`url` \"{source}\" has a `{{` without `}}`"));
            };
            let name = &rest[open + 1..open + close];
            if !known.contains(&name) {
                return Err(format!(
                    "`url` \"{source}\": unknown placeholder `{{{name}}}`; known: {}",
                    known
                        .iter()
                        .map(|n| format!("{{{n}}}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            if open > 0 {
                parts.push(Part::Text(rest[..open].to_string()));
            }
            parts.push(Part::Var(name.to_string()));
            rest = &rest[open + close + 1..];
        }
        if !rest.is_empty() {
            parts.push(Part::Text(rest.to_string()));
        }
        let starts_ok = match parts.first() {
            Some(Part::Text(t)) => t.starts_with("https://") || t.starts_with("http://"),
            Some(Part::Var(v)) => v == "match",
            None => false,
        };
        if !starts_ok {
            return Err(format!(
                "`url` \"{source}\" must start with https:// or http://"
            ));
        }
        Ok(Template { parts })
    }

    fn render(&self, value: &dyn Fn(&str) -> Option<String>) -> String {
        let mut out = String::new();
        for p in &self.parts {
            match p {
                Part::Text(t) => out.push_str(t),
                Part::Var(v) => out.push_str(&value(v).unwrap_or_default()),
            }
        }
        out
    }
}

impl Tracker {
    /// The URL of a match of this tracker's patterns.
    pub fn url(&self, caps: &regex::Captures<'_>, key: &str) -> String {
        self.url.render(&|name| match name {
            "key" => Some(key.to_string()),
            "match" => caps.get(0).map(|m| m.as_str().to_string()),
            "org" | "repo" if caps.name(name).is_none() => {
                self.repo
                    .as_ref()
                    .map(|(o, r)| if name == "org" { o.clone() } else { r.clone() })
            }
            _ => caps.name(name).map(|m| m.as_str().to_string()),
        })
    }
}

// Verifies: REQ-TRACKER-LINKS
#[cfg(test)]
mod tests {
    use super::*;

    fn one(toml_text: &str) -> Result<Trackers, String> {
        let raw: RawTrackers = toml::from_str(toml_text).map_err(|e| e.to_string())?;
        resolve(raw)
    }

    #[test]
    fn kinds_default_to_the_table_name_and_bring_their_patterns() {
        let t = one("[github]\nrepo = \"acme/pay\"\n[figma]\n").unwrap();
        assert_eq!(t.list[0].kind, Kind::Figma);
        assert_eq!(t.list[1].kind, Kind::Github);
        assert!(t.list[1].tracks_only.is_some());
    }

    #[test]
    fn bad_regexes_templates_and_paths_are_errors_naming_the_table() {
        let e = one("[jira]\npattern = \"PAY-[\"\nurl = \"https://x/{key}\"\n").unwrap_err();
        assert!(
            e.starts_with("trackers.jira: `pattern` is not a valid regex"),
            "{e}"
        );
        let e = one("[jira]\nurl = \"https://x/{id}\"\n").unwrap_err();
        assert!(e.contains("unknown placeholder `{id}`"), "{e}");
        let e = one("[jira]\nurl = \"https://x/{key\"\n").unwrap_err();
        assert!(e.contains("without `}`"), "{e}");
        let e = one("[jira]\nurl = \"ftp://x/{key}\"\n").unwrap_err();
        assert!(e.contains("must start with https://"), "{e}");
        let e = one("[jira]\nurl = \"https://x/{key}\"\nexport = \"../x.json\"\n").unwrap_err();
        assert!(e.contains("inside the workspace"), "{e}");
        let e = one("[jira]\nurl = \"https://x/{key}\"\nexport = \"/etc/x.json\"\n").unwrap_err();
        assert!(e.contains("inside the workspace"), "{e}");
        let e = one("[ops]\nurl = \"https://x/{key}\"\n").unwrap_err();
        assert!(e.contains("`pattern` is required"), "{e}");
        let e = one("[jira]\npattern = \"a*\"\nurl = \"https://x/{key}\"\n").unwrap_err();
        assert!(e.contains("matches the empty text"), "{e}");
        let e = one("[jira]\nurl = \"https://x/{key}\"\nrepo = \"a/b\"\n").unwrap_err();
        assert!(e.contains("kind \"github\" only"), "{e}");
        let e = one("[jira]\nurl = \"https://x/{key}\"\nformat = \"jira-csv\"\n").unwrap_err();
        assert!(e.contains("needs an `export`"), "{e}");
        assert!(one("[jira]\nurl = \"https://x\"\ncolour = 1\n").is_err());
    }

    #[test]
    fn named_groups_are_placeholders() {
        let t = one("[ops]\npattern = \"OPS-(?P<n>[0-9]+)\"\nurl = \"https://ops/{n}\"\n").unwrap();
        let t = &t.list[0];
        let caps = t.pattern.captures("OPS-42").unwrap();
        assert_eq!(t.url(&caps, "OPS-42"), "https://ops/42");
    }
}
