//! Kiro's markers in code and tests, as its agents write them in comments (often bold):
//! `Validates: Requirements 5.1, 5.2`, `Feature: <feature>, Property 14: <title>`, and a
//! `.kiro/specs/<feature>` path. They are kept per file as `Marker`s; which feature they
//! mean is decided when the graph is built (`dialects::resolve`).
//!
//! Comments are found by line shape, in any language: a line whose text starts with a
//! comment token (`//`, `#`, `/*`, `*`, `--`, `;`, a triple quote), or a line inside a
//! block comment or a triple-quoted docstring. Consecutive comment lines form one block.

use crate::dialects::refs::{after_requirements_keyword, parse_list};
use crate::facts::{AnnotationKind, FileFacts, Marker, MarkerKind, Symbol};
use crate::text::LineIndex;

/// The byte strings whose presence makes a code file worth scanning for markers.
pub const PREFILTER: &[&str] = &["Validates:", "Feature:", "kiro/specs/", "Requirement "];

/// Whether `data` may hold a Kiro marker.
pub fn may_have_markers(data: &[u8]) -> bool {
    PREFILTER
        .iter()
        .any(|p| memchr::memmem::find(data, p.as_bytes()).is_some())
}

/// The byte strings that make a code file worth scanning for Spec Kit citations.
pub const SPECKIT_PREFILTER: &[&str] = &["FR-", "SC-"];

/// Whether `data` may hold a Spec Kit citation.
pub fn may_have_speckit_markers(data: &[u8]) -> bool {
    SPECKIT_PREFILTER
        .iter()
        .any(|p| memchr::memmem::find(data, p.as_bytes()).is_some())
}

/// The specs folders of the dialects that are on.
#[derive(Debug, Clone, Copy, Default)]
pub struct Folders<'a> {
    pub kiro: Option<&'a str>,
    pub speckit: Option<&'a str>,
    /// OpenSpec is on: `openspec:<capability>/<slug>` citations are read.
    pub openspec: bool,
}

/// Adds the markers of `text` to `facts`.
/// Implements: REQ-DIALECT-KIRO, REQ-DIALECT-SPECKIT
pub fn extract(text: &str, folders: Folders, facts: &mut FileFacts) {
    let index = LineIndex::new(text);
    let mut block = 0u32;
    let mut prev_comment: Option<Kind> = None;
    let mut state = State::Code;
    let mut start = 0;
    for (n, raw) in text.split_inclusive('\n').enumerate() {
        let line = raw.trim_end_matches(['\n', '\r']);
        let at = start;
        start += raw.len();
        let was = state;
        let (body, next) = comment_body(line, state);
        state = next;
        let Some(body_at) = body else {
            prev_comment = None;
            continue;
        };
        // A block comment or docstring is one block of its own; line comments join the
        // line comments right above them.
        let opens = was == State::Code && (next != State::Code || !is_line_comment(line));
        let kind = if was == State::Code && !opens {
            Kind::Line
        } else {
            Kind::Block
        };
        if opens || prev_comment != Some(kind) {
            block += 1;
        }
        prev_comment = Some(kind);
        let body = &line[body_at..];
        let mut push = |kind: MarkerKind| {
            facts.markers.push(Marker {
                block,
                line: n as u32,
                kind,
                symbol: Symbol::pending(index.range(at, at + line.len()), facts.is_test_file),
            })
        };
        let base = at + body_at;
        for (dialect, folder) in [
            (crate::dialects::KIRO, folders.kiro),
            (crate::dialects::SPECKIT, folders.speckit),
        ] {
            let Some(folder) = folder else { continue };
            // At a path boundary: `specs/` inside `.kiro/specs/` is not Spec Kit's.
            let needle = format!("{folder}/");
            let found = body.match_indices(&needle).map(|(p, _)| p).find(|&p| {
                body[..p]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !(c.is_alphanumeric() || "_./-".contains(c)))
            });
            if let Some(p) = found {
                let name_at = p + folder.len() + 1;
                let name = feature_name(&body[name_at..]);
                if !name.is_empty() {
                    let s = base + name_at;
                    push(MarkerKind::SpecPath {
                        dialect: dialect.to_string(),
                        name: name.to_string(),
                        range: index.range(s, s + name.len()),
                    });
                }
            }
        }
        if folders.openspec {
            for (kind, id, s, e) in openspec_cites(body) {
                facts.annotations.push(crate::facts::Annotation {
                    kind,
                    target: crate::facts::Occurrence {
                        id,
                        range: index.range(base + s, base + e),
                    },
                    symbol: Symbol::pending(index.range(at, at + line.len()), facts.is_test_file),
                    body: None,
                });
            }
        }
        if folders.speckit.is_some() {
            if let Some((kind, items)) = speckit_cites(body) {
                let items = items
                    .into_iter()
                    .map(|(f, l, s, e)| (f, l, index.range(base + s, base + e)))
                    .collect();
                push(MarkerKind::Cites { kind, items });
            }
        }
        if folders.kiro.is_none() {
            continue;
        }
        if let Some(p) = body.find("Feature:") {
            let rest = &body[p + "Feature:".len()..];
            let lead = rest.len() - rest.trim_start_matches([' ', '*', '`']).len();
            let name_at = p + "Feature:".len() + lead;
            let name = feature_name(&body[name_at..]);
            if !name.is_empty() {
                let s = base + name_at;
                push(MarkerKind::Feature {
                    name: name.to_string(),
                    range: index.range(s, s + name.len()),
                });
                if let Some(q) = body[name_at..].find("Property ") {
                    let num_at = name_at + q + "Property ".len();
                    let len = body[num_at..]
                        .bytes()
                        .take_while(u8::is_ascii_digit)
                        .count();
                    if let Ok(number) = body[num_at..num_at + len].parse() {
                        let s = base + name_at + q;
                        push(MarkerKind::Property {
                            number,
                            range: index.range(s, base + num_at + len),
                        });
                    }
                }
            }
        }
        if let Some(p) = body.find("Validates:") {
            let after = &body[p + "Validates:".len()..];
            let word = after.trim_start_matches([' ', '*', '_']);
            if word.starts_with("Requirement") {
                if let Some(list) = after_requirements_keyword(after) {
                    let list_at = p + "Validates:".len() + list;
                    let cited: Vec<_> = parse_list(&body[list_at..])
                        .into_iter()
                        .map(|c| {
                            let s = base + list_at;
                            (c.cited, index.range(s + c.start, s + c.end))
                        })
                        .collect();
                    if !cited.is_empty() {
                        push(MarkerKind::Validates(cited));
                    }
                }
            }
        } else {
            let cited: Vec<_> = crate::dialects::refs::mentions(body, true)
                .into_iter()
                .map(|c| (c.cited, index.range(base + c.start, base + c.end)))
                .collect();
            if !cited.is_empty() {
                push(MarkerKind::Mentions(cited));
            }
        }
    }
}

