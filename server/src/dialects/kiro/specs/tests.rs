//! Unit tests of the Kiro spec reader.
// Verifies: REQ-DIALECT-KIRO
use super::*;
use crate::facts::SourceKind;

fn read(kind: SpecFile, text: &str) -> FileFacts {
    let mut f = FileFacts::new("x.md".into(), SourceKind::Markdown, false);
    extract("f", kind, ".kiro/specs", text, &mut f);
    f
}

fn ids(f: &FileFacts) -> Vec<&str> {
    f.definitions.iter().map(|d| d.id.as_str()).collect()
}

fn links(f: &FileFacts) -> Vec<String> {
    f.links
        .iter()
        .map(|l| format!("{}>{}", l.from, l.to.id))
        .collect()
}

#[test]
fn criteria_are_numbered_by_position_across_grouping_headings() {
    let f = read(
        SpecFile::Requirements,
        "### Requirement 1\n\n#### Acceptance Criteria\n\n##### Group\n\n1. A\n   more of A\n\n##### Other\n\n3. B\n\n### Requirement 2: Two\n\nAcceptance Criteria:\n\n1. C\n## Glossary\n1. not a criterion\n",
    );
    assert_eq!(
        ids(&f),
        [
            "kiro:f/req-1",
            "kiro:f/1.1",
            "kiro:f/1.2",
            "kiro:f/req-2",
            "kiro:f/2.1"
        ]
    );
    assert_eq!(f.definitions[1].title, "A");
    assert!(
        f.definitions[1].content.contains("more of A"),
        "{}",
        f.definitions[1].content
    );
    assert_eq!(f.definitions[3].title, "Two");
    assert!(links(&f).contains(&"kiro:f/1.2>kiro:f/req-1".to_string()));
}

#[test]
fn properties_validate_criteria_in_heading_and_bold_forms() {
    let f = read(
        SpecFile::Design,
        "### Property 1: Idempotent\n**Validates: Requirements 1.1, 1.3**\n\n**Property 2: Durable**\n\n*Validates: Requirement 2.1-2.2*\n",
    );
    assert_eq!(ids(&f), ["kiro:f/property-1", "kiro:f/property-2"]);
    assert_eq!(
        links(&f),
        [
            "kiro:f/property-1>kiro:f/1.1",
            "kiro:f/property-1>kiro:f/1.3",
            "kiro:f/property-2>kiro:f/2.1",
            "kiro:f/property-2>kiro:f/2.2"
        ]
    );
}

#[test]
fn tasks_states_numbers_wrapped_citations_and_files() {
    let f = read(
        SpecFile::Tasks,
        "- [x] 1. Build `src/a.py` and docs/b.md (see https://x.io/c.md, `POST /api/d.json`)\n  - _Requirements: 1.1,\n    1.2_\n- [-] 10a. Partial\n- [~] 2 Partial too\n- [ ]* 3. Optional\n- [X] 4.1 Done\n  - **Validates: Requirements 2.1**\n- [ ] No number\n```\n- [x] 9. In a code block\n```\n- [x] 5. Parent\n   - [x] 5.1 Child\n     - _Requirements: 3.1_\n  - _Requirements: 3.2_\n",
    );
    assert_eq!(
        ids(&f),
        [
            "kiro:f/task-1",
            "kiro:f/task-10a",
            "kiro:f/task-2",
            "kiro:f/task-3",
            "kiro:f/task-4.1",
            "kiro:f/task-5",
            "kiro:f/task-5.1"
        ]
    );
    let states: Vec<(TaskState, bool)> = f.tasks.iter().map(|t| (t.state, t.optional)).collect();
    assert_eq!(
        states,
        [
            (TaskState::Done, false),
            (TaskState::InProgress, false),
            (TaskState::InProgress, false),
            (TaskState::Open, true),
            (TaskState::Done, false),
            (TaskState::Done, false),
            (TaskState::Done, false)
        ]
    );
    let files: Vec<&str> = f.tasks[0].files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(files, ["src/a.py", "docs/b.md"]);
    assert_eq!(f.tasks[0].folder, ".kiro/specs/f");
    assert_eq!(
        links(&f),
        [
            "kiro:f/task-1>kiro:f/1.1",
            "kiro:f/task-1>kiro:f/1.2",
            "kiro:f/task-4.1>kiro:f/2.1",
            "kiro:f/task-5.1>kiro:f/3.1",
            "kiro:f/task-5>kiro:f/3.2"
        ]
    );
}

#[test]
fn prose_mentions_are_references_of_the_feature_not_links() {
    let f = read(
        SpecFile::Design,
        "## Overview\n\nSee Requirement 16.2 and Requirements 3.\nper `.kiro/specs/auth/` Requirement 2.1\n\n### Property 1: P\n**Validates: Requirements 1.1**\nas Requirement 1.2 says\n\n```\nRequirement 9.9\n```\n",
    );
    let refs: Vec<(String, Option<String>)> = f
        .references
        .iter()
        .map(|r| (r.occ.id.clone(), r.in_item.clone()))
        .collect();
    assert_eq!(
        refs,
        [
            ("kiro:f/16.2".to_string(), None),
            ("kiro:f/req-3".to_string(), None),
            ("kiro:auth/2.1".to_string(), None),
            (
                "kiro:f/1.2".to_string(),
                Some("kiro:f/property-1".to_string())
            ),
        ]
    );
    assert_eq!(links(&f), ["kiro:f/property-1>kiro:f/1.1"]);
}
