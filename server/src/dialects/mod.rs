//! Dialects: the spec formats that AI coding agents write, read as they are and turned
//! into the same `FileFacts` as the native dialect (docs/dialects.md).
//!
//! A dialect item has a canonical ID of the form `<dialect>:<feature>/<local>`, so that
//! items local to a feature (Kiro's `1.2` exists in every feature) never collide, and
//! its layer follows from the shape of `<local>` (`class_of`). Every rule, editor
//! feature and output then works on dialect items unchanged.

pub mod cited_ids;
pub mod completion;
pub mod config;
pub mod items;
pub mod kiro;
pub mod openspec;
pub mod refs;
pub mod resolve;
pub mod speckit;

use crate::config::{LayerConfig, Need};
use std::collections::HashSet;

/// The Kiro dialect's scheme and default folder.
pub const KIRO: &str = "kiro";
pub const KIRO_FOLDER: &str = ".kiro/specs";

/// The Spec Kit dialect's scheme and default folder.
pub const SPECKIT: &str = "speckit";
pub const SPECKIT_FOLDER: &str = "specs";

/// Layer names (and class keys) of Spec Kit items.
pub const SPECKIT_REQUIREMENT: &str = "speckit-requirement";
pub const SPECKIT_CRITERION: &str = "speckit-success-criterion";
pub const SPECKIT_STORY: &str = "speckit-story";
pub const SPECKIT_SCENARIO: &str = "speckit-scenario";
pub const SPECKIT_TASK: &str = "speckit-task";

/// The canonical ID of a Spec Kit item (`FR-001`, `SC-002`, `US1`, `US1/AC2`, `T012`).
pub fn speckit_id(feature: &str, local: &str) -> String {
    format!("{SPECKIT}:{feature}/{local}")
}

/// The OpenSpec dialect's scheme and default folder.
pub const OPENSPEC: &str = "openspec";
pub const OPENSPEC_FOLDER: &str = "openspec";
pub const OPENSPEC_REQUIREMENT: &str = "openspec-requirement";
pub const OPENSPEC_SCENARIO: &str = "openspec-scenario";

/// The canonical ID of an OpenSpec item: `openspec:<capability>/<requirement-slug>`, and
/// `…/<requirement-slug>/<scenario-slug>` for a scenario.
pub fn openspec_id(capability: &str, local: &str) -> String {
    format!("{OPENSPEC}:{capability}/{local}")
}

/// Layer names (and class keys) of Kiro items.
pub const KIRO_REQUIREMENT: &str = "kiro-requirement";
pub const KIRO_CRITERION: &str = "kiro-criterion";
pub const KIRO_PROPERTY: &str = "kiro-property";
pub const KIRO_TASK: &str = "kiro-task";

/// The canonical ID of a Kiro item.
pub fn kiro_id(feature: &str, local: &str) -> String {
    format!("{KIRO}:{feature}/{local}")
}

/// `(dialect, feature, local)` of a dialect ID.
pub fn split(id: &str) -> Option<(&str, &str, &str)> {
    let (dialect, rest) = id.split_once(':')?;
    let (feature, local) = rest.split_once('/')?;
    Some((dialect, feature, local))
}

/// `(feature, file name)` of `<folder>/<feature>/<file>`, the layout Kiro and Spec Kit
/// share.
pub fn feature_file<'r>(rel: &'r str, folder: &str) -> Option<(&'r str, &'r str)> {
    let rest = rel.strip_prefix(folder)?.strip_prefix('/')?;
    let (feature, file) = rest.split_once('/')?;
    (!feature.is_empty()).then_some((feature, file))
}

