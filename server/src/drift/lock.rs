//! `throughline.lock`: the reviewed state of every trace link, committed with the code.
//!
//! One line per fact, sorted, so that a review shows up in a pull request as a few
//! changed lines next to the requirement change it accepts:
//!
//! - `throughline-lock 1`
//! - `BRIEF-PAY 3f2a9c81d04e5b67 = "Card payments\nWe take card payments in the EU."`
//! - `BRIEF-PAY 3f2a9c81d04e5b67 <- REQ-PAY-1`
//! - `REQ-PAY-1 9c0d12ab34ef5678 <- services/ledger/post.go`
//! - `REQ-PAY-1 51c8e2f07a9d3b46 @ services/ledger/post.go`
//!
//! `<-` lines say "this downstream was last reviewed against this version of the
//! upstream"; `=` lines keep that version's normalized text, so the editor can show what
//! changed without a git history (shallow clones, reviews not yet committed); `@` lines
//! say "when this link was reviewed, one definition implementing the upstream in this
//! file had this body fingerprint" (`drift::body`), one line per definition. A lock
//! without `@` lines (written before they existed) is read as before: its code links
//! are not checked for changed implementations until the next review records them.
//! `file FP ~ PATH` lines (one per code file, at the end) keep the hash of the file's
//! bytes when all its code links' `@` lines were recorded: while the file still hashes
//! so, its definitions are as reviewed and `check` need not parse it. They are a
//! shortcut only; without them every file with `@` lines is parsed.

use super::fingerprint::Fingerprint;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

pub const LOCK_FILE: &str = "throughline.lock";
const HEADER: &str = "throughline-lock 1";

/// One reviewed link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub fingerprint: Fingerprint,
    /// 0-based line in the file it was read from, and that line's length in bytes
    /// (both 0 for entries not read from a file), for diagnostics on the entry.
    pub line: u32,
    pub width: u32,
}

/// The parsed lock.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lock {
    /// (upstream ID, downstream key) → the upstream version it was reviewed against.
    pub links: BTreeMap<(String, String), Entry>,
    /// (upstream ID, fingerprint) → that version's normalized text.
    pub texts: BTreeMap<(String, Fingerprint), String>,
    /// (upstream ID, code downstream key) → the body fingerprints of the definitions
    /// implementing the upstream there when the link was reviewed.
    pub bodies: BTreeMap<(String, String), BTreeSet<Fingerprint>>,
    /// Code file path → the hashes of its bytes at which every code link written there
    /// had its bodies recorded (more than one after a merge kept both sides).
    pub files: BTreeMap<String, BTreeSet<Fingerprint>>,
}

/// The upstream slot of a file line: lowercase, so it is never an item ID.
const FILE: &str = "file";

/// Why the lock cannot be used. `lines` are 1-based, for messages and diagnostics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockError {
    pub message: String,
    pub lines: Vec<u32>,
}

impl std::fmt::Display for LockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// What the workspace's lock file holds.
#[derive(Debug, Clone, Default)]
pub enum LockState {
    /// No lock yet: every link is accepted as it is.
    #[default]
    Missing,
    Loaded(Lock),
    Broken(LockError),
}

