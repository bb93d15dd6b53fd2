//! Trackers (docs/trackers.md): Jira, GitHub, Azure DevOps and Figma keys in the chain.
//!
//! `config` reads `[trackers.NAME]`; `matcher` finds keys in a line; `extract` records
//! each file's keys with its facts (`FileFacts::trackers`); `export` and `status` read
//! the exports that give keys a title and a status, offline; `hover` and
//! `features::links` show them in the editor; `refs` is the list the report and the
//! export use. `rules::trackers` reports `closed-unverified` and broken exports.

pub mod config;
pub mod export;
pub mod extract;
pub mod hover;
pub mod matcher;
pub mod status;

use crate::config::Config;
use crate::facts::{FileFacts, SourceKind};
use crate::graph::Graph;
use crate::ids::IdScanner;
use crate::text::Range;
use crate::workspace::{self, FileKind, Outcome};
use serde::{Deserialize, Serialize};

pub use export::{Category, Status};
pub use status::Statuses;

/// A tracker key written in a file (per-file facts: no status, which lives in exports).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// The `[trackers.NAME]` it matched.
    pub tracker: String,
    pub key: String,
    pub url: String,
    /// The key its export knows it by; `None` for another repository's GitHub issue.
    pub lookup: Option<String>,
    pub range: Range,
    /// The chain items it tracks: the Markdown item it is written in, or the IDs the
    /// annotations of its code comment name.
    pub items: Vec<String>,
    /// Written on a `Tracks:` line.
    pub tracks: bool,
}

/// A tracker key with where it is, what it tracks and what its export says: plain data
/// for the HTML report and the JSON export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrackerRef {
    pub tracker: String,
    pub key: String,
    pub url: String,
    pub path: String,
    pub range: Range,
    pub items: Vec<String>,
    pub status: Option<Status>,
    pub title: Option<String>,
}

/// The exported record of a mention, if its export has it.
pub fn record<'g>(graph: &'g Graph, m: &Mention) -> Option<&'g export::Record> {
    graph.trackers.get(&m.tracker, m.lookup.as_deref()?)
}

/// Every tracker key in the workspace, in path and position order.
/// Implements: REQ-TRACKER-LINKS, REQ-TRACKER-STATUS
pub fn refs(graph: &Graph) -> Vec<TrackerRef> {
    graph
        .files
        .iter()
        .flat_map(|f| f.trackers.iter().map(move |m| (f, m)))
        .map(|(f, m)| {
            let rec = record(graph, m);
            TrackerRef {
                tracker: m.tracker.clone(),
                key: m.key.clone(),
                url: m.url.clone(),
                path: f.path.clone(),
                range: m.range,
                items: m.items.clone(),
                status: rec.map(|r| r.status.clone()),
                title: rec.map(|r| r.title.clone()).filter(|t| !t.is_empty()),
            }
        })
        .collect()
}

/// The statuses of the configured exports, read through `read`.
pub fn load_statuses(config: &Config, read: &(dyn Fn(&str) -> Option<Vec<u8>> + Sync)) -> Statuses {
    status::load(&config.trackers, config.max_file_size, read)
}

/// Adds tracker mentions to what extraction made of one file. A file without trace IDs
/// is kept when a `Tracks:` line in it names a key.
/// Implements: REQ-TRACKER-LINKS
pub fn extract_into(
    rel: &str,
    data: &[u8],
    config: &Config,
    scanner: &IdScanner,
    outcome: &mut Outcome,
) {
    if config.trackers.is_empty() || data.len() as u64 > config.max_file_size {
        return;
    }
    let has_tracks = || memchr::memmem::find(data, b"Tracks:").is_some();
    match outcome {
        Outcome::Binary => {}
        Outcome::NoIds => {
            if !has_tracks() || rel == crate::drift::LOCK_FILE {
                return;
            }
            let kind = match workspace::kind_for_path(rel) {
                FileKind::Markdown => SourceKind::Markdown,
                FileKind::Code(l) => SourceKind::Code(l.name),
                FileKind::Text => SourceKind::Text,
            };
            let mut facts = FileFacts::new(rel.to_string(), kind, config.tests.is_match(rel));
            extract::add_mentions(
                &String::from_utf8_lossy(data),
                &mut facts,
                &config.trackers,
                scanner,
            );
            if !facts.trackers.is_empty() {
                *outcome = Outcome::Facts(facts, false);
            }
        }
        Outcome::Facts(facts, _) => {
            let worth = has_tracks()
                || (facts.kind == SourceKind::Markdown && !facts.definitions.is_empty());
            if worth {
                let text = String::from_utf8_lossy(data);
                extract::add_mentions(&text, facts, &config.trackers, scanner);
            }
        }
    }
}
