//! Turns dialect markers into annotations once every file is known: which Kiro feature
//! a `Validates:` marker means can depend on the other files (the only feature of the
//! workspace), so it cannot be decided per file.

use super::refs::Cited;
use super::{kiro_id, speckit_id, split, KIRO, SPECKIT};
use crate::catalog;
use crate::facts::{
    Annotation, AnnotationKind, FileFacts, FileProblem, Marker, MarkerKind, Occurrence, Reference,
};
use crate::text::Range;
use std::collections::BTreeSet;
use std::sync::Arc;

/// Replaces each file that has markers with a copy whose markers are annotations (and
/// problems: `ambiguous-ref`, `unknown-ref` for a feature that does not exist). Files
/// without markers are not copied.
/// Implements: REQ-DIALECT-KIRO
pub fn resolve_markers(files: &mut [Arc<FileFacts>]) {
    if files.iter().all(|f| f.markers.is_empty()) {
        return;
    }
    let features_of = |dialect: &str| -> BTreeSet<String> {
        files
            .iter()
            .flat_map(|f| f.definitions.iter())
            .filter_map(|d| {
                split(&d.id)
                    .filter(|(s, _, _)| *s == dialect)
                    .map(|(_, f, _)| f.to_string())
            })
            .collect()
    };
    let features = features_of(KIRO);
    let speckit = features_of(SPECKIT);
    for f in files.iter_mut().filter(|f| !f.markers.is_empty()) {
        let mut copy = (**f).clone();
        let markers = std::mem::take(&mut copy.markers);
        resolve_file(&markers, &features, &mut copy);
        resolve_speckit(&markers, &speckit, &mut copy);
        *f = Arc::new(copy);
    }
}

/// What a marker's feature is, by the order in docs/dialects.md.
enum Chosen<'m> {
    Feature(&'m str),
    /// Named, but no such feature: reported once, on the name.
    Unknown,
    Ambiguous,
}

fn resolve_file(markers: &[Marker], features: &BTreeSet<String>, facts: &mut FileFacts) {
    let mut reported: BTreeSet<(u32, u32)> = BTreeSet::new();
    for m in markers {
        let (cited, property) = match &m.kind {
            MarkerKind::Validates(c) => (Some(c), None),
            MarkerKind::Property { number, range } => (None, Some((*number, *range))),
            MarkerKind::Mentions(c) => {
                // A mention whose feature cannot be decided is prose, not a problem.
                if let Chosen::Feature(f) = choose(m, markers, features, facts, &mut reported) {
                    mention(f, c, facts);
                }
                continue;
            }
            _ => continue,
        };
        let chosen = choose(m, markers, features, facts, &mut reported);
        let feature = match chosen {
            Chosen::Feature(f) => f,
            Chosen::Unknown => continue,
            Chosen::Ambiguous => {
                let range = cited
                    .and_then(|c| c.first().map(|(_, r)| *r))
                    .or(property.map(|(_, r)| r))
                    .unwrap_or(m.symbol.range);
                let list: Vec<&str> = features.iter().map(String::as_str).take(8).collect();
                let message = if features.is_empty() {
                    "this marker names no Kiro feature, and the workspace has none".to_string()
                } else {
                    format!(
                        "which Kiro feature this marker means cannot be decided: {}",
                        list.join(", ")
                    )
                };
                facts.problems.push(FileProblem {
                    code: catalog::AMBIGUOUS_REF,
                    range,
                    message,
                });
                continue;
            }
        };
        let kind = if m.symbol.is_test {
            AnnotationKind::Verifies
        } else {
            AnnotationKind::Implements
        };
        let mut annotate = |local: String, range: Range| {
            facts.annotations.push(Annotation {
                kind,
                target: Occurrence {
                    id: kiro_id(feature, &local),
                    range,
                },
                symbol: m.symbol.clone(),
                body: None,
            })
        };
        if let Some((number, range)) = property {
            annotate(format!("property-{number}"), range);
        }
        for (c, range) in cited.into_iter().flatten() {
            match c {
                Cited::Criterion { req, index } => annotate(format!("{req}.{index}"), *range),
                Cited::Requirement(r) => annotate(format!("req-{r}"), *range),
                Cited::CrossRange(text) => facts.problems.push(FileProblem {
                    code: catalog::UNKNOWN_REF,
                    range: *range,
                    message: format!(
                        "the range `{text}` crosses requirements; a range names criteria of one requirement (`2.1-2.4`)"
                    ),
                }),
            }
        }
    }
}

