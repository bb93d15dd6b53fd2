//! GitHub Spec Kit's specs, `specs/<NNN-feature>/{spec,plan,tasks}.md` (docs/dialects.md,
//! "Spec Kit"): functional requirements, success criteria, user stories with their
//! acceptance scenarios, tasks, and `[NEEDS CLARIFICATION: …]` markers.

use super::items::Items;
use super::kiro::lines::{fenced_lines, heading, Line};
use super::speckit_id;
use crate::catalog;
use crate::facts::{FileFacts, FileProblem, Link, Occurrence, Task, TaskState};
use crate::text::LineIndex;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecFile {
    Spec,
    Plan,
    Tasks,
}

/// The feature and file kind of `rel` when it is a Spec Kit file under `folder`.
pub fn spec_file<'r>(rel: &'r str, folder: &str) -> Option<(&'r str, SpecFile)> {
    let (feature, file) = super::feature_file(rel, folder)?;
    let kind = match file {
        "spec.md" => SpecFile::Spec,
        "plan.md" => SpecFile::Plan,
        "tasks.md" => SpecFile::Tasks,
        _ => return None,
    };
    Some((feature, kind))
}

/// Adds the items of one Spec Kit file to `facts`.
/// Implements: REQ-DIALECT-SPECKIT
pub fn extract(feature: &str, kind: SpecFile, folder: &str, text: &str, facts: &mut FileFacts) {
    let index = LineIndex::new(text);
    let lines = fenced_lines(text);
    let mut b = Items::new(text, &index, feature, facts, speckit_id);
    if kind != SpecFile::Tasks {
        clarifications(&lines, &mut b);
    }
    match kind {
        SpecFile::Spec => spec(&lines, &mut b),
        SpecFile::Plan => {}
        SpecFile::Tasks => tasks(&lines, &mut b, &format!("{folder}/{feature}")),
    }
    b.close(text.len());
}

/// `[NEEDS CLARIFICATION: …]` left in spec.md or plan.md: a gate before build begins.
fn clarifications(lines: &[Line], b: &mut Items) {
    for line in lines.iter().filter(|l| !l.fenced) {
        let mut from = 0;
        while let Some(p) = line.text[from..].find("[NEEDS CLARIFICATION") {
            let s = from + p;
            let e = line.text[s..]
                .find(']')
                .map_or(line.text.len(), |q| s + q + 1);
            let question = line.text[s..e]
                .trim_start_matches("[NEEDS CLARIFICATION")
                .trim_start_matches([':', ' '])
                .trim_end_matches(']')
                .trim();
            b.facts.problems.push(FileProblem {
                code: catalog::NEEDS_CLARIFICATION,
                range: b.index.range(line.start + s, line.start + e),
                message: if question.is_empty() {
                    "a question is still open here".to_string()
                } else {
                    format!("a question is still open: {question}")
                },
            });
            from = e;
        }
    }
}

/// `**FR-001**`/`**SC-001**` at the start of a list item: the ID's span.
fn bold_id(line: &str, prefix: &str) -> Option<(usize, usize)> {
    let t = line.trim_start();
    let at = line.len() - t.len();
    let t = t.strip_prefix("- ").or_else(|| t.strip_prefix("* "))?;
    let inner = t.strip_prefix("**")?;
    let rest = inner.strip_prefix(prefix)?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || !rest[digits..].starts_with("**") {
        return None;
    }
    let s = at + 2 + 2;
    Some((s, s + prefix.len() + digits))
}

/// A story heading: `User Story 1 - Title (Priority: P1)`, or the same translated
/// (`用户故事 1 — 标题（优先级：P1）`), recognised by a number after the first words and a
/// priority `P<digit>` in a closing parenthesis. Returns the number, the length of the
/// words and number, and the title.
fn story_heading(text: &str) -> Option<(u32, usize, &str)> {
    let digit = text.find(|c: char| c.is_ascii_digit())?;
    let words = &text[..digit];
    let len = text[digit..].bytes().take_while(u8::is_ascii_digit).count();
    let n: u32 = text[digit..digit + len].parse().ok()?;
    let after = &text[digit + len..];
    let title = after.trim_start_matches([' ', '-', '–', '—', ':', '：', '.']);
    let english = words == "User Story ";
    let priority = title.rfind(['(', '（']).is_some_and(|p| {
        title[p..].contains('P')
            && title[p..].ends_with([')', '）'])
            && title[p..].bytes().any(|b| b.is_ascii_digit())
    });
    let words_ok = !words.trim().is_empty() && !words.contains(|c: char| c.is_ascii_punctuation());
    (english || (words_ok && priority)).then_some((n, digit + len, title))
}

