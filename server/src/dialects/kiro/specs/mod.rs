//! Kiro's spec files, `.kiro/specs/<feature>/{requirements,design,tasks}.md`, read line
//! by line into definitions, links and tasks (docs/dialects.md, "Kiro").

use super::lines::{fenced_lines, heading, Line};
use crate::dialects::items::Items as Builder;
use crate::dialects::kiro_id;
use crate::dialects::refs::{after_requirements_keyword, parse_list, Cited};
use crate::facts::{FileFacts, FileProblem, Link, Occurrence, Task, TaskState};
use crate::text::LineIndex;

/// Which spec file of a feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecFile {
    Requirements,
    Design,
    Tasks,
}

/// The feature and file kind of `rel` when it is a Kiro spec file under `folder`.
pub fn spec_file<'r>(rel: &'r str, folder: &str) -> Option<(&'r str, SpecFile)> {
    let (feature, file) = crate::dialects::feature_file(rel, folder)?;
    let kind = match file {
        "requirements.md" => SpecFile::Requirements,
        "design.md" => SpecFile::Design,
        "tasks.md" => SpecFile::Tasks,
        _ => return None,
    };
    Some((feature, kind))
}

/// Adds the items of one spec file to `facts`.
/// Implements: REQ-DIALECT-KIRO
pub fn extract(feature: &str, kind: SpecFile, folder: &str, text: &str, facts: &mut FileFacts) {
    let index = LineIndex::new(text);
    let lines = fenced_lines(text);
    let mut out = Builder::new(text, &index, feature, facts, kiro_id);
    match kind {
        SpecFile::Requirements => requirements(&lines, &mut out),
        SpecFile::Design => design(&lines, &mut out),
        SpecFile::Tasks => tasks(&lines, &mut out, &format!("{folder}/{feature}")),
    }
    out.close(text.len());
    mentions_in(&lines, folder, &mut out);
}

/// "see Requirement 16.2" in a spec file's prose: a reference to an item of the same
/// feature, which navigates and must resolve but counts for nothing. Citation lines
/// (`_Requirements: 1.1_`, `Validates: …`) are links, read by the passes above. A spec
/// path earlier on the line (`.kiro/specs/http-transport/` Requirement 10.3) names the
/// feature the mention means.
fn mentions_in(lines: &[Line], folder: &str, out: &mut Builder) {
    let needle = format!("{folder}/");
    for line in lines.iter().filter(|l| !l.fenced) {
        if heading(line.text).is_some() || line.text.contains("Validates") {
            continue;
        }
        for c in crate::dialects::refs::mentions(line.text, false) {
            let named = line.text[..c.start].rfind(&needle).map(|p| {
                let rest = &line.text[p + needle.len()..];
                let len = rest
                    .bytes()
                    .take_while(|b| b.is_ascii_alphanumeric() || b"-_.".contains(b))
                    .count();
                rest[..len].trim_end_matches('.')
            });
            let local = match c.cited {
                Cited::Criterion { req, index } => format!("{req}.{index}"),
                Cited::Requirement(r) => format!("req-{r}"),
                Cited::CrossRange(_) => continue,
            };
            let at = line.start + c.start;
            let in_item = out
                .facts
                .definitions
                .iter()
                .filter(|d| d.body.0 <= at && at < d.body.1.max(d.body.0 + 1))
                .max_by_key(|d| d.body.0)
                .map(|d| d.id.clone());
            let occ = Occurrence {
                id: match named {
                    Some(f) if !f.is_empty() => crate::dialects::kiro_id(f, &local),
                    _ => out.id(&local),
                },
                range: out.index.range(at, line.start + c.end),
            };
            out.facts.references.push(crate::facts::Reference {
                occ,
                in_item,
                prose: true,
            });
        }
    }
}

/// Kiro's citation lists, on top of the shared item builder.
trait Cite {
    fn cite(&mut self, from: &str, line: &Line, list_at: usize);
}

