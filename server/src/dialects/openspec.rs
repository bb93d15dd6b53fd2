//! OpenSpec: `openspec/specs/<capability>/spec.md` holds the current requirements
//! (`### Requirement: <Name>`, each with `#### Scenario: <name>` blocks), and
//! `openspec/changes/<change>/specs/<capability>/spec.md` holds a pending change's deltas
//! (`## ADDED|MODIFIED|REMOVED|RENAMED Requirements`). `openspec/changes/archive/` is
//! history: its requirement headings are read as references, for navigation, and no
//! delta rule applies to them. Code cites a requirement as
//! `openspec:<capability>/<requirement-slug>` after `Implements:` or `Verifies:`.

use super::items::Items;
use super::kiro::lines::{fenced_lines, heading, Line};
use super::openspec_id;
use crate::catalog;
use crate::facts::{FileFacts, FileProblem, Occurrence, Reference};
use crate::text::LineIndex;

/// What a file under the OpenSpec folder is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpecFile<'r> {
    /// `specs/<capability>/spec.md`.
    Current { capability: &'r str },
    /// `changes/<change>/specs/<capability>/spec.md`, not archived.
    Delta {
        change: &'r str,
        capability: &'r str,
    },
    /// `changes/archive/<change>/specs/<capability>/spec.md`: an applied change.
    Archived { capability: &'r str },
}

pub fn spec_file<'r>(rel: &'r str, folder: &str) -> Option<SpecFile<'r>> {
    let rest = rel.strip_prefix(folder)?.strip_prefix('/')?;
    let parts: Vec<&str> = rest.split('/').collect();
    match parts.as_slice() {
        ["specs", capability, "spec.md"] => Some(SpecFile::Current { capability }),
        ["changes", change, "specs", capability, "spec.md"] if *change != "archive" => {
            Some(SpecFile::Delta { change, capability })
        }
        ["changes", "archive", _, "specs", capability, "spec.md"] => {
            Some(SpecFile::Archived { capability })
        }
        _ => None,
    }
}

/// A requirement's name as an ID: lowercase words joined by `-`
/// (`User Authentication` → `user-authentication`).
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    /// A current spec, or ADDED/MODIFIED in a delta: requirements with scenarios.
    Defines,
    /// MODIFIED in a delta: the requirement must exist.
    Modifies,
    Removes,
    Renames,
    Other,
}