/// The layer key of a dialect ID (what `ids::prefix_of` is for native IDs), or `None`
/// for a native ID.
/// Implements: REQ-DIALECT-MODEL
pub fn class_of(id: &str) -> Option<&'static str> {
    let (dialect, _, local) = split(id)?;
    match dialect {
        KIRO => Some(if local.starts_with("req-") {
            KIRO_REQUIREMENT
        } else if local.starts_with("property-") {
            KIRO_PROPERTY
        } else if local.starts_with("task-") {
            KIRO_TASK
        } else {
            KIRO_CRITERION
        }),
        SPECKIT => Some(if local.starts_with("FR-") {
            SPECKIT_REQUIREMENT
        } else if local.starts_with("SC-") {
            SPECKIT_CRITERION
        } else if local.contains("/AC") {
            SPECKIT_SCENARIO
        } else if local.starts_with("US") {
            SPECKIT_STORY
        } else {
            SPECKIT_TASK
        }),
        OPENSPEC => Some(if local.contains('/') {
            OPENSPEC_SCENARIO
        } else {
            OPENSPEC_REQUIREMENT
        }),
        _ => None,
    }
}

/// How people write a dialect ID: `Requirement 3`, `1.2`, `Property 4`, `task 3.1`, each
/// with its feature (`user-auth 1.2`).
pub fn display(id: &str) -> Option<String> {
    let (dialect, feature, local) = split(id)?;
    if dialect == OPENSPEC {
        return Some(match local.split_once('/') {
            Some((req, scenario)) => {
                format!("scenario `{scenario}` of requirement `{req}` of {feature}")
            }
            None => format!("requirement `{local}` of {feature}"),
        });
    }
    if dialect == SPECKIT {
        let shown = match local.split_once("/AC") {
            Some((story, n)) => format!("scenario {n} of {story}"),
            None => local.to_string(),
        };
        return Some(format!("{shown} of {feature}"));
    }
    if dialect != KIRO {
        return None;
    }
    let shown = if let Some(n) = local.strip_prefix("req-") {
        format!("Requirement {n}")
    } else if let Some(n) = local.strip_prefix("property-") {
        format!("Property {n}")
    } else if let Some(n) = local.strip_prefix("task-") {
        format!("task {n}")
    } else {
        format!("criterion {local}")
    };
    Some(format!("{shown} of {feature}"))
}

/// The requirement a Kiro criterion belongs to (`kiro:f/3.2` → `kiro:f/req-3`): citing
/// or verifying a whole requirement counts for each of its criteria.
pub fn parent_of(id: &str) -> Option<String> {
    if class_of(id)? != KIRO_CRITERION {
        return None;
    }
    let (_, feature, local) = split(id)?;
    let (req, _) = local.split_once('.')?;
    Some(kiro_id(feature, &format!("req-{req}")))
}

/// Whether `path` is a pending change's delta (`openspec/changes/<change>/…`).
pub fn is_pending_change(config: &crate::config::Config, path: &str) -> bool {
    config.openspec_folder.as_deref().is_some_and(|folder| {
        path.strip_prefix(folder)
            .and_then(|r| r.strip_prefix("/changes/"))
            .is_some_and(|r| !r.starts_with("archive/"))
    })
}

/// How to cite a dialect item from a test, for help texts.
pub fn marker_help(id: &str) -> Option<String> {
    let (dialect, feature, local) = split(id)?;
    if dialect == SPECKIT {
        return Some(format!(
            "annotate a test with a comment `Verifies: {feature}/{local}`"
        ));
    }
    if dialect != KIRO {
        return None;
    }
    let marker = if let Some(n) = local.strip_prefix("property-") {
        format!("`Feature: {feature}, Property {n}`")
    } else if let Some(n) = local.strip_prefix("req-") {
        format!("`Feature: {feature}` and `Validates: Requirements {n}`")
    } else {
        format!("`Feature: {feature}` and `Validates: Requirements {local}`")
    };
    Some(format!("annotate a test with the comments {marker}"))
}

/// The dialect features that have a task list (`uncovered` applies to their items).
pub fn features_with_tasks<'a>(ids: impl Iterator<Item = &'a str>) -> HashSet<&'a str> {
    ids.filter(|id| matches!(class_of(id), Some(KIRO_TASK | SPECKIT_TASK)))
        .filter_map(|id| split(id).map(|(_, f, _)| f))
        .collect()
}

