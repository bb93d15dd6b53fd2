//! The route queries of a language, compiled by section.
//!
//! A `routes.scm` may be split with `;; section: NAME` lines. The patterns before the
//! first section are compiled for every file that may declare routes; a section only for
//! files that contain one of its `;; markers:` words, or, with `;; files: next`, that sit
//! where Next.js file-system routes live. Each is compiled once, on first use: compiling
//! costs time for every pattern (tree-sitter analyses each against the whole grammar, some
//! milliseconds per pattern for TSX), so frameworks a repository does not use cost nothing.

use super::files::is_route_file;
use crate::languages::{CodeLanguage, LANGUAGES};
use std::sync::OnceLock;
use tree_sitter::Query;

struct Section {
    markers: Vec<&'static str>,
    next_files: bool,
    source: String,
}

struct Compiled {
    sections: Vec<Section>,
    queries: Vec<OnceLock<Option<Query>>>,
}

static COMPILED: OnceLock<Vec<OnceLock<Compiled>>> = OnceLock::new();

/// Splits a query file into its common part and its sections.
fn split(src: &'static str) -> Vec<Section> {
    let mut out = vec![Section {
        markers: Vec::new(),
        next_files: false,
        source: String::new(),
    }];
    for line in src.lines() {
        let t = line.trim();
        if t.starts_with(";; section:") {
            out.push(Section {
                markers: Vec::new(),
                next_files: false,
                source: String::new(),
            });
            continue;
        }
        // `out` starts with the common part and only grows.
        let Some(last) = out.last_mut() else { break };
        if let Some(m) = t.strip_prefix(";; markers:") {
            last.markers.extend(m.split_whitespace());
        } else if t
            .strip_prefix(";; files:")
            .is_some_and(|f| f.trim() == "next")
        {
            last.next_files = true;
        } else {
            last.source.push_str(line);
            last.source.push('\n');
        }
    }
    out
}

fn compiled(lang: &'static CodeLanguage) -> Option<&'static Compiled> {
    let all = COMPILED.get_or_init(|| LANGUAGES.iter().map(|_| OnceLock::new()).collect());
    let i = LANGUAGES.iter().position(|l| std::ptr::eq(l, lang))?;
    let src = lang.routes_source()?;
    Some(all.get(i)?.get_or_init(|| {
        let sections = split(src);
        let queries = sections.iter().map(|_| OnceLock::new()).collect();
        Compiled { sections, queries }
    }))
}

/// Implements: REQ-ROUTES-FRAMEWORKS
/// The compiled queries to run on the file at `rel` with contents `text`: the common part
/// and every section it may use. A section that does not compile is skipped (the
/// grammar tests catch that), so one bad pattern never stops the others.
pub fn for_file(lang: &'static CodeLanguage, rel: &str, text: &str) -> Vec<&'static Query> {
    let Some(c) = compiled(lang) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, s) in c.sections.iter().enumerate() {
        let wanted = i == 0
            || s.markers.iter().any(|m| text.contains(m))
            || (s.next_files && is_route_file(rel));
        if !wanted {
            continue;
        }
        let q = c.queries[i].get_or_init(|| Query::new(&lang.grammar(), &s.source).ok());
        if let Some(q) = q {
            out.push(q);
        }
    }
    out
}

// Verifies: REQ-ROUTES-FRAMEWORKS
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_section_of_every_language_compiles() {
        for lang in LANGUAGES {
            let Some(src) = lang.routes_source() else {
                continue;
            };
            for (i, s) in split(src).iter().enumerate() {
                if let Err(e) = Query::new(&lang.grammar(), &s.source) {
                    panic!("{} section {i}: {e}", lang.name);
                }
            }
        }
    }

    #[test]
    fn sections_are_chosen_by_markers_and_paths() {
        let ts = LANGUAGES.iter().find(|l| l.name == "typescript").unwrap();
        let express = for_file(ts, "src/app.ts", "import express from 'express';");
        let fastify = for_file(ts, "src/app.ts", "import Fastify from 'fastify';");
        let next = for_file(ts, "app/api/x/route.ts", "export function GET() {}");
        assert_eq!(express.len(), 1, "the common part only");
        assert_eq!(fastify.len(), 2, "common and fastify");
        assert_eq!(next.len(), 2, "common and nextjs");
        let parts = split("(a)\n;; section: x\n;; markers: m n\n(b)\n");
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[1].markers, ["m", "n"]);
        assert!(parts[1].source.contains("(b)") && !parts[0].source.contains("(b)"));
    }
}