fn spec(lines: &[Line], b: &mut Items) {
    // The story being read, and whether its acceptance scenarios list has begun.
    let mut story: Option<(String, u8)> = None;
    let mut scenarios = false;
    let mut count = 0;
    for line in lines.iter().filter(|l| !l.fenced) {
        if let Some((level, at, text)) = heading(line.text) {
            b.close(line.start);
            // `### User Story 1 - Title (Priority: P1)`, in any language.
            if let Some((n, name_len, title)) = story_heading(text) {
                let name = (line.start + at, line.start + at + name_len);
                b.define(&format!("US{n}"), title, line, name, level);
                story = Some((format!("US{n}"), level));
                (scenarios, count) = (false, 0);
                continue;
            }
            if story.as_ref().is_some_and(|(_, l)| level <= *l) {
                story = None;
            }
            scenarios = false;
            continue;
        }
        for (prefix, level) in [("FR-", 5), ("SC-", 5)] {
            if let Some((s, e)) = bold_id(line.text, prefix) {
                let local = line.text[s..e].to_string();
                let title = line.text[e + 2..].trim_start_matches([':', '：', ' ']);
                b.define(&local, title, line, (line.start + s, line.start + e), level);
            }
        }
        let Some((us, level)) = story.clone() else {
            continue;
        };
        let bare = line
            .text
            .trim()
            .trim_matches('*')
            .trim_end_matches(':')
            .trim_matches('*');
        if bare.eq_ignore_ascii_case("acceptance scenarios") {
            b.close(line.start);
            scenarios = true;
            continue;
        }
        if !scenarios {
            continue;
        }
        let t = line.text.trim_start();
        let indent = line.text.len() - t.len();
        let len = t.bytes().take_while(u8::is_ascii_digit).count();
        if indent <= 3 && len > 0 && t[len..].starts_with(". ") {
            count += 1;
            let local = format!("{us}/AC{count}");
            let name = (line.start + indent, line.start + indent + len);
            let title = &t[len + 2..];
            let id = b.define(&local, title, line, name, level + 1);
            b.facts.links.push(Link {
                from: id,
                to: Occurrence {
                    id: speckit_id(b.feature, &us),
                    range: b.index.range(name.0, name.1),
                },
            });
        }
    }
}

fn tasks(lines: &[Line], b: &mut Items, folder: &str) {
    for line in lines.iter().filter(|l| !l.fenced) {
        let t = line.text.trim_start();
        let indent = line.text.len() - t.len();
        let Some(rest) = t.strip_prefix("- [").or_else(|| t.strip_prefix("* [")) else {
            continue;
        };
        let state = match rest.chars().next() {
            Some(' ') => TaskState::Open,
            Some('x' | 'X') => TaskState::Done,
            Some('-' | '~') => TaskState::InProgress,
            _ => continue,
        };
        let Some(body) = rest.get(1..).and_then(|r| r.strip_prefix("] ")) else {
            continue;
        };
        let at = indent + 3 + 1 + 2;
        let len = body.bytes().skip(1).take_while(u8::is_ascii_digit).count();
        if !body.starts_with('T') || len == 0 {
            continue;
        }
        let name = (line.start + at, line.start + at + 1 + len);
        let local = &body[..1 + len];
        let id = b.define(local, &body[1 + len..], line, name, 6);
        b.facts.tasks.push(Task {
            id: id.clone(),
            range: b
                .index
                .range(line.start, line.start + line.text.trim_end().len()),
            state,
            optional: false,
            files: Vec::new(),
            folder: folder.to_string(),
        });
        // `[US1]` names the story; `FR-001`/`SC-002` in the text name what it serves.
        let text = line.text;
        for (p, _) in text.match_indices("[US") {
            let digits = text[p + 3..].bytes().take_while(u8::is_ascii_digit).count();
            if digits > 0 && text[p + 3 + digits..].starts_with(']') {
                let s = line.start + p + 1;
                b.link(&id, &text[p + 1..p + 3 + digits], s, s + 2 + digits);
            }
        }
        for prefix in ["FR-", "SC-"] {
            for (p, _) in text.match_indices(prefix) {
                let glued = p > 0 && text.as_bytes()[p - 1].is_ascii_alphanumeric();
                let digits = text[p + 3..].bytes().take_while(u8::is_ascii_digit).count();
                if !glued && digits > 0 {
                    let s = line.start + p;
                    b.link(&id, &text[p..p + 3 + digits], s, s + 3 + digits);
                }
            }
        }
        let task = b.facts.tasks.len() - 1;
        super::kiro::specs::task_files(line, at + 1 + len, b.index, &mut b.facts.tasks[task]);
    }
}