impl Cite for Builder<'_> {
    /// Links `from` to every item a citation list in `line` names (after `list_at`).
    fn cite(&mut self, from: &str, line: &Line, list_at: usize) {
        let list = &line.text[list_at..];
        for c in parse_list(list) {
            let (s, e) = (line.start + list_at + c.start, line.start + list_at + c.end);
            match c.cited {
                Cited::Criterion { req, index } => self.link(from, &format!("{req}.{index}"), s, e),
                Cited::Requirement(r) => self.link(from, &format!("req-{r}"), s, e),
                Cited::CrossRange(r) => self.facts.problems.push(FileProblem {
                    code: crate::catalog::UNKNOWN_REF,
                    range: self.index.range(s, e),
                    message: format!(
                        "the range `{r}` crosses requirements; a range names criteria of one requirement (`2.1-2.4`)"
                    ),
                }),
            }
        }
    }
}

/// `Requirement 3`, `Requirement 3: Title`, `Requirement 3 - Title`: its number, the span
/// of `Requirement 3` and the title.
fn numbered<'t>(heading_text: &'t str, word: &str) -> Option<(u32, usize, &'t str)> {
    let rest = heading_text.strip_prefix(word)?.strip_prefix(' ')?;
    let len = rest.bytes().take_while(u8::is_ascii_digit).count();
    let n: u32 = rest[..len].parse().ok()?;
    let after = &rest[len..];
    let title = after.trim_start_matches([':', ' ', '-', '–', '—', '.']);
    if !(after.is_empty() || after.starts_with([':', ' ', '-', '–', '—', '.'])) {
        return None;
    }
    Some((n, word.len() + 1 + len, title))
}

fn requirements(lines: &[Line], out: &mut Builder) {
    // (requirement number, its ID, its heading level), while inside one.
    let mut current: Option<(u32, String, u8)> = None;
    // The level of the `Acceptance Criteria` heading while inside its list (deeper
    // headings group criteria and keep the list going); 0 for a bold line.
    let mut criteria: Option<u8> = None;
    let mut count = 0;
    for line in lines.iter().filter(|l| !l.fenced) {
        if let Some((level, at, text)) = heading(line.text) {
            if let Some((n, len, title)) = numbered(text, "Requirement") {
                let name = (line.start + at, line.start + at + len);
                let title = if title.is_empty() { text } else { title };
                let id = out.define(&format!("req-{n}"), title, line, name, level);
                current = Some((n, id, level));
                (criteria, count) = (None, 0);
                continue;
            }
            out.close(line.start);
            match &current {
                Some((_, _, req_level)) if level > *req_level => {
                    if text.to_ascii_lowercase().starts_with("acceptance criteria") {
                        criteria = Some(level);
                    } else if criteria.is_some_and(|c| level <= c) {
                        criteria = None;
                    }
                }
                _ => {
                    current = None;
                    criteria = None;
                }
            }
            continue;
        }
        let Some((n, req_id, req_level)) = &current else {
            continue;
        };
        let bare = line.text.trim().trim_matches('*').trim_end_matches(':');
        if bare.eq_ignore_ascii_case("acceptance criteria") {
            out.close(line.start);
            criteria = Some(0);
            continue;
        }
        if criteria.is_none() {
            continue;
        }
        if let Some((num, text_at)) = list_number(line.text) {
            count += 1;
            let local = format!("{n}.{count}");
            let name = (line.start + num.0, line.start + num.1);
            let title = &line.text[text_at..];
            let id = out.define(&local, title, line, name, req_level + 2);
            let (req_id, (s, e)) = (req_id.clone(), name);
            out.facts.links.push(Link {
                from: id,
                to: Occurrence {
                    id: req_id,
                    range: out.index.range(s, e),
                },
            });
        }
    }
}

/// A top-level numbered list item (`1. WHEN …`, up to three spaces of indent): the span
/// of its number and where its text starts.
fn list_number(line: &str) -> Option<((usize, usize), usize)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let len = rest.bytes().take_while(u8::is_ascii_digit).count();
    if len == 0 || len > 4 {
        return None;
    }
    let after = &rest[len..];
    if !(after.starts_with(". ") || after.starts_with(") ")) {
        return None;
    }
    Some(((indent, indent + len), indent + len + 2))
}