/// `Implements: 001-albums/FR-001, FR-002` (or `Verifies:`, `@implements`, `@verifies`):
/// the Spec Kit items after the keyword, each with its qualifying feature and span.
#[allow(clippy::type_complexity)]
fn speckit_cites(
    body: &str,
) -> Option<(AnnotationKind, Vec<(Option<String>, String, usize, usize)>)> {
    let (at, kind) = crate::sources::annotations::first_keyword(body)?;
    let mut out = Vec::new();
    let mut offset = at;
    for raw in body[at..].split(|c: char| c.is_whitespace() || c == ',' || c == ';') {
        let start = offset;
        offset += raw.len() + 1;
        let token = raw.trim_matches(|c: char| "`*_()[]".contains(c));
        let lead = raw.find(token).unwrap_or(0);
        let (feature, local) = match token.rsplit_once('/') {
            Some((f, l)) => (Some(f.rsplit('/').next().unwrap_or(f).to_string()), l),
            None => (None, token),
        };
        let is_item = ["FR-", "SC-"].iter().any(|p| {
            local
                .strip_prefix(p)
                .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
        });
        if is_item {
            let s = start + lead + token.len() - local.len();
            out.push((feature, local.to_string(), s, s + local.len()));
        }
    }
    (!out.is_empty()).then_some((kind, out))
}

/// `Implements: openspec:auth/user-login`: OpenSpec citations are canonical IDs, so they
/// are annotations at once (no feature to decide).
fn openspec_cites(body: &str) -> Vec<(AnnotationKind, String, usize, usize)> {
    let Some((at, kind)) = crate::sources::annotations::first_keyword(body) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (p, _) in body[at..].match_indices("openspec:") {
        let s = at + p;
        let len = body[s..]
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || b":/-_.".contains(b))
            .count();
        let id = body[s..s + len].trim_end_matches(['.', ':']);
        if id.matches('/').count() >= 1 && !id.ends_with('/') {
            out.push((kind, id.to_string(), s, s + id.len()));
        }
    }
    out
}

/// A feature name: a folder name as Kiro writes them (`user-auth`, `raft_v2`).
fn feature_name(text: &str) -> &str {
    let len = text
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || b"-_.".contains(b))
        .count();
    text[..len].trim_end_matches('.')
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Line,
    Block,
}

fn is_line_comment(line: &str) -> bool {
    let t = line.trim_start();
    ["//", "#", "--", ";", "*"].iter().any(|p| t.starts_with(p)) && !t.starts_with("/*")
}

/// Where a line's comment text starts, if the line is (part of) a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Code,
    /// Inside `/* … */`.
    Block,
    /// Inside a docstring opened by this quote (`"` or `'`, three of them).
    Docstring(u8),
}

