//! The server starts the way `check` runs: every file read with the comment lexer (or
//! taken from the facts cache), diagnostics published, and only then the code parsed
//! for symbols. This module makes fast-path facts full: the files still waiting, a
//! parse of a few of them on the writer when an answer needs them now, and the
//! background parser that does the rest at low priority.

use super::world::Root;
use crate::cache::Stamp;
use crate::config::Config;
use crate::facts::FileFacts;
use crate::ids::IdScanner;
use crate::workspace::{self, Outcome};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::Arc;

/// Files parsed per message from the background parser: small enough that the writer
/// applies a batch in a millisecond or two, large enough that progress is not chatty.
const BATCH: usize = 256;

/// One fully parsed file, with the facts it replaces (applied only if still current).
pub struct Parsed {
    pub rel: String,
    pub old: Arc<FileFacts>,
    pub new: Option<FileFacts>,
    pub stamp: Option<Stamp>,
    pub hash: u64,
}

/// Messages from the background parser.
pub enum Progress {
    Batch {
        root: PathBuf,
        files: Vec<Parsed>,
        done: usize,
        total: usize,
    },
    Finished,
}

/// What the parser needs to read one root's waiting files.
pub struct Job {
    pub root: PathBuf,
    pub config: Arc<Config>,
    pub files: Vec<(String, Arc<FileFacts>)>,
}

/// A full extraction of `rel` from the disk, with the stamp and hash the cache keys on.
pub fn parse_from_disk(
    root: &Path,
    rel: &str,
    config: &Config,
    scanner: &IdScanner,
) -> Option<(Option<FileFacts>, Option<Stamp>, u64)> {
    let path = root.join(rel);
    let stamp = Stamp::of(&path);
    let data = std::fs::read(&path).ok()?;
    let hash = xxhash_rust::xxh3::xxh3_64(&data);
    let facts = std::panic::catch_unwind(|| workspace::index_bytes(rel, &data, config, scanner));
    let facts = match facts {
        Ok(Outcome::Facts(f, _)) if !f.is_empty() => Some(f),
        Ok(_) => None,
        // An extractor bug: keep the fast-path facts.
        Err(_) => return None,
    };
    Some((facts, stamp, hash))
}

/// `old`'s file parsed afresh, as a `Parsed` to apply (the background and on demand).
fn parsed(
    root: &Path,
    rel: &str,
    old: &Arc<FileFacts>,
    config: &Config,
    scanner: &IdScanner,
) -> Option<Parsed> {
    let (new, stamp, hash) = parse_from_disk(root, rel, config, scanner)?;
    Some(Parsed {
        rel: rel.to_string(),
        old: old.clone(),
        new,
        stamp,
        hash,
    })
}

/// Implements: REQ-LSP-FAST-START
/// Starts the background parser over `jobs`; its results arrive on the returned
/// receiver, in batches, then `Finished`. It uses all cores but one, so the writer and
/// requests keep one; dropping the receiver stops it after the current batch.
pub fn spawn(jobs: Vec<Job>) -> Receiver<Progress> {
    let (tx, rx) = std::sync::mpsc::channel();
    let threads =
        std::thread::available_parallelism().map_or(1, |n| n.get().saturating_sub(1).max(1));
    let started = std::thread::Builder::new()
        .name("throughline-parser".into())
        .spawn(move || run(jobs, threads, &tx));
    if let Err(e) = started {
        tracing::warn!("cannot start the background parser: {e}");
    }
    rx
}

fn run(jobs: Vec<Job>, threads: usize, tx: &Sender<Progress>) {
    let Ok(pool) = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("throughline-parser-{i}"))
        .build()
    else {
        let _ = tx.send(Progress::Finished);
        return;
    };
    let total: usize = jobs.iter().map(|j| j.files.len()).sum();
    let mut done = 0;
    for job in jobs {
        let scanner = IdScanner::new(&job.config.prefixes());
        for chunk in job.files.chunks(BATCH) {
            let files: Vec<Parsed> = pool.install(|| {
                chunk
                    .par_iter()
                    .filter_map(|(rel, old)| parsed(&job.root, rel, old, &job.config, &scanner))
                    .collect()
            });
            done += chunk.len();
            let batch = Progress::Batch {
                root: job.root.clone(),
                files,
                done,
                total,
            };
            if tx.send(batch).is_err() {
                return;
            }
        }
    }
    let _ = tx.send(Progress::Finished);
}