/// Adds the requirements, scenarios and delta references of one OpenSpec file.
/// Implements: REQ-DIALECT-OPENSPEC
pub fn extract(file: &SpecFile, text: &str, facts: &mut FileFacts) {
    let index = LineIndex::new(text);
    let lines = fenced_lines(text);
    let (capability, delta) = match file {
        SpecFile::Current { capability } => (*capability, None),
        SpecFile::Delta { change, capability } => (*capability, Some(*change)),
        SpecFile::Archived { capability } => return archived(capability, &lines, &index, facts),
    };
    let mut b = Items::new(text, &index, capability, facts, openspec_id);
    let mut section = if delta.is_some() {
        Section::Other
    } else {
        Section::Defines
    };
    // The requirement being read: its ID, heading range, and whether it has a scenario.
    let mut open: Option<(String, crate::text::Range, bool)> = None;
    for line in lines.iter().filter(|l| !l.fenced) {
        let Some((level, at, text)) = heading(line.text) else {
            if section == Section::Renames {
                rename_line(line, &mut b);
            }
            continue;
        };
        if let (2, Some(_)) = (level, delta) {
            finish(&mut open, &mut b);
            b.close(line.start);
            let upper = text.to_ascii_uppercase();
            section = if upper.starts_with("ADDED") {
                Section::Defines
            } else if upper.starts_with("MODIFIED") {
                Section::Modifies
            } else if upper.starts_with("REMOVED") {
                Section::Removes
            } else if upper.starts_with("RENAMED") {
                Section::Renames
            } else {
                Section::Other
            };
            continue;
        }
        if let Some(name) = text.strip_prefix("Requirement:") {
            finish(&mut open, &mut b);
            let name = name.trim();
            let local = slug(name);
            let span = (line.start + at, line.start + at + text.len());
            match section {
                Section::Defines => {
                    let id = b.define(&local, name, line, span, level);
                    let heading = b
                        .index
                        .range(line.start, line.start + line.text.trim_end().len());
                    open = Some((id, heading, false));
                }
                Section::Modifies | Section::Removes | Section::Renames => {
                    b.close(line.start);
                    let occ = Occurrence {
                        id: b.id(&local),
                        range: b.index.range(span.0, span.1),
                    };
                    if section == Section::Removes {
                        b.facts.removals.push(occ.clone());
                    }
                    if section == Section::Modifies {
                        // A modified requirement is restated in full: it needs scenarios.
                        let heading = b
                            .index
                            .range(line.start, line.start + line.text.trim_end().len());
                        open = Some((occ.id.clone(), heading, false));
                    }
                    b.facts.references.push(Reference {
                        occ,
                        in_item: None,
                        prose: false,
                    });
                }
                Section::Other => {}
            }
            continue;
        }
        if let Some(name) = text.strip_prefix("Scenario:") {
            if let Some((req, _, has)) = open.as_mut() {
                *has = true;
                let req = req.clone();
                if section == Section::Defines {
                    let local = format!("{}/{}", req.rsplit('/').next().unwrap_or(""), slug(name));
                    let span = (line.start + at, line.start + at + text.len());
                    let id = b.define(&local, name.trim(), line, span, level);
                    b.link_to(&id, req, span.0, span.1);
                }
            }
            continue;
        }
        if level <= 3 {
            finish(&mut open, &mut b);
            b.close(line.start);
        }
    }
    finish(&mut open, &mut b);
    b.close(text.len());
}

/// An archived change: each `### Requirement: <Name>` navigates to the current
/// requirement of that name. A requirement since removed or renamed is history, not an
/// error, so these are prose references; nothing is defined, removed or required.
fn archived(capability: &str, lines: &[Line], index: &LineIndex, facts: &mut FileFacts) {
    for line in lines.iter().filter(|l| !l.fenced) {
        let Some((_, at, text)) = heading(line.text) else {
            continue;
        };
        let Some(name) = text.strip_prefix("Requirement:") else {
            continue;
        };
        let start = line.start + at;
        facts.references.push(Reference {
            occ: Occurrence {
                id: openspec_id(capability, &slug(name)),
                range: index.range(start, start + text.len()),
            },
            in_item: None,
            prose: true,
        });
    }
}

/// `missing-scenario` for a requirement that ended without one.
fn finish(open: &mut Option<(String, crate::text::Range, bool)>, b: &mut Items) {
    if let Some((id, range, false)) = open.take() {
        let shown = super::display(&id).unwrap_or(id);
        b.facts.problems.push(FileProblem {
            code: catalog::MISSING_SCENARIO,
            range,
            message: format!("{shown} has no scenario"),
        });
    }
}

/// `- FROM: `### Requirement: Old`` names a requirement that must exist.
fn rename_line(line: &Line, b: &mut Items) {
    let t = line.text.trim_start().trim_start_matches(['-', '*', ' ']);
    let Some(rest) = t
        .strip_prefix("FROM:")
        .or_else(|| t.strip_prefix("**FROM**:"))
    else {
        return;
    };
    let Some(p) = rest.find("Requirement:") else {
        return;
    };
    let name = rest[p + "Requirement:".len()..]
        .trim()
        .trim_matches(['`', '*'])
        .trim();
    if name.is_empty() {
        return;
    }
    let start = line.start + line.text.find(name).unwrap_or(0);
    let occ = Occurrence {
        id: b.id(&slug(name)),
        range: b.index.range(start, start + name.len()),
    };
    b.facts.references.push(Reference {
        occ,
        in_item: None,
        prose: false,
    });
}