/// Whether `uncovered` applies to `id`: always for a native item; for a Kiro criterion,
/// once its feature has a tasks.md with tasks.
pub fn coverage_applies(id: &str, with_tasks: &HashSet<&str>) -> bool {
    match split(id) {
        Some((KIRO | SPECKIT, feature, _)) => with_tasks.contains(feature),
        _ => true,
    }
}

/// The layers of the active dialects, laid after the configured ones. Kiro's criteria
/// need a test, and are covered by the tasks that cite them (once a feature has a
/// tasks.md); `extra` adds needs per item kind (`[dialects.kiro] needs`).
pub fn kiro_layers(extra: &[(String, Vec<Need>)]) -> Vec<LayerConfig> {
    let layer = |name: &str, covered_by: &[&str], needs: Vec<Need>| {
        dialect_layer(name, "kiro-", covered_by, needs, extra)
    };
    vec![
        layer(KIRO_REQUIREMENT, &[], Vec::new()),
        layer(KIRO_CRITERION, &[KIRO_TASK], vec![Need::Test]),
        layer(KIRO_PROPERTY, &[], Vec::new()),
        layer(KIRO_TASK, &[], Vec::new()),
    ]
}

/// Spec Kit's layers: functional requirements need a test; stories are covered by the
/// tasks that name them (once a feature has a tasks.md).
pub fn speckit_layers(extra: &[(String, Vec<Need>)]) -> Vec<LayerConfig> {
    let layer = |name: &str, covered_by: &[&str], needs: Vec<Need>| {
        dialect_layer(name, "speckit-", covered_by, needs, extra)
    };
    vec![
        layer(SPECKIT_REQUIREMENT, &[], vec![Need::Test]),
        layer(SPECKIT_CRITERION, &[], Vec::new()),
        layer(SPECKIT_STORY, &[SPECKIT_TASK], Vec::new()),
        layer(SPECKIT_SCENARIO, &[], Vec::new()),
        layer(SPECKIT_TASK, &[], Vec::new()),
    ]
}

/// OpenSpec's layers: nothing needs a test by default (`missing-scenario` is the check).
pub fn openspec_layers(extra: &[(String, Vec<Need>)]) -> Vec<LayerConfig> {
    vec![
        dialect_layer(OPENSPEC_REQUIREMENT, "openspec-", &[], Vec::new(), extra),
        dialect_layer(OPENSPEC_SCENARIO, "openspec-", &[], Vec::new(), extra),
    ]
}

fn dialect_layer(
    name: &str,
    scheme: &str,
    covered_by: &[&str],
    needs: Vec<Need>,
    extra: &[(String, Vec<Need>)],
) -> LayerConfig {
    let short = name.trim_start_matches(scheme);
    let mut needs = needs;
    for (kind, more) in extra {
        if kind == short {
            for n in more {
                if !needs.contains(n) {
                    needs.push(*n);
                }
            }
        }
    }
    LayerConfig {
        name: name.to_string(),
        prefix: name.to_string(),
        derives_from: Vec::new(),
        covered_by: covered_by.iter().map(|s| s.to_string()).collect(),
        needs,
        dialect: true,
    }
}

#[cfg(test)]
mod tests {
    // Verifies: REQ-DIALECT-MODEL
    use super::*;

    #[test]
    fn kiro_ids_classify_by_their_local_part() {
        assert_eq!(class_of(&kiro_id("auth", "req-3")), Some(KIRO_REQUIREMENT));
        assert_eq!(class_of(&kiro_id("auth", "3.2")), Some(KIRO_CRITERION));
        assert_eq!(
            class_of(&kiro_id("auth", "property-14")),
            Some(KIRO_PROPERTY)
        );
        assert_eq!(class_of(&kiro_id("auth", "task-3.1")), Some(KIRO_TASK));
        assert_eq!(class_of("REQ-1"), None);
        assert_eq!(class_of("GET /users"), None);
        assert_eq!(
            display("kiro:auth/3.2").as_deref(),
            Some("criterion 3.2 of auth")
        );
    }
}