fn comment_body(line: &str, state: State) -> (Option<usize>, State) {
    let indent = line.len() - line.trim_start().len();
    let t = &line[indent..];
    match state {
        State::Block => {
            let next = if t.contains("*/") {
                State::Code
            } else {
                State::Block
            };
            let lead = t.len() - t.trim_start_matches(['*', ' ']).len();
            (Some(indent + lead), next)
        }
        State::Docstring(q) => {
            let close = [q; 3];
            let next = if t.as_bytes().windows(3).any(|w| w == close) {
                State::Code
            } else {
                state
            };
            (Some(indent), next)
        }
        State::Code => {
            for quote in [b'"', b'\''] {
                let open = [quote; 3];
                if t.as_bytes().starts_with(&open) {
                    let rest = &t.as_bytes()[3..];
                    let closed = rest.windows(3).any(|w| w == open);
                    let next = if closed {
                        State::Code
                    } else {
                        State::Docstring(quote)
                    };
                    return (Some(indent + 3), next);
                }
            }
            if let Some(rest) = t.strip_prefix("/*") {
                let next = if rest.contains("*/") {
                    State::Code
                } else {
                    State::Block
                };
                let lead = rest.len() - rest.trim_start_matches(['*', '!', ' ']).len();
                return (Some(indent + 2 + lead), next);
            }
            for token in ["//", "#", "--", ";", "*"] {
                if let Some(rest) = t.strip_prefix(token) {
                    let lead =
                        rest.len() - rest.trim_start_matches(['/', '!', '#', '*', ' ']).len();
                    return (Some(indent + token.len() + lead), State::Code);
                }
            }
            (None, State::Code)
        }
    }
}

#[cfg(test)]
mod tests {
    // Verifies: REQ-DIALECT-KIRO
    use super::*;
    use crate::dialects::refs::Cited;
    use crate::facts::SourceKind;

    fn markers(text: &str) -> Vec<(u32, MarkerKind)> {
        let mut f = FileFacts::new("t.cpp".into(), SourceKind::Text, true);
        let folders = Folders {
            kiro: Some(".kiro/specs"),
            speckit: Some("specs"),
            openspec: true,
        };
        extract(text, folders, &mut f);
        f.markers.into_iter().map(|m| (m.block, m.kind)).collect()
    }

    fn names(text: &str) -> Vec<String> {
        markers(text)
            .into_iter()
            .map(|(b, k)| match k {
                MarkerKind::Feature { name, .. } => format!("{b}:feature {name}"),
                MarkerKind::SpecPath { dialect, name, .. } => format!("{b}:{dialect} path {name}"),
                MarkerKind::Cites { kind, items } => format!(
                    "{b}:{kind:?} {}",
                    items
                        .iter()
                        .map(|(f, l, _)| format!(
                            "{}{l}",
                            f.as_deref().map(|f| format!("{f}/")).unwrap_or_default()
                        ))
                        .collect::<Vec<_>>()
                        .join(",")
                ),
                MarkerKind::Property { number, .. } => format!("{b}:property {number}"),
                MarkerKind::Mentions(c) => format!("{b}:mentions {}", c.len()),
                MarkerKind::Validates(c) => format!(
                    "{b}:validates {}",
                    c.iter()
                        .map(|(c, _)| match c {
                            Cited::Criterion { req, index } => format!("{req}.{index}"),
                            Cited::Requirement(r) => format!("R{r}"),
                            Cited::CrossRange(r) => format!("bad {r}"),
                        })
                        .collect::<Vec<_>>()
                        .join(",")
                ),
            })
            .collect()
    }

    #[test]
    fn bold_and_plain_markers_in_block_and_line_comments() {
        let text = "/**\n * **Feature: folly-concepts, Property 9: Executor support**\n * **Validates: Requirements 8.1**\n */\nvoid f();\n// Validates: Requirement 2.1-2.3\n";
        assert_eq!(
            names(text),
            [
                "1:feature folly-concepts",
                "1:property 9",
                "1:validates 8.1",
                "2:validates 2.1,2.2,2.3"
            ]
        );
    }

    #[test]
    fn docstrings_hash_comments_and_spec_paths() {
        let text = "def test_x():\n    \"\"\"\n    See .kiro/specs/auth/design.md\n    Validates: Requirements 1.1, 3\n    \"\"\"\n# Feature: billing\n";
        assert_eq!(
            names(text),
            [
                "1:kiro path auth",
                "1:validates 1.1,R3",
                "2:feature billing"
            ]
        );
        let text = "// Implements: 001-albums/FR-001, FR-002 and REQ-9\n# see specs/002-x/spec.md\n/* @verifies SC-003 */\n";
        assert_eq!(
            names(text),
            [
                "1:Implements 001-albums/FR-001,FR-002",
                "1:speckit path 002-x",
                "2:Verifies SC-003"
            ]
        );
    }

    #[test]
    fn code_and_strings_are_not_comments() {
        let text = "let s = \"Validates: Requirements 1.1\";\nx = 'Feature: y'\n";
        assert_eq!(names(text), Vec::<String>::new());
        // Without `Requirement` after it, `Validates:` is prose.
        assert_eq!(names("// Validates: the input\n"), Vec::<String>::new());
    }
}