fn design(lines: &[Line], out: &mut Builder) {
    let mut current: Option<String> = None;
    for line in lines.iter().filter(|l| !l.fenced) {
        // `### Property 4: Title` or a line `**Property 4: Title**`.
        let head = heading(line.text);
        let (text, at, level) = match head {
            Some((level, at, text)) => (text, at, level),
            None => {
                let t = line.text.trim_start();
                let at = line.text.len() - t.len();
                match t.strip_prefix("**") {
                    Some(inner) if inner.starts_with("Property ") => (inner, at + 2, 4),
                    _ => ("", 0, 0),
                }
            }
        };
        if let Some((n, len, title)) = numbered(text, "Property") {
            let name = (line.start + at, line.start + at + len);
            let title = title.trim_end_matches('*');
            current = Some(out.define(&format!("property-{n}"), title, line, name, level));
            continue;
        }
        if head.is_some() {
            out.close(line.start);
            current = None;
            continue;
        }
        if let Some(id) = current.clone() {
            if let Some(v) = line.text.find("Validates") {
                if let Some(list) = after_requirements_keyword(&line.text[v..]) {
                    out.cite(&id, line, v + list);
                }
            }
        }
    }
}

fn tasks(lines: &[Line], out: &mut Builder, folder: &str) {
    // The open tasks, outermost first: ID, index in `facts.tasks`, indent. A line belongs
    // to the innermost task indented less than it, so a parent's `_Requirements:_` after
    // its sub-tasks is the parent's.
    let mut open: Vec<(String, usize, usize)> = Vec::new();
    // The last citation line ended with a comma: the list goes on.
    let mut continued = false;
    for line in lines.iter().filter(|l| !l.fenced) {
        if heading(line.text).is_some() {
            out.close(line.start);
            open.clear();
            continue;
        }
        let this_indent = line.text.len() - line.text.trim_start().len();
        if let Some(task) = checkbox(line.text) {
            while open.last().is_some_and(|t| t.2 >= task.indent) {
                open.pop();
            }
            let Some(number) = task.number else {
                // A checkbox without a number has no ID.
                out.close(line.start);
                continue;
            };
            let name = (line.start + number.0, line.start + number.1);
            let local = format!("task-{}", &line.text[number.0..number.1]);
            let title = line.text[task.text_at..].to_string();
            let id = out.define(&local, &title, line, name, 6);
            out.facts.tasks.push(Task {
                id: id.clone(),
                range: out
                    .index
                    .range(line.start, line.start + line.text.trim_end().len()),
                state: task.state,
                optional: task.optional,
                files: Vec::new(),
                folder: folder.to_string(),
            });
            let index = out.facts.tasks.len() - 1;
            open.push((id, index, task.indent));
            files_in(line, task.text_at, out, index);
            continue;
        }
        if line.text.trim().is_empty() {
            continue;
        }
        while open.last().is_some_and(|t| t.2 >= this_indent) {
            open.pop();
            out.close(line.start);
        }
        let Some((id, index, _)) = open.last().cloned() else {
            continue;
        };
        if let Some(list) = after_requirements_keyword(line.text) {
            let keyword_line = line
                .text
                .trim_start()
                .trim_start_matches(['-', '*', ' ', '_']);
            if keyword_line.starts_with("Requirement") || keyword_line.starts_with("Validates") {
                out.cite(&id, line, list);
                continued = line.text.trim_end().ends_with(',');
                continue;
            }
        }
        // A citation list wrapped onto the next line (`8.1–8.4,` then `9.1–9.2_`).
        if std::mem::take(&mut continued)
            && line.text[this_indent..].starts_with(|c: char| c.is_ascii_digit())
        {
            out.cite(&id, line, this_indent);
            continued = line.text.trim_end().ends_with(',');
            continue;
        }
        // Evidence is named on the task's line and its sub-bullets, not in the prose
        // that continues them (a build output, a file of another project, an include).
        if line.text.trim_start().starts_with(['-', '*']) {
            files_in(line, 0, out, index);
        }
    }
}

/// A checkbox line: `- [ ] 3.`, `- [x] 3.2 Title`, `- [-]`, `- [~]`, `- [ ]* 4 Optional`.
struct Checkbox {
    indent: usize,
    state: TaskState,
    optional: bool,
    /// The span of the task number (`3.2`), if the task has one.
    number: Option<(usize, usize)>,
    text_at: usize,
}

