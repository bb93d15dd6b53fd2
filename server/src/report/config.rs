//! `[report]` in `throughline.toml`.

use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawReport {
    source_url: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Report {
    /// A link template with `{path}`, `{line}` and optionally `{rev}`, e.g.
    /// `https://github.com/org/repo/blob/{rev}/{path}#L{line}`.
    pub source_url: Option<String>,
}

/// Checks the template: it must name `{path}`, and only the known placeholders.
pub fn resolve(raw: RawReport) -> Result<Report, String> {
    if let Some(t) = &raw.source_url {
        check_template(t).map_err(|e| format!("report.source-url: {e}"))?;
    }
    Ok(Report {
        source_url: raw.source_url,
    })
}

fn check_template(t: &str) -> Result<(), String> {
    if !t.contains("{path}") {
        return Err(format!("`{t}` does not contain `{{path}}`"));
    }
    let mut rest = t;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return Err(format!("`{t}` has an unclosed `{{`"));
        };
        let name = &after[..close];
        if !matches!(name, "path" | "line" | "rev") {
            return Err(format!(
                "unknown placeholder `{{{name}}}` in `{t}` (use {{path}}, {{line}} and {{rev}})"
            ));
        }
        rest = &after[close + 1..];
    }
    Ok(())
}

/// The link for a location, from the template.
pub fn link(template: &str, rev: &str, path: &str, line: u32) -> String {
    template
        .replace("{rev}", rev)
        .replace("{path}", path)
        .replace("{line}", &line.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_need_a_path_and_known_placeholders() {
        assert!(check_template("https://x/blob/{rev}/{path}#L{line}").is_ok());
        assert!(check_template("https://x/{line}")
            .unwrap_err()
            .contains("{path}"));
        assert!(check_template("https://x/{path}/{branch}")
            .unwrap_err()
            .contains("`{branch}`"));
        assert!(check_template("https://x/{path}/{line")
            .unwrap_err()
            .contains("unclosed"));
        assert_eq!(
            link("https://x/blob/{rev}/{path}#L{line}", "abc", "src/a.rs", 7),
            "https://x/blob/abc/src/a.rs#L7"
        );
    }
}