impl Root {
    /// The files whose facts the fast path left without symbols or bodies.
    pub fn waiting(&self) -> Vec<(String, Arc<FileFacts>)> {
        let mut files: Vec<(String, Arc<FileFacts>)> = self
            .facts
            .iter()
            .filter(|(_, f)| (f.symbols_pending || f.bodies_pending) && f.origin.is_none())
            .map(|(p, f)| (p.clone(), f.clone()))
            .collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files
    }

    /// Implements: REQ-LSP-FAST-START
    /// Parses `rels` now (those still waiting), on all cores: for an answer or a
    /// diagnostic that shows their symbols. Returns how many were parsed.
    pub fn parse_now(&mut self, rels: &[&str]) -> usize {
        let waiting: Vec<(String, Arc<FileFacts>)> = rels
            .iter()
            .filter_map(|r| {
                let f = self.facts.get(*r)?;
                (f.symbols_pending || f.bodies_pending).then(|| (r.to_string(), f.clone()))
            })
            .collect();
        let scanner = IdScanner::new(&self.config.prefixes());
        let (root, config) = (&self.path, &self.config);
        let parsed: Vec<Parsed> = waiting
            .par_iter()
            .filter_map(|(rel, old)| parsed(root, rel, old, config, &scanner))
            .collect();
        self.apply_parsed(parsed)
    }

    /// Swaps in parsed facts whose file is as it was when the parse was asked for (an
    /// edit or a file event since then wins), and records them in the cache.
    pub fn apply_parsed(&mut self, parsed: Vec<Parsed>) -> usize {
        let mut applied = 0;
        for p in parsed {
            let current = self.facts.get(&p.rel);
            if !current.is_some_and(|c| Arc::ptr_eq(c, &p.old)) {
                continue;
            }
            if let Some(cache) = &self.cache {
                cache.record(&p.rel, p.stamp, p.hash, p.new.as_ref());
            }
            match p.new {
                Some(f) => {
                    self.facts.insert(p.rel, Arc::new(f));
                }
                None => {
                    self.facts.remove(&p.rel);
                }
            }
            applied += 1;
        }
        applied
    }

    /// Parses the files whose code fingerprints the lock compares (`changed-implementation`
    /// must be right in the first diagnostics), like `check` does.
    pub fn parse_for_lock(&mut self) -> usize {
        let Some(lock) = self.lock.lock().filter(|l| !l.bodies.is_empty()) else {
            return 0;
        };
        let rels: Vec<String> = self
            .facts
            .iter()
            .filter(|(_, f)| {
                f.bodies_pending && crate::drift::implementation::lock_needs_bodies(lock, f)
            })
            .map(|(p, _)| p.clone())
            .collect();
        let refs: Vec<&str> = rels.iter().map(String::as_str).collect();
        self.parse_now(&refs)
    }

    /// Parses the test files with `Verifies:` annotations when test results are given:
    /// results match by the tests' names, which only a parse knows (as in `check`).
    pub fn parse_for_evidence(&mut self) -> usize {
        if !self.evidence.given {
            return 0;
        }
        let rels: Vec<String> = self
            .facts
            .iter()
            .filter(|(_, f)| {
                f.symbols_pending
                    && f.annotations
                        .iter()
                        .any(|a| a.kind == crate::facts::AnnotationKind::Verifies)
            })
            .map(|(p, _)| p.clone())
            .collect();
        let refs: Vec<&str> = rels.iter().map(String::as_str).collect();
        self.parse_now(&refs)
    }

    /// Saves the facts cache and lets it go: after the background parse, or at once
    /// when nothing waited. On the writer, after the diagnostics are out: a save on
    /// another thread could be cut short by the process exiting.
    pub fn save_cache(&mut self) {
        if let Some(cache) = self.cache.take() {
            cache.save();
        }
    }
}
