//! An export back into facts: one `FileFacts` per path it names, under `@REPO/`, with
//! its items, `Derives from:` links and annotations at their lines.

use crate::drift::fingerprint::Fingerprint;
use crate::export::model::{Export, Location};
use crate::facts::{
    Annotation, AnnotationKind, DefKind, Definition, FileFacts, Link, Occurrence, SourceKind,
    Symbol, SymbolKind,
};
use crate::text::{Pos, Range};
use std::collections::BTreeMap;
use std::sync::Arc;

pub fn facts(export: &Export) -> Vec<FileFacts> {
    let repo: Arc<str> = Arc::from(export.repository.name.as_str());
    let mut files: BTreeMap<String, FileFacts> = BTreeMap::new();
    fn file<'m>(
        files: &'m mut BTreeMap<String, FileFacts>,
        repo: &Arc<str>,
        loc: &Location,
    ) -> &'m mut FileFacts {
        let path = format!("@{}/{}", repo, loc.path);
        files.entry(path.clone()).or_insert_with(|| {
            let mut f = FileFacts::new(path, SourceKind::Text, false);
            f.origin = Some(repo.clone());
            f
        })
    }
    for item in &export.items {
        let range = line_range(&item.location, item.id.len());
        let f = file(&mut files, &repo, &item.location);
        f.definitions.push(Definition {
            id: item.id.clone(),
            title: item.title.clone(),
            range,
            heading: range,
            level: 2,
            body: (0, 0),
            kind: if item.kind == "operation" {
                DefKind::Operation { synthetic: false }
            } else {
                DefKind::Heading
            },
            content: item.text.clone(),
            fingerprint: Fingerprint::parse(&item.fingerprint)
                .unwrap_or_else(|| Fingerprint::of(&item.text)),
        });
        for l in &item.derives_from {
            let f = file(&mut files, &repo, &l.location);
            f.links.push(Link {
                from: item.id.clone(),
                to: Occurrence {
                    id: l.id.clone(),
                    range: line_range(&l.location, l.id.len()),
                },
            });
        }
    }
    for a in &export.annotations {
        let range = line_range(&a.location, a.target.len());
        let f = file(&mut files, &repo, &a.location);
        f.annotations.push(Annotation {
            kind: if a.kind == "verifies" {
                AnnotationKind::Verifies
            } else {
                AnnotationKind::Implements
            },
            target: Occurrence {
                id: a.target.clone(),
                range,
            },
            symbol: Symbol {
                kind: symbol_kind(&a.symbol_kind),
                name: a.symbol.clone(),
                range,
                is_test: a.test,
            },
            body: None,
        });
    }
    files.into_values().collect()
}

/// The first `len` columns of a 1-based line.
fn line_range(loc: &Location, len: usize) -> Range {
    let line = loc.line.saturating_sub(1);
    Range {
        start: Pos { line, col: 0 },
        end: Pos {
            line,
            col: len as u32,
        },
    }
}

fn symbol_kind(label: &str) -> SymbolKind {
    SymbolKind::from_capture(label).unwrap_or(SymbolKind::File)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::model::*;

    fn loc(path: &str, line: u32) -> Location {
        Location {
            path: path.into(),
            line,
            end_line: None,
        }
    }

    #[test]
    fn items_links_and_annotations_land_in_files_under_the_repository() {
        let export = Export {
            format: FORMAT.into(),
            version: VERSION,
            generator: "t".into(),
            generated_at: "2026-01-01T00:00:00Z".into(),
            repository: Repository {
                name: "svc".into(),
                revision: None,
            },
            layers: vec![],
            items: vec![Item {
                id: "REQ-9".into(),
                title: "Nine".into(),
                layer: Some("requirement".into()),
                kind: "heading".into(),
                location: loc("docs/prd.md", 4),
                fingerprint: "00000000000000ff".into(),
                text: "Nine".into(),
                derives_from: vec![ItemLink {
                    id: "BRIEF-1".into(),
                    location: loc("docs/prd.md", 5),
                    state: LinkState::Reviewed,
                }],
            }],
            annotations: vec![crate::export::model::Annotation {
                kind: "verifies".into(),
                target: "REQ-9".into(),
                location: loc("tests/nine.rs", 2),
                symbol_kind: "test".into(),
                symbol: "nine_works".into(),
                test: true,
                state: LinkState::Unreviewed,
                result: None,
            }],
            findings: vec![],
            trackers: vec![],
            evidence: None,
            status: vec![],
        };
        let files = facts(&export);
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["@svc/docs/prd.md", "@svc/tests/nine.rs"]);
        assert!(files.iter().all(|f| f.origin.as_deref() == Some("svc")));
        let prd = &files[0];
        assert_eq!(prd.definitions[0].heading.start.line, 3);
        assert_eq!(prd.definitions[0].fingerprint, Fingerprint(0xff));
        assert_eq!(prd.links[0].to.id, "BRIEF-1");
        let test = &files[1].annotations[0];
        assert_eq!(test.kind, AnnotationKind::Verifies);
        assert!(test.symbol.is_test && test.symbol.name == "nine_works");
    }
}