impl LockState {
    /// Reads `throughline.lock` under `root`.
    pub fn load(root: &Path) -> LockState {
        match std::fs::read(root.join(LOCK_FILE)) {
            Ok(bytes) => LockState::from_bytes(&bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => LockState::Missing,
            Err(e) => LockState::Broken(LockError {
                message: format!("{LOCK_FILE}: cannot read: {e}"),
                lines: Vec::new(),
            }),
        }
    }

    pub fn from_bytes(bytes: &[u8]) -> LockState {
        match std::str::from_utf8(bytes) {
            Ok(text) => match parse(text) {
                Ok(lock) => LockState::Loaded(lock),
                Err(e) => LockState::Broken(e),
            },
            Err(e) => LockState::Broken(LockError {
                message: format!(
                    "{LOCK_FILE} is not valid UTF-8 (at byte {})",
                    e.valid_up_to()
                ),
                lines: Vec::new(),
            }),
        }
    }

    /// The lock to compare against; `None` while it is broken.
    pub fn lock(&self) -> Option<&Lock> {
        static EMPTY: std::sync::OnceLock<Lock> = std::sync::OnceLock::new();
        match self {
            LockState::Missing => Some(EMPTY.get_or_init(Lock::default)),
            LockState::Loaded(l) => Some(l),
            LockState::Broken(_) => None,
        }
    }
}

/// Parses a lock file.
/// Implements: REQ-LOCK-FILE
pub fn parse(text: &str) -> Result<Lock, LockError> {
    let conflicts: Vec<u32> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| {
            ["<<<<<<<", "|||||||", "=======", ">>>>>>>"]
                .iter()
                .any(|m| l.starts_with(m))
        })
        .map(|(i, _)| i as u32 + 1)
        .collect();
    if !conflicts.is_empty() {
        let list: Vec<String> = conflicts.iter().map(u32::to_string).collect();
        return Err(LockError {
            message: format!(
                "{LOCK_FILE} has unresolved merge conflict markers on line{} {}; keep both \
                 sides' lines (the file is sorted, so they interleave), delete the markers, \
                 and run `throughline review` for any link you have not reviewed",
                if list.len() == 1 { "" } else { "s" },
                list.join(", ")
            ),
            lines: conflicts,
        });
    }
    let mut lock = Lock::default();
    let mut header_seen = false;
    for (i, raw) in text.lines().enumerate() {
        let n = i as u32 + 1;
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if !header_seen {
            if line.trim() != HEADER {
                return Err(bad_line(
                    n,
                    format!("expected the header `{HEADER}`, found `{}`", clip(line)),
                ));
            }
            header_seen = true;
            continue;
        }
        let mut parts = line.splitn(4, ' ');
        let (Some(upstream), Some(fp), Some(op), Some(rest)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad_line(n, expected(line)));
        };
        let Some(fingerprint) = Fingerprint::parse(fp) else {
            return Err(bad_line(
                n,
                format!("`{}` is not a fingerprint (16 hex digits)", clip(fp)),
            ));
        };
        match op {
            "<-" if !rest.trim().is_empty() => {
                let key = (upstream.to_string(), rest.to_string());
                let entry = Entry {
                    fingerprint,
                    line: n - 1,
                    width: line.len() as u32,
                };
                if lock.links.insert(key, entry).is_some() {
                    return Err(bad_line(
                        n,
                        format!("the link `{upstream} <- {rest}` is listed twice"),
                    ));
                }
            }
            "~" if upstream == FILE && !rest.trim().is_empty() => {
                lock.files
                    .entry(rest.to_string())
                    .or_default()
                    .insert(fingerprint);
            }
            // Repeated body lines are harmless (both sides of a merge kept): a set.
            "@" if !rest.trim().is_empty() => {
                lock.bodies
                    .entry((upstream.to_string(), rest.to_string()))
                    .or_default()
                    .insert(fingerprint);
            }
            "=" => {
                let content: String = serde_json::from_str(rest)
                    .map_err(|e| bad_line(n, format!("the text is not a JSON string ({e})")))?;
                lock.texts
                    .insert((upstream.to_string(), fingerprint), content);
            }
            _ => return Err(bad_line(n, expected(line))),
        }
    }
    // Without a header there were only comments and blank lines: an empty lock.
    Ok(lock)
}

fn expected(line: &str) -> String {
    format!(
        "expected `<upstream> <fingerprint> <- <downstream>`, `<upstream> <fingerprint> @ <downstream>`, `<upstream> <fingerprint> = \"text\"` or `file <hash> ~ <path>`, found `{}`",
        clip(line)
    )
}

fn clip(s: &str) -> String {
    if s.chars().count() > 60 {
        let cut: String = s.chars().take(60).collect();
        format!("{cut}…")
    } else {
        s.to_string()
    }
}

fn bad_line(line: u32, what: String) -> LockError {
    LockError {
        message: format!(
            "{LOCK_FILE}:{line}: {what}; fix the line, or delete the file and run `throughline review` to accept the current state"
        ),
        lines: vec![line],
    }
}