/// "see Requirement 16.2" in a comment: references into `feature`.
fn mention(feature: &str, cited: &[(Cited, Range)], facts: &mut FileFacts) {
    for (c, range) in cited {
        if let Cited::Criterion { req, index } = c {
            facts.references.push(Reference {
                occ: Occurrence {
                    id: kiro_id(feature, &format!("{req}.{index}")),
                    range: *range,
                },
                in_item: None,
                prose: true,
            });
        }
    }
}

/// The feature of marker `m`: a spec path in its comment block, else a `Feature:` in its
/// block, else the nearest `Feature:` above it in the file, else the only feature.
fn choose<'m>(
    m: &Marker,
    markers: &'m [Marker],
    features: &'m BTreeSet<String>,
    facts: &mut FileFacts,
    reported: &mut BTreeSet<(u32, u32)>,
) -> Chosen<'m> {
    let in_block = |want_path: bool| {
        markers.iter().find_map(|o| match &o.kind {
            MarkerKind::SpecPath {
                dialect,
                name,
                range,
            } if want_path && dialect == KIRO && o.block == m.block => {
                Some((name.as_str(), *range))
            }
            MarkerKind::Feature { name, range } if !want_path && o.block == m.block => {
                Some((name.as_str(), *range))
            }
            _ => None,
        })
    };
    let above = || {
        markers.iter().rev().find_map(|o| match &o.kind {
            MarkerKind::Feature { name, range } if o.line < m.line => Some((name.as_str(), *range)),
            _ => None,
        })
    };
    // `Feature: X, Property N` names its own feature on its line.
    let same_line = || {
        markers.iter().find_map(|o| match &o.kind {
            MarkerKind::Feature { name, range } if o.line == m.line => {
                Some((name.as_str(), *range))
            }
            _ => None,
        })
    };
    let named = if matches!(m.kind, MarkerKind::Property { .. }) {
        same_line()
    } else {
        None
    };
    let named = named
        .or_else(|| in_block(true))
        .or_else(|| in_block(false))
        .or_else(above);
    match named {
        Some((name, range)) => {
            if features.contains(name) {
                Chosen::Feature(name)
            } else {
                if reported.insert((range.start.line, range.start.col)) {
                    facts.problems.push(FileProblem {
                        code: catalog::UNKNOWN_REF,
                        range,
                        message: format!(
                            "Kiro feature `{name}` is not defined (no .kiro/specs/{name})"
                        ),
                    });
                }
                Chosen::Unknown
            }
        }
        None if features.len() == 1 => match features.iter().next() {
            Some(only) => Chosen::Feature(only.as_str()),
            None => Chosen::Ambiguous,
        },
        None => Chosen::Ambiguous,
    }
}

/// Spec Kit citations in native annotations: a qualified item names its feature; else a
/// `specs/<feature>` path in the comment block, else the only Spec Kit feature.
/// Implements: REQ-DIALECT-SPECKIT
fn resolve_speckit(markers: &[Marker], features: &BTreeSet<String>, facts: &mut FileFacts) {
    for m in markers {
        let MarkerKind::Cites { kind, items } = &m.kind else {
            continue;
        };
        let path = markers.iter().find_map(|o| match &o.kind {
            MarkerKind::SpecPath { dialect, name, .. }
                if dialect == SPECKIT && o.block == m.block =>
            {
                Some(name.as_str())
            }
            _ => None,
        });
        let only = (features.len() == 1)
            .then(|| features.iter().next())
            .flatten();
        for (qualified, local, range) in items {
            let feature = qualified.as_deref().or(path).or(only.map(String::as_str));
            let Some(feature) = feature else {
                let list: Vec<&str> = features.iter().map(String::as_str).take(8).collect();
                facts.problems.push(FileProblem {
                    code: catalog::AMBIGUOUS_REF,
                    range: *range,
                    message: format!(
                        "which Spec Kit feature `{local}` means cannot be decided: {}; write `<feature>/{local}`",
                        if list.is_empty() { "the workspace has none".to_string() } else { list.join(", ") }
                    ),
                });
                continue;
            };
            facts.annotations.push(Annotation {
                kind: *kind,
                target: Occurrence {
                    id: speckit_id(feature, local),
                    range: *range,
                },
                symbol: m.symbol.clone(),
                body: None,
            });
        }
    }
}
