//! Other repositories' `throughline export` files, read into this workspace's graph
//! (`[workspace] imports`, docs/export.md). Each imported item, link and annotation
//! becomes facts of a file named `@REPO/PATH`, marked with its origin, so every rule and
//! the coverage count them; findings located in imported files are dropped (their own
//! repository reports them). A bad, foreign or stale export is a finding on its file.

pub mod config;
mod convert;
mod find;

use crate::catalog;
use crate::config::Config;
use crate::export::model::{Export, FORMAT, VERSION};
use crate::facts::{FileFacts, FileProblem, SourceKind};
use crate::text::{Pos, Range};
use std::path::Path;
use std::sync::Arc;

/// The facts of every configured import, plus a file of problems for each export that
/// cannot be used or is stale. Never fails: what cannot be read is reported.
/// Implements: REQ-IMPORTS
pub fn load(root: &Path, config: &Config) -> Vec<Arc<FileFacts>> {
    let imports = &config.imports;
    if imports.globs.is_empty() {
        return Vec::new();
    }
    let now = jiff::Timestamp::now();
    let mut out = Vec::new();
    for rel in find::files(root, &imports.globs) {
        let (facts, problems) = match read(root, &rel) {
            Ok(export) => {
                let mut problems = Vec::new();
                if let Some(p) = stale(&export, imports.max_age, now) {
                    problems.push(p);
                }
                (convert::facts(&export), problems)
            }
            Err(p) => (Vec::new(), vec![p]),
        };
        out.extend(facts.into_iter().map(Arc::new));
        if !problems.is_empty() {
            let mut f = FileFacts::new(rel, SourceKind::Text, false);
            f.problems = problems;
            out.push(Arc::new(f));
        }
    }
    out
}

/// Whether a file's facts came from an import (and its findings belong elsewhere).
pub fn is_imported(facts: &FileFacts) -> bool {
    facts.origin.is_some()
}

fn problem(code: &'static str, line: u32, message: String) -> FileProblem {
    let at = Pos { line, col: 0 };
    FileProblem {
        code,
        range: Range { start: at, end: at },
        message,
    }
}

fn read(root: &Path, rel: &str) -> Result<Export, FileProblem> {
    let invalid = |line: u32, m: String| problem(catalog::INVALID_IMPORT, line, m);
    let bytes = std::fs::read(root.join(rel))
        .map_err(|e| invalid(0, format!("cannot read the export {rel}: {e}")))?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
        invalid(
            e.line().saturating_sub(1) as u32,
            format!("{rel} is not valid JSON: {e}"),
        )
    })?;
    let format = value.get("format").and_then(|v| v.as_str());
    if format != Some(FORMAT) {
        return Err(invalid(
            0,
            format!("{rel} is not a throughline export (its `format` is not `{FORMAT}`)"),
        ));
    }
    match value.get("version").and_then(|v| v.as_u64()) {
        Some(v) if v == u64::from(VERSION) => {}
        Some(v) => {
            return Err(invalid(
                0,
                format!(
                    "{rel} is export version {v}; this throughline reads version {VERSION} \
                     (export it again with the same throughline version)"
                ),
            ))
        }
        None => return Err(invalid(0, format!("{rel} has no `version`"))),
    }
    serde_json::from_value(value).map_err(|e| {
        invalid(
            0,
            format!("{rel} does not match export version {VERSION}: {e}"),
        )
    })
}

fn stale(
    export: &Export,
    max_age: Option<jiff::SignedDuration>,
    now: jiff::Timestamp,
) -> Option<FileProblem> {
    let max = max_age?;
    let at: jiff::Timestamp = match export.generated_at.parse() {
        Ok(t) => t,
        Err(_) => {
            return Some(problem(
                catalog::STALE_IMPORT,
                0,
                format!(
                    "the export of {} has no readable `generated_at` (`{}`), so its age is unknown",
                    export.repository.name, export.generated_at
                ),
            ))
        }
    };
    let age = now.duration_since(at);
    (age > max).then(|| {
        let days = age.as_secs() / 86_400;
        problem(
            catalog::STALE_IMPORT,
            0,
            format!(
                "the export of {} was written {} ({days} days ago), longer ago than max-import-age allows",
                export.repository.name, export.generated_at
            ),
        )
    })
}