fn checkbox(line: &str) -> Option<Checkbox> {
    let indent = line.len() - line.trim_start().len();
    let rest = &line[indent..];
    let rest = rest
        .strip_prefix("- [")
        .or_else(|| rest.strip_prefix("* ["))?;
    let mark = rest.chars().next()?;
    let state = match mark {
        ' ' => TaskState::Open,
        'x' | 'X' => TaskState::Done,
        '-' | '~' => TaskState::InProgress,
        _ => return None,
    };
    let rest = rest[mark.len_utf8()..].strip_prefix(']')?;
    let optional = rest.starts_with('*');
    let after_box = indent + 3 + mark.len_utf8() + 1 + usize::from(optional);
    let body = &line[after_box..];
    let lead = body.len() - body.trim_start().len();
    let at = after_box + lead;
    // `3`, `3.2`, `10a`: a number, then digits, letters and dots.
    let len = line[at..]
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'.')
        .count();
    let number_text = line[at..at + len].trim_end_matches('.');
    let has_number = !number_text.is_empty()
        && number_text.as_bytes()[0].is_ascii_digit()
        && line[at + len..]
            .chars()
            .next()
            .is_none_or(char::is_whitespace);
    let number = has_number.then_some((at, at + number_text.len()));
    let text_at = if has_number {
        (at + len).min(line.len())
    } else {
        at
    };
    let text_at = text_at + (line[text_at..].len() - line[text_at..].trim_start().len());
    Some(Checkbox {
        indent,
        state,
        optional,
        number,
        text_at,
    })
}

/// Records the files a task's line names: a token with a `/` that ends in a file
/// extension (`src/models/user.py`), not a URL, not a route (`POST /bookings`).
fn files_in(line: &Line, from: usize, out: &mut Builder, task: usize) {
    if let Some(task) = out.facts.tasks.get_mut(task) {
        task_files(line, from, out.index, task);
    }
}

/// The files named in `line` from byte `from` on, added to `task` (shared with Spec Kit).
pub(crate) fn task_files(line: &Line, from: usize, index: &LineIndex, task: &mut Task) {
    let text = &line.text[from..];
    let mut offset = 0;
    // Backticks split too: `a.hpp`/`b.hpp` names two files, not one.
    for raw in text.split(|c: char| c.is_whitespace() || ",()`".contains(c)) {
        let start = offset;
        offset += raw.len() + 1;
        let token = raw
            .trim_start_matches(|c: char| "`*_\"'[".contains(c))
            .trim_end_matches(|c: char| "`*_\"']];:.!?".contains(c));
        if token.is_empty()
            || !token.contains('/')
            || token.contains("://")
            || token.starts_with('/')
        {
            continue;
        }
        // Placeholders and patterns are not files (`.../lib/x.a`, `src/{a,b}.rs`).
        if token.contains(['{', '}', '<', '>', '*', '$', '@', '#', '?', '=', '|'])
            || token.contains("..")
            || task.files.iter().any(|(p, _)| p == token)
        {
            continue;
        }
        let Some((_, ext)) = token.rsplit_once('.') else {
            continue;
        };
        let ext_ok = (1..=8).contains(&ext.len())
            && ext.bytes().all(|b| b.is_ascii_alphanumeric())
            && ext.bytes().any(|b| b.is_ascii_alphabetic());
        if !ext_ok || token.rsplit('/').next().is_some_and(|f| f.starts_with('.')) {
            continue;
        }
        // `requirements.md/design.md` lists alternatives: no folder has an extension.
        let folders = &token[..token.rfind('/').unwrap_or(0)];
        if folders.split('/').any(|c| {
            c.rsplit_once('.').is_some_and(|(a, e)| {
                !a.is_empty() && e.len() <= 4 && e.bytes().all(|b| b.is_ascii_lowercase())
            })
        }) {
            continue;
        }
        let at = line.start + from + start + raw.find(token).unwrap_or(0);
        task.files
            .push((token.to_string(), index.range(at, at + token.len())));
    }
}

#[cfg(test)]
mod tests;