#[cfg(test)]
mod tests {
    // Verifies: REQ-DIALECT-OPENSPEC
    use super::*;
    use crate::facts::SourceKind;

    fn read(file: SpecFile, text: &str) -> FileFacts {
        let mut f = FileFacts::new("x.md".into(), SourceKind::Markdown, false);
        extract(&file, text, &mut f);
        f
    }

    #[test]
    fn paths_and_slugs() {
        assert_eq!(
            spec_file("openspec/specs/auth/spec.md", "openspec"),
            Some(SpecFile::Current { capability: "auth" })
        );
        assert_eq!(
            spec_file("openspec/changes/add-2fa/specs/auth/spec.md", "openspec"),
            Some(SpecFile::Delta {
                change: "add-2fa",
                capability: "auth"
            })
        );
        assert_eq!(
            spec_file("openspec/changes/archive/x/specs/auth/spec.md", "openspec"),
            Some(SpecFile::Archived { capability: "auth" })
        );
        assert_eq!(
            spec_file("openspec/changes/archive/x/proposal.md", "openspec"),
            None
        );
        assert_eq!(slug("User Authentication (v2)"), "user-authentication-v2");
    }

    #[test]
    fn requirements_scenarios_and_missing_scenarios() {
        let f = read(
            SpecFile::Current { capability: "auth" },
            "# Auth\n\n## Requirements\n\n### Requirement: User Login\nThe system SHALL log users in.\n\n#### Scenario: Valid password\n- **WHEN** x\n- **THEN** y\n\n### Requirement: Logout\nThe system SHALL log out.\n",
        );
        let ids: Vec<&str> = f.definitions.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "openspec:auth/user-login",
                "openspec:auth/user-login/valid-password",
                "openspec:auth/logout"
            ]
        );
        assert_eq!(f.problems.len(), 1);
        assert_eq!(f.problems[0].code, catalog::MISSING_SCENARIO);
        assert_eq!(f.problems[0].range.start.line, 11);
    }

    #[test]
    fn deltas_define_added_and_reference_the_rest() {
        let f = read(
            SpecFile::Delta { change: "c", capability: "auth" },
            "## ADDED Requirements\n### Requirement: Two Factor\n#### Scenario: Code\n\n## MODIFIED Requirements\n### Requirement: User Login\n#### Scenario: Valid\n\n## REMOVED Requirements\n### Requirement: Logout\n\n## RENAMED Requirements\n- FROM: `### Requirement: Old Name`\n- TO: `### Requirement: New Name`\n",
        );
        let ids: Vec<&str> = f.definitions.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(
            ids,
            ["openspec:auth/two-factor", "openspec:auth/two-factor/code"]
        );
        let refs: Vec<&str> = f.references.iter().map(|r| r.occ.id.as_str()).collect();
        assert_eq!(
            refs,
            [
                "openspec:auth/user-login",
                "openspec:auth/logout",
                "openspec:auth/old-name"
            ]
        );
        assert_eq!(f.removals.len(), 1);
        assert!(f.problems.is_empty(), "{:?}", f.problems);
    }

    #[test]
    fn an_archived_change_only_references() {
        let f = read(
            SpecFile::Archived { capability: "auth" },
            "## ADDED Requirements\n### Requirement: Two Factor\n\n## REMOVED Requirements\n### Requirement: Gone Long Ago\n",
        );
        assert!(f.definitions.is_empty() && f.removals.is_empty() && f.problems.is_empty());
        let refs: Vec<(&str, bool)> = f
            .references
            .iter()
            .map(|r| (r.occ.id.as_str(), r.prose))
            .collect();
        assert_eq!(
            refs,
            [
                ("openspec:auth/two-factor", true),
                ("openspec:auth/gone-long-ago", true)
            ]
        );
    }
}