#[cfg(test)]
mod tests {
    // Verifies: REQ-DIALECT-SPECKIT
    use super::*;
    use crate::facts::SourceKind;

    fn read(kind: SpecFile, text: &str) -> FileFacts {
        let mut f = FileFacts::new("x.md".into(), SourceKind::Markdown, false);
        extract("001-albums", kind, "specs", text, &mut f);
        f
    }

    #[test]
    fn requirements_criteria_stories_and_scenarios() {
        let f = read(
            SpecFile::Spec,
            "## User Scenarios\n\n### User Story 1 - Organise photos (Priority: P1)\n\nText.\n\n**Acceptance Scenarios**:\n\n1. **Given** a photo, **When** dragged, **Then** it moves\n2. **Given** x, **Then** y\n\n## Requirements\n\n- **FR-001**: System MUST allow albums\n- **FR-002**: System MUST sort by [NEEDS CLARIFICATION: date or name?]\n- **SC-001**: Users sort 100 photos in a minute\n",
        );
        let ids: Vec<&str> = f.definitions.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "speckit:001-albums/US1",
                "speckit:001-albums/US1/AC1",
                "speckit:001-albums/US1/AC2",
                "speckit:001-albums/FR-001",
                "speckit:001-albums/FR-002",
                "speckit:001-albums/SC-001"
            ]
        );
        assert_eq!(f.definitions[0].title, "Organise photos (Priority: P1)");
        assert_eq!(f.definitions[3].title, "System MUST allow albums");
        assert_eq!(f.problems.len(), 1);
        assert!(
            f.problems[0].message.contains("date or name?"),
            "{:?}",
            f.problems
        );
    }

    #[test]
    fn translated_story_headings_are_stories() {
        assert_eq!(
            story_heading("User Story 2 - Reorder"),
            Some((2, 12, "Reorder"))
        );
        assert_eq!(
            story_heading("用户故事 1 — 添加数据库连接（优先级：P1）"),
            Some((1, "用户故事 1".len(), "添加数据库连接（优先级：P1）"))
        );
        assert_eq!(
            story_heading("Historia de usuario 3 - Buscar (Prioridad: P2)").map(|s| s.0),
            Some(3)
        );
        assert_eq!(story_heading("Phase 2: Setup"), None);
        assert_eq!(
            story_heading("Step 3 (see P1)").map(|s| s.0),
            Some(3),
            "any words, a number and a priority"
        );
    }

    #[test]
    fn tasks_link_stories_and_requirements_and_name_files() {
        let f = read(
            SpecFile::Tasks,
            "- [ ] T001 Create project structure\n- [X] T012 [P] [US1] Create User model in src/models/user.py for FR-001\n- [x] not a task\n",
        );
        let ids: Vec<&str> = f.definitions.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["speckit:001-albums/T001", "speckit:001-albums/T012"]);
        let links: Vec<String> = f
            .links
            .iter()
            .map(|l| format!("{}>{}", l.from, l.to.id))
            .collect();
        assert_eq!(
            links,
            [
                "speckit:001-albums/T012>speckit:001-albums/US1",
                "speckit:001-albums/T012>speckit:001-albums/FR-001"
            ]
        );
        assert_eq!(f.tasks[1].state, TaskState::Done);
        assert_eq!(f.tasks[1].files[0].0, "src/models/user.py");
    }
}
