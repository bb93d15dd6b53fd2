//! Walking a workspace and indexing its files in parallel.
//!
//! Each file is read once, checked for trace data with the ID prefilter, and only then
//! parsed. Files without an ID cost a read and one SIMD scan.

use crate::cache::{Cache, Stamp};
use crate::catalog;
use crate::config::Config;
use crate::contract;
use crate::dialects;
use crate::facts::{FileFacts, FileProblem, SourceKind};
use crate::ids::IdScanner;
use crate::languages;
use crate::routes;
use crate::sources::{code, markdown, plain};
use crate::text::{LineIndex, Range};
use ignore::{WalkBuilder, WalkState};
use rustc_hash::FxHashMap;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// Counters from one indexing run, for the summary line and benchmarks.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct IndexStats {
    pub files: u64,
    pub bytes: u64,
    pub files_with_ids: u64,
    pub parsed: u64,
    pub skipped_binary: u64,
    pub skipped_symlinks: u64,
    /// Files whose facts came from the cache (not parsed).
    pub cached: u64,
    /// Walk problems (unreadable directories, permission errors), as messages.
    pub walk_errors: Vec<String>,
}

/// The result of indexing a workspace.
pub struct Indexed {
    pub files: Vec<FileFacts>,
    pub stats: IndexStats,
}

/// How code files are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extraction {
    /// tree-sitter for every code file, so every annotation knows its symbol (the
    /// language server, `trace`, `routes`).
    Full,
    /// The comment lexer wherever it is sure, tree-sitter elsewhere; symbols are left
    /// pending (`check`, which resolves the few it reports).
    Fast,
}

