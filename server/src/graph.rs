//! The trace graph: all files' facts merged and indexed by ID.
//!
//! Cheap to rebuild from facts (hash maps of small indices), so an edit can replace one
//! file's facts and rebuild the graph rather than patch it.

use crate::config::{Config, LayerConfig};
use crate::contract::Operation;
use crate::drift::LockState;
use crate::facts::{Annotation, AnnotationKind, Definition, FileFacts, Link, Reference};
use crate::routes::compose::compose;
use crate::routes::matching::{match_all, Api, OpRef, RouteRef};
use crate::routes::Route;
use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

/// A position in `Graph::files`: file index and index within that file's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct At {
    file: u32,
    idx: u32,
}

pub struct Graph {
    pub config: Arc<Config>,
    pub files: Vec<Arc<FileFacts>>,
    defs: HashMap<String, Vec<At>>,
    links_from: HashMap<String, Vec<At>>,
    links_to: HashMap<String, Vec<At>>,
    annotations_to: HashMap<String, Vec<At>>,
    references_to: HashMap<String, Vec<At>>,
    /// Routes matched against operations.
    pub api: Api,
    ops_by_id: HashMap<String, Vec<OpRef>>,
    /// `throughline.lock`, for drift rules (`Missing` until a caller sets it).
    pub lock: Arc<LockState>,
    /// Flag the whole cone below a changed item, not only its direct links.
    pub transitive: bool,
    /// The workspace root on disk, for rules that check that a named file exists
    /// (`done-unverified`); `None` skips those checks.
    pub root: Option<std::path::PathBuf>,
    /// Every file of the workspace when it is not read from disk (the base revision of
    /// `check --base`), for the same checks; it wins over `root`.
    pub paths: Option<Arc<Vec<String>>>,
    /// Test results matched to the annotations (`evidence::attach`; empty until then).
    pub evidence: crate::evidence::GraphEvidence,
    /// Tracker exports' titles and statuses (`crate::trackers`), empty until set.
    pub trackers: Arc<crate::trackers::Statuses>,
}

/// A definition with the file it lives in.
pub type DefIn<'g> = (&'g FileFacts, &'g Definition);
pub type LinkIn<'g> = (&'g FileFacts, &'g Link);
pub type AnnotationIn<'g> = (&'g FileFacts, &'g Annotation);
pub type ReferenceIn<'g> = (&'g FileFacts, &'g Reference);
pub type OpIn<'g> = (&'g FileFacts, &'g Operation, OpRef);

impl Graph {
    pub fn build(config: Arc<Config>, mut files: Vec<Arc<FileFacts>>) -> Graph {
        files.sort_by(|a, b| a.path.cmp(&b.path));
        crate::dialects::resolve::resolve_markers(&mut files);
        let mut g = Graph {
            config,
            files,
            defs: HashMap::default(),
            links_from: HashMap::default(),
            links_to: HashMap::default(),
            annotations_to: HashMap::default(),
            references_to: HashMap::default(),
            api: Api::default(),
            ops_by_id: HashMap::default(),
            lock: Arc::new(LockState::Missing),
            transitive: false,
            root: None,
            paths: None,
            evidence: Default::default(),
            trackers: Arc::default(),
        };
        // Only the first occurrence of an ID allocates its key.
        fn add(map: &mut HashMap<String, Vec<At>>, id: &str, at: At) {
            match map.get_mut(id) {
                Some(v) => v.push(at),
                None => {
                    map.insert(id.to_string(), vec![at]);
                }
            }
        }
        for (fi, f) in g.files.iter().enumerate() {
            let at = |idx: usize| At {
                file: fi as u32,
                idx: idx as u32,
            };
            for (i, d) in f.definitions.iter().enumerate() {
                add(&mut g.defs, &d.id, at(i));
            }
            for (i, l) in f.links.iter().enumerate() {
                add(&mut g.links_from, &l.from, at(i));
                add(&mut g.links_to, &l.to.id, at(i));
            }
            for (i, a) in f.annotations.iter().enumerate() {
                add(&mut g.annotations_to, &a.target.id, at(i));
            }
            for (i, r) in f.references.iter().enumerate() {
                add(&mut g.references_to, &r.occ.id, at(i));
            }
            if let Some(c) = f.contract.as_deref() {
                for (i, op) in c.operations.iter().enumerate() {
                    g.ops_by_id.entry(op.id.clone()).or_default().push(OpRef {
                        file: fi as u32,
                        op: i as u32,
                    });
                }
            }
        }
        let composed = compose(&g.files, &g.config.contracts);
        g.api = match_all(&g.files, composed, &g.config.contracts);
        g
    }

