//! `[workspace] imports` and `max-import-age`: which exports of other repositories join
//! this workspace's graph, and how old they may be.

use globset::{Glob, GlobMatcher};

#[derive(Debug, Clone, Default)]
pub struct Imports {
    /// Workspace-relative globs, as written, with their matchers.
    pub globs: Vec<(String, GlobMatcher)>,
    /// Older exports get `stale-import`.
    pub max_age: Option<jiff::SignedDuration>,
}

/// Checks the globs (inside the workspace) and parses the age (`30d`, `2 weeks`, `12h`).
pub fn resolve(globs: &[String], max_age: Option<&str>) -> Result<Imports, String> {
    let mut out = Imports::default();
    for g in globs {
        check_inside("workspace.imports", g)?;
        let m = Glob::new(g)
            .map_err(|e| format!("workspace.imports: `{g}`: {e}"))?
            .compile_matcher();
        out.globs.push((g.clone(), m));
    }
    if let Some(a) = max_age {
        out.max_age = Some(parse_age(a).map_err(|e| format!("workspace.max-import-age: {e}"))?);
    }
    Ok(out)
}

/// A path or glob from the config must stay inside the workspace: relative, without
/// `..` components or backslashes.
fn check_inside(key: &str, path: &str) -> Result<(), String> {
    let inside = !path.is_empty()
        && !std::path::Path::new(path).is_absolute()
        && !path.starts_with('/')
        && !path.split(['/', '\\']).any(|c| c == "..")
        && !path.contains('\\');
    if inside {
        Ok(())
    } else {
        Err(format!(
            "{key}: `{path}` must be a relative path inside the workspace"
        ))
    }
}

/// `30d`, `2 weeks`, `36h`: a friendly duration, in calendar-free units.
pub fn parse_age(text: &str) -> Result<jiff::SignedDuration, String> {
    let span: jiff::Span = text.parse().map_err(|_| {
        format!("`{text}` is not a duration (write e.g. `30d`, `2 weeks` or `12h`)")
    })?;
    // Days and weeks are taken as 24 hours: an export's age is not calendar arithmetic.
    let d = span
        .to_duration(jiff::SpanRelativeTo::days_are_24_hours())
        .map_err(|e| format!("`{text}`: {e}"))?;
    if d.is_negative() || d.is_zero() {
        return Err(format!("`{text}` must be a positive duration"));
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_are_friendly_durations() {
        assert_eq!(parse_age("30d").unwrap().as_secs(), 30 * 86_400);
        assert_eq!(parse_age("2 weeks").unwrap().as_secs(), 14 * 86_400);
        assert_eq!(parse_age("12h").unwrap().as_secs(), 12 * 3600);
        assert!(parse_age("soon").unwrap_err().contains("not a duration"));
        assert!(parse_age("0d").unwrap_err().contains("positive"));
    }

    #[test]
    fn globs_stay_inside_the_workspace() {
        assert!(resolve(&["vendor/traces/*.json".into()], None).is_ok());
        assert!(resolve(&["../other/*.json".into()], None).is_err());
        assert!(resolve(&["/etc/*.json".into()], None).is_err());
        assert!(resolve(&[], Some("yesterday")).is_err());
    }
}