impl Lock {
    /// Writes the lock in its canonical form: header, then per upstream its texts and
    /// links, sorted, each code link followed by its body lines. Texts and bodies no
    /// link refers to are dropped.
    pub fn render(&self) -> String {
        let mut out = String::new();
        out.push_str(
            "# The reviewed state of every trace link: written by `throughline review`.\n",
        );
        out.push_str(
            "# Commit it with the change it reviews. `UP FP <- DOWN`: DOWN was last reviewed\n",
        );
        out.push_str(
            "# against version FP of UP. `UP FP = \"...\"`: that version's text, for diffs.\n",
        );
        out.push_str(
            "# `UP FP @ DOWN`: a definition in DOWN implementing UP had code fingerprint FP.\n",
        );
        out.push_str(
            "# `file FP ~ PATH`: PATH's bytes then (lets `check` skip parsing unchanged code).\n",
        );
        out.push_str(HEADER);
        out.push('\n');
        let mut by_upstream: BTreeMap<&str, Vec<(&str, Fingerprint)>> = BTreeMap::new();
        for ((up, down), e) in &self.links {
            by_upstream
                .entry(up.as_str())
                .or_default()
                .push((down.as_str(), e.fingerprint));
        }
        for (up, mut downs) in by_upstream {
            downs.sort_by(|a, b| (a.1, a.0).cmp(&(b.1, b.0)));
            let mut fps: Vec<Fingerprint> = downs.iter().map(|d| d.1).collect();
            fps.dedup();
            for fp in fps {
                if let Some(text) = self.texts.get(&(up.to_string(), fp)) {
                    let quoted = serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into());
                    let _ = writeln!(out, "{up} {fp} = {quoted}");
                }
                for (down, _) in downs.iter().filter(|d| d.1 == fp) {
                    let _ = writeln!(out, "{up} {fp} <- {down}");
                    let key = (up.to_string(), down.to_string());
                    for body in self.bodies.get(&key).into_iter().flatten() {
                        let _ = writeln!(out, "{up} {body} @ {down}");
                    }
                }
            }
        }
        for (path, digests) in &self.files {
            for d in digests {
                let _ = writeln!(out, "{FILE} {d} ~ {path}");
            }
        }
        out
    }

    /// Whether `path` hashes now as it did when all its code links' bodies were
    /// recorded, so its definitions are as reviewed.
    pub fn file_unchanged(&self, path: &str, now: Option<Fingerprint>) -> bool {
        now.is_some_and(|h| self.files.get(path).is_some_and(|d| d.contains(&h)))
    }

    /// Writes the lock under `root` (through a temporary file, so a crash never leaves
    /// half a lock). Returns `false`, writing nothing, when the file already says this.
    pub fn write(&self, root: &Path) -> std::io::Result<bool> {
        let text = self.render();
        let path = root.join(LOCK_FILE);
        if std::fs::read(&path).is_ok_and(|old| old == text.as_bytes()) {
            return Ok(false);
        }
        let tmp = root.join(format!("{LOCK_FILE}.tmp"));
        std::fs::write(&tmp, text.as_bytes())?;
        std::fs::rename(&tmp, &path)?;
        Ok(true)
    }

    pub fn get(&self, upstream: &str, downstream: &str) -> Option<&Entry> {
        self.links
            .get(&(upstream.to_string(), downstream.to_string()))
    }

    /// The body fingerprints recorded for a code link; `None` when the lock has none
    /// (a link not reviewed since body fingerprints exist, or with no definition).
    pub fn bodies(&self, upstream: &str, downstream: &str) -> Option<&BTreeSet<Fingerprint>> {
        self.bodies
            .get(&(upstream.to_string(), downstream.to_string()))
            .filter(|b| !b.is_empty())
    }

    /// The reviewed text of `upstream` at `fingerprint`, if the lock keeps it.
    pub fn text(&self, upstream: &str, fingerprint: Fingerprint) -> Option<&str> {
        self.texts
            .get(&(upstream.to_string(), fingerprint))
            .map(String::as_str)
    }
}

#[cfg(test)]
mod tests;