    /// Replaces file `i`'s facts with a version whose lists are the same but for the
    /// annotations' symbols, keeping the indices (nothing is rebuilt). Returns false, and
    /// changes nothing, when the lists differ.
    pub fn replace_symbols(&mut self, i: usize, facts: FileFacts) -> bool {
        let Some(old) = self.files.get(i) else {
            return false;
        };
        let same = old.path == facts.path
            && old.definitions == facts.definitions
            && old.links == facts.links
            && old.references == facts.references
            && old.annotations.len() == facts.annotations.len()
            && old
                .annotations
                .iter()
                .zip(&facts.annotations)
                .all(|(a, b)| a.kind == b.kind && a.target == b.target);
        if same {
            self.files[i] = Arc::new(facts);
        }
        same
    }

    /// The operations with item ID `id` (more than one is a `duplicate-id`).
    pub fn operations(&self, id: &str) -> impl Iterator<Item = OpIn<'_>> {
        self.ops_by_id
            .get(id)
            .into_iter()
            .flatten()
            .filter_map(|r| self.operation(*r).map(|(f, op)| (f, op, *r)))
    }

    pub fn operation(&self, r: OpRef) -> Option<(&FileFacts, &Operation)> {
        let f = self.files.get(r.file as usize)?;
        Some((f, f.contract.as_deref()?.operations.get(r.op as usize)?))
    }

    pub fn route(&self, r: RouteRef) -> Option<(&FileFacts, &Route)> {
        let f = self.files.get(r.file as usize)?;
        Some((f, f.routes.as_deref()?.routes.get(r.route as usize)?))
    }

    /// Whether an operation with ID `id` has a route handler in code.
    pub fn is_served(&self, id: &str) -> bool {
        self.ops_by_id
            .get(id)
            .is_some_and(|ops| ops.iter().any(|&o| self.api.is_served(o)))
    }

    fn file(&self, at: At) -> &FileFacts {
        &self.files[at.file as usize]
    }

    /// The index of a file in `files`, by workspace-relative path.
    pub fn file_index(&self, path: &str) -> Option<u32> {
        self.files
            .binary_search_by(|f| f.path.as_str().cmp(path))
            .ok()
            .map(|i| i as u32)
    }

    /// The facts of one file, by workspace-relative path.
    pub fn file_facts(&self, path: &str) -> Option<&FileFacts> {
        self.files
            .binary_search_by(|f| f.path.as_str().cmp(path))
            .ok()
            .map(|i| &*self.files[i])
    }

    pub fn is_defined(&self, id: &str) -> bool {
        self.defs.contains_key(id)
    }

    /// Every definition of `id` (more than one is a `duplicate-id`), in path order.
    pub fn definitions(&self, id: &str) -> impl Iterator<Item = DefIn<'_>> {
        self.defs.get(id).into_iter().flatten().map(|&at| {
            let f = self.file(at);
            (f, &f.definitions[at.idx as usize])
        })
    }

    /// The first definition of `id`.
    pub fn definition(&self, id: &str) -> Option<DefIn<'_>> {
        self.definitions(id).next()
    }

    /// All definitions in path order.
    pub fn all_definitions(&self) -> impl Iterator<Item = DefIn<'_>> {
        self.files
            .iter()
            .flat_map(|f| f.definitions.iter().map(move |d| (&**f, d)))
    }

    pub fn defined_ids(&self) -> impl Iterator<Item = &str> {
        self.defs.keys().map(String::as_str)
    }

    /// The `Derives from:` links written in item `id`'s body (its upstream).
    pub fn links_from(&self, id: &str) -> impl Iterator<Item = LinkIn<'_>> {
        self.links_from.get(id).into_iter().flatten().map(|&at| {
            let f = self.file(at);
            (f, &f.links[at.idx as usize])
        })
    }

    /// The links that name `id` as upstream (its derived items).
    pub fn links_to(&self, id: &str) -> impl Iterator<Item = LinkIn<'_>> {
        self.links_to.get(id).into_iter().flatten().map(|&at| {
            let f = self.file(at);
            (f, &f.links[at.idx as usize])
        })
    }

    pub fn annotations_to(&self, id: &str) -> impl Iterator<Item = AnnotationIn<'_>> {
        self.annotations_to
            .get(id)
            .into_iter()
            .flatten()
            .map(|&at| {
                let f = self.file(at);
                (f, &f.annotations[at.idx as usize])
            })
    }

    pub fn references_to(&self, id: &str) -> impl Iterator<Item = ReferenceIn<'_>> {
        self.references_to.get(id).into_iter().flatten().map(|&at| {
            let f = self.file(at);
            (f, &f.references[at.idx as usize])
        })
    }

    /// IDs that something links to, annotates or mentions but nothing defines.
    pub fn undefined_targets(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self
            .links_to
            .keys()
            .chain(self.annotations_to.keys())
            .chain(self.references_to.keys())
            .map(String::as_str)
            .filter(|id| !self.defs.contains_key(*id))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Every link, annotation and reference, for checks that look at all of them.
    pub fn all_links(&self) -> impl Iterator<Item = LinkIn<'_>> {
        self.files
            .iter()
            .flat_map(|f| f.links.iter().map(move |l| (&**f, l)))
    }

    pub fn all_annotations(&self) -> impl Iterator<Item = AnnotationIn<'_>> {
        self.files
            .iter()
            .flat_map(|f| f.annotations.iter().map(move |a| (&**f, a)))
    }

    pub fn all_references(&self) -> impl Iterator<Item = ReferenceIn<'_>> {
        self.files
            .iter()
            .flat_map(|f| f.references.iter().map(move |r| (&**f, r)))
    }

    pub fn layer_of(&self, id: &str) -> Option<&LayerConfig> {
        self.config.layer_of(id)
    }

    /// Whether any code annotation of `kind` counts for `id` (see `coverage`), without
    /// collecting them.
    /// An operation deriving from `id` that has a route handler implements `id` too.
    pub fn has_coverage(&self, id: &str, kind: AnnotationKind) -> bool {
        let parent = crate::dialects::parent_of(id);
        self.annotations_to(id).any(|(_, a)| a.kind == kind)
            || parent
                .as_deref()
                .is_some_and(|p| self.annotations_to(p).any(|(_, a)| a.kind == kind))
            || self.links_to(id).any(|(_, link)| {
                self.annotations_to(&link.from).any(|(_, a)| a.kind == kind)
                    || (kind == AnnotationKind::Implements && self.is_served(&link.from))
            })
    }

    /// Code annotations of `kind` that count for `id`: its own, plus those of items that
    /// derive from it directly (a design's implementation implements its requirement; a
    /// test of a test-plan case verifies its requirement).
    pub fn coverage(&self, id: &str, kind: AnnotationKind) -> Vec<AnnotationIn<'_>> {
        let mut out: Vec<AnnotationIn<'_>> = self
            .annotations_to(id)
            .filter(|(_, a)| a.kind == kind)
            .collect();
        for (_, link) in self.links_to(id) {
            out.extend(
                self.annotations_to(&link.from)
                    .filter(|(_, a)| a.kind == kind),
            );
        }
        // A Kiro criterion is verified by what verifies its whole requirement.
        if let Some(parent) = crate::dialects::parent_of(id) {
            out.extend(self.annotations_to(&parent).filter(|(_, a)| a.kind == kind));
        }
        out
    }
}