/// How one file should be read.
#[derive(Clone, Copy)]
pub enum FileKind {
    Markdown,
    Code(&'static languages::CodeLanguage),
    Text,
}

pub fn kind_for_path(path: &str) -> FileKind {
    let name = path.rsplit('/').next().unwrap_or(path);
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    match ext {
        "md" | "markdown" | "mdx" => FileKind::Markdown,
        _ => languages::for_extension(ext).map_or(FileKind::Text, FileKind::Code),
    }
}

/// Calls `visit` with each file to index under `root` (its path and its path relative to
/// the root), on the walker's threads, so reading and indexing overlap the directory
/// walk. `.gitignore` and the config's include/exclude globs apply, hidden files are
/// skipped, and symlinks are not followed (they could lead out of the workspace or into
/// a loop). Walk errors and skipped symlinks are added to `stats`.
pub fn walk(
    root: &Path,
    config: &Config,
    stats: &mut IndexStats,
    visit: &(dyn Fn(&Path, String) + Sync),
) {
    let errors = Mutex::new(Vec::new());
    let symlinks = AtomicU64::new(0);
    let allowed = config.dialect_folders();
    let base = root.to_path_buf();
    let cache_dir = config.cache.dir.clone();
    WalkBuilder::new(root)
        // Hidden entries are skipped by `visible`, which lets a dialect's hidden folder
        // (`.kiro/specs`) through.
        .hidden(false)
        .filter_entry(move |e| {
            let rel = relative(&base, e.path());
            // The cache folder holds only the cache, even where `[cache] dir` is visible.
            rel != cache_dir && visible(&rel, &allowed)
        })
        .follow_links(false)
        .require_git(false)
        .git_global(false)
        .build_parallel()
        .run(|| {
            Box::new(|entry| {
                let entry = match entry {
                    Ok(e) => e,
                    Err(e) => {
                        lock(&errors).push(e.to_string());
                        return WalkState::Continue;
                    }
                };
                let Some(ft) = entry.file_type() else {
                    return WalkState::Continue;
                };
                if ft.is_symlink() {
                    symlinks.fetch_add(1, Ordering::Relaxed);
                    return WalkState::Continue;
                }
                if !ft.is_file() {
                    return WalkState::Continue;
                }
                let rel = relative(root, entry.path());
                if config.include.is_match(&rel) && !config.exclude.is_match(&rel) {
                    visit(entry.path(), rel);
                }
                WalkState::Continue
            })
        });
    let mut errors = errors.into_inner().unwrap_or_else(|e| e.into_inner());
    // Threads finish in any order; reports must not.
    errors.sort();
    stats.walk_errors.extend(errors);
    stats.skipped_symlinks += symlinks.into_inner();
}

/// Whether a workspace-relative path is walked: nothing hidden (a component starting with
/// `.`), except the hidden folder a dialect reads (`allowed`), its parents and its files.
pub fn visible(rel: &str, allowed: &[String]) -> bool {
    if !rel
        .split('/')
        .any(|c| c.starts_with('.') && c != "." && c != "..")
    {
        return true;
    }
    allowed.iter().any(|a| {
        rel == a
            || rel.strip_prefix(a).is_some_and(|r| r.starts_with('/'))
            || a.strip_prefix(rel).is_some_and(|r| r.starts_with('/'))
    })
}

/// A poisoned lock only means another file's extractor panicked (and was caught): the
/// data is still good.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let s = rel.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        s.into_owned()
    } else {
        s.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

/// Implements: REQ-PERF-INDEX
/// Walks and indexes the workspace at `root`.
pub fn index(root: &Path, config: &Config) -> Indexed {
    index_with(root, config, Extraction::Full)
}

/// One file's facts (`None` when it holds no trace data), or why it could not be read.
type FileResult = Result<Option<FileFacts>, String>;

/// What indexing counts across files, shared by the walker's threads.
#[derive(Default)]
pub struct Counters {
    bytes: AtomicU64,
    with_ids: AtomicU64,
    parsed: AtomicU64,
    binary: AtomicU64,
}

impl Counters {
    /// Indexes one file's bytes, counting what it was; `None` when it holds no trace
    /// data. A bug in one extractor costs that file, not the whole run (or the server).
    pub fn index(
        &self,
        rel: &str,
        data: &[u8],
        config: &Config,
        scanner: &IdScanner,
        extraction: Extraction,
    ) -> Option<FileFacts> {
        self.bytes.fetch_add(data.len() as u64, Ordering::Relaxed);
        let outcome =
            std::panic::catch_unwind(|| index_bytes_with(rel, data, config, scanner, extraction))
                .unwrap_or_else(|_| internal_error(rel));
        match outcome {
            Outcome::Binary => {
                self.binary.fetch_add(1, Ordering::Relaxed);
                None
            }
            Outcome::NoIds => None,
            Outcome::Facts(f, was_parsed) => {
                self.with_ids.fetch_add(1, Ordering::Relaxed);
                if was_parsed {
                    self.parsed.fetch_add(1, Ordering::Relaxed);
                }
                (!f.is_empty()).then_some(f)
            }
        }
    }

    /// Adds the counts to `stats`.
    pub fn add_to(self, stats: &mut IndexStats) {
        stats.bytes += self.bytes.into_inner();
        stats.files_with_ids += self.with_ids.into_inner();
        stats.parsed += self.parsed.into_inner();
        stats.skipped_binary += self.binary.into_inner();
    }
}

/// Walks and indexes the workspace at `root`, reading code as `extraction` says.
pub fn index_with(root: &Path, config: &Config, extraction: Extraction) -> Indexed {
    index_impl(root, config, extraction, false, &Cache::off()).0
}

/// [`index_with`] through the facts cache: files whose stamp or bytes are as cached are
/// not parsed (nor read, when the stamp is trusted). The caller saves the cache.
pub fn index_cached(
    root: &Path,
    config: &Config,
    extraction: Extraction,
    cache: &Cache,
) -> Indexed {
    index_impl(root, config, extraction, false, cache).0
}

/// [`index_with`], plus each file's git blob id (the hash of its bytes as git stores
/// them), so `check --base` can reuse the facts of files a revision has unchanged.
pub fn index_with_ids(
    root: &Path,
    config: &Config,
    extraction: Extraction,
) -> (Indexed, FxHashMap<String, gix::ObjectId>) {
    index_impl(root, config, extraction, true, &Cache::off())
}

fn index_impl(
    root: &Path,
    config: &Config,
    extraction: Extraction,
    with_ids: bool,
    cache: &Cache,
) -> (Indexed, FxHashMap<String, gix::ObjectId>) {
    let mut stats = IndexStats::default();
    let scanner = IdScanner::new(&config.prefixes());
    let counters = Counters::default();
    let cached = AtomicU64::new(0);
    let results: Mutex<Vec<(String, FileResult)>> = Mutex::new(Vec::new());
    let ids: Mutex<FxHashMap<String, gix::ObjectId>> = Mutex::new(FxHashMap::default());
    walk(root, config, &mut stats, &|path, rel| {
        let stamp = cache.is_on().then(|| Stamp::of(path)).flatten();
        if let Some(hit) = cache.by_stamp(&rel, stamp, extraction) {
            cached.fetch_add(1, Ordering::Relaxed);
            lock(&results).push((rel, Ok(hit)));
            return;
        }
        let result = std::fs::read(path)
            .map_err(|e| format!("{rel}: cannot read: {e}"))
            .map(|data| {
                if with_ids {
                    let kind = gix::objs::Kind::Blob;
                    if let Ok(id) = gix::objs::compute_hash(gix::hash::Kind::Sha1, kind, &data) {
                        lock(&ids).insert(rel.clone(), id);
                    }
                }
                if !cache.is_on() {
                    return counters.index(&rel, &data, config, &scanner, extraction);
                }
                let hash = xxhash_rust::xxh3::xxh3_64(&data);
                if let Some(hit) = cache.by_hash(&rel, stamp, hash, extraction) {
                    cached.fetch_add(1, Ordering::Relaxed);
                    return hit;
                }
                let facts = counters.index(&rel, &data, config, &scanner, extraction);
                cache.record(&rel, stamp, hash, facts.as_ref());
                facts
            });
        lock(&results).push((rel, result));
    });
    let mut results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    results.sort_by(|a, b| a.0.cmp(&b.0));
    stats.files = results.len() as u64;
    stats.cached = cached.into_inner();
    let mut files = Vec::new();
    for (_, r) in results {
        match r {
            Ok(Some(f)) => files.push(f),
            Ok(None) => {}
            Err(e) => stats.walk_errors.push(e),
        }
    }
    counters.add_to(&mut stats);
    // Counted from the result, so a run served by the cache counts the same.
    stats.files_with_ids = files.len() as u64;
    let ids = ids.into_inner().unwrap_or_else(|e| e.into_inner());
    (Indexed { files, stats }, ids)
}

fn internal_error(rel: &str) -> Outcome {
    let mut facts = FileFacts::new(rel.to_string(), SourceKind::Text, false);
    facts.problems.push(FileProblem {
        code: catalog::INTERNAL_ERROR,
        range: Range::default(),
        message: format!("internal error while reading {rel}; the file was skipped"),
    });
    Outcome::Facts(facts, false)
}

/// What reading one file produced.
// Returned once per file and moved straight into the index: boxing the facts would add
// an allocation per file for nothing.
#[allow(clippy::large_enum_variant)]
pub enum Outcome {
    Binary,
    NoIds,
    /// Facts, and whether a parser ran.
    Facts(FileFacts, bool),
}

/// Implements: REQ-BAD-INPUT
/// Indexes one file's bytes with a full extraction. Used by the workspace walk and by
/// open editor buffers.
pub fn index_bytes(rel: &str, data: &[u8], config: &Config, scanner: &IdScanner) -> Outcome {
    index_bytes_with(rel, data, config, scanner, Extraction::Full)
}

/// Indexes one file's bytes, reading code as `extraction` says.
pub fn index_bytes_with(
    rel: &str,
    data: &[u8],
    config: &Config,
    scanner: &IdScanner,
    extraction: Extraction,
) -> Outcome {
    let mut outcome = read_bytes(rel, data, config, scanner, extraction);
    crate::trackers::extract_into(rel, data, config, scanner, &mut outcome);
    // Code that implements items: the hash of its bytes lets `check` skip parsing it
    // for code fingerprints while it is as it was reviewed (`drift::implementation`).
    if let Outcome::Facts(f, _) = &mut outcome {
        if matches!(f.kind, SourceKind::Code(_))
            && f.annotations
                .iter()
                .any(|a| a.kind == crate::facts::AnnotationKind::Implements)
        {
            f.content_hash = Some(crate::drift::fingerprint::Fingerprint::of_bytes(data));
        }
    }
    outcome
}

fn read_bytes(
    rel: &str,
    data: &[u8],
    config: &Config,
    scanner: &IdScanner,
    extraction: Extraction,
) -> Outcome {
    // The lock file is the tool's own record, full of IDs that are not mentions.
    if rel == crate::drift::LOCK_FILE {
        return Outcome::NoIds;
    }
    // Git's heuristic: a NUL byte in the first 8 KiB means binary.
    if memchr::memchr(0, &data[..data.len().min(8192)]).is_some() {
        return Outcome::Binary;
    }
    let kind = kind_for_path(rel);
    // Three cheap byte scans decide whether the file is worth parsing at all.
    let has_ids = scanner.may_contain_id(data);
    let maybe_contract = contract::may_be_contract(rel, data);
    let maybe_routes = match kind {
        FileKind::Code(lang) => {
            routes::extract::may_have_routes(lang, data) || routes::files::is_route_file(rel)
        }
        _ => false,
    };
    // Dialects (docs/dialects.md): their spec files, and their markers in code.
    let folders = dialects::kiro::markers::Folders {
        kiro: config.kiro_folder.as_deref(),
        speckit: config.speckit_folder.as_deref(),
        openspec: config.openspec_folder.is_some(),
    };
    let spec = folders.kiro.and_then(|folder| {
        dialects::kiro::specs::spec_file(rel, folder).map(|(feature, k)| (feature, k, folder))
    });
    let speckit_spec = folders.speckit.and_then(|folder| {
        dialects::speckit::spec_file(rel, folder).map(|(feature, k)| (feature, k, folder))
    });
    let openspec_spec = config
        .openspec_folder
        .as_deref()
        .and_then(|folder| dialects::openspec::spec_file(rel, folder));
    let is_spec = spec.is_some() || speckit_spec.is_some() || openspec_spec.is_some();
    let has_markers = !is_spec
        && !matches!(kind, FileKind::Markdown)
        && (folders.kiro.is_some() && dialects::kiro::markers::may_have_markers(data)
            || folders.speckit.is_some()
                && dialects::kiro::markers::may_have_speckit_markers(data)
            || folders.openspec && memchr::memmem::find(data, b"openspec:").is_some());
    let route_config = routes::config::is_route_config(rel);
    // Code whose every definition must be traced is parsed whatever it holds.
    let governed = matches!(kind, FileKind::Code(_)) && config.requires_trace(rel);
    if !has_ids
        && !maybe_contract
        && !maybe_routes
        && !is_spec
        && !has_markers
        && !route_config
        && !governed
    {
        return Outcome::NoIds;
    }
    let is_test_file = config.tests.is_match(rel);
    let source_kind = match kind {
        FileKind::Markdown => SourceKind::Markdown,
        FileKind::Code(l) => SourceKind::Code(l.name),
        FileKind::Text => SourceKind::Text,
    };
    let mut facts = FileFacts::new(rel.to_string(), source_kind, is_test_file);
    if data.len() as u64 > config.max_file_size {
        facts.problems.push(FileProblem {
            code: catalog::FILE_TOO_LARGE,
            range: Range::default(),
            message: format!(
                "{rel} is {} bytes, over `max-file-size` ({} bytes), and contains trace IDs; it was not indexed",
                data.len(),
                config.max_file_size
            ),
        });
        return Outcome::Facts(facts, false);
    }
    let lossy;
    let text = match std::str::from_utf8(data) {
        Ok(t) => t,
        Err(e) => {
            lossy = String::from_utf8_lossy(data).into_owned();
            let at = LineIndex::new(&lossy).pos(e.valid_up_to());
            facts.problems.push(FileProblem {
                code: catalog::INVALID_UTF8,
                range: Range { start: at, end: at },
                message: format!(
                    "{rel} is not valid UTF-8 (first bad byte at line {}); invalid bytes were replaced",
                    at.line + 1
                ),
            });
            &lossy
        }
    };
    let ext = rel.rsplit_once('.').map_or("", |(_, e)| e);
    if let Some((feature, k, folder)) = spec {
        dialects::kiro::specs::extract(feature, k, folder, text, &mut facts);
    }
    if let Some((feature, k, folder)) = speckit_spec {
        dialects::speckit::extract(feature, k, folder, text, &mut facts);
    }
    if let Some(file) = &openspec_spec {
        dialects::openspec::extract(file, text, &mut facts);
    }
    if is_spec && !has_ids {
        return Outcome::Facts(facts, true);
    }
    if has_markers {
        dialects::kiro::markers::extract(text, folders, &mut facts);
        if !has_ids && !maybe_contract && !maybe_routes && !governed {
            return Outcome::Facts(facts, false);
        }
    }
    if maybe_contract {
        match contract::read::read(rel, text) {
            contract::read::Read::Contract(c) => contract::read::add_facts(c, &mut facts),
            contract::read::Read::Broken(problem) => facts.problems.push(problem),
            contract::read::Read::NotContract => {}
        }
    }
    if route_config {
        facts.routes = routes::config::read(rel, text).map(Box::new);
    }
    // Routes need the syntax tree; comments alone do not.
    if let (FileKind::Code(lang), Extraction::Fast, true, false) =
        (kind, extraction, has_ids, maybe_routes || governed)
    {
        if code::extract_fast(text, lang, scanner, &mut facts).is_ok() {
            return Outcome::Facts(facts, false);
        }
    }
    match kind {
        FileKind::Markdown => markdown::extract(text, scanner, &mut facts),
        FileKind::Code(lang) => match code::parse(text, lang) {
            Ok(tree) => {
                if has_ids
                    && code::extract_from_tree(text, &tree, lang, scanner, &mut facts).is_err()
                {
                    plain::extract(text, ext, scanner, &mut facts);
                }
                if maybe_routes {
                    facts.routes = routes::extract::extract(rel, text, &tree, lang).map(Box::new);
                }
                if governed {
                    facts.code_definitions =
                        crate::governance::definitions(text, &tree, lang, facts.is_test_file);
                }
            }
            Err(_) => {
                plain::extract(text, ext, scanner, &mut facts);
            }
        },
        FileKind::Text => {
            if has_ids {
                plain::extract(text, ext, scanner, &mut facts);
            }
        }
    }
    Outcome::Facts(facts, true)
}

// Verifies: REQ-PERF-INDEX, REQ-BAD-INPUT
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_with_ids_are_parsed_and_binaries_are_counted() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..20 {
            std::fs::write(
                dir.path().join(format!("plain{i}.rs")),
                "fn main() { let x = \"no ids\"; }\n",
            )
            .unwrap();
        }
        std::fs::write(dir.path().join("spec.md"), "# REQ-1: Title\n").unwrap();
        std::fs::write(dir.path().join("blob.bin"), b"REQ-1\0\0\0").unwrap();
        let indexed = index(dir.path(), &Config::default_config());
        assert_eq!(indexed.stats.files, 22);
        assert_eq!(indexed.stats.files_with_ids, 1);
        assert_eq!(indexed.stats.parsed, 1);
        assert_eq!(indexed.stats.skipped_binary, 1);
        assert_eq!(indexed.files.len(), 1);
        assert_eq!(indexed.files[0].path, "spec.md");
    }

    #[test]
    fn file_kinds_follow_extensions() {
        assert!(matches!(kind_for_path("docs/a.md"), FileKind::Markdown));
        assert!(matches!(kind_for_path("src/a.tsx"), FileKind::Code(l) if l.name == "tsx"));
        assert!(matches!(kind_for_path("Makefile"), FileKind::Text));
    }
}
