//! A file's stamp: what `stat` says about it, compared before its bytes are read.

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

/// A file whose mtime is this close to the start of the run that cached it may have
/// changed again within the same timestamp tick (2 s on the coarsest file systems):
/// its bytes are hashed instead of trusting the stamp, as git does for "racy" entries.
const RACY_NS: u64 = 2_000_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub size: u64,
    /// Modification time, in nanoseconds since 1970.
    pub mtime: u64,
}

impl Stamp {
    pub fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::symlink_metadata(path).ok()?;
        Some(Stamp {
            size: meta.len(),
            mtime: nanos(meta.modified().ok()?),
        })
    }

    /// Whether an entry with this stamp, cached by a run that started at `started`,
    /// can be trusted without reading the file.
    pub fn trusted(&self, started: u64) -> bool {
        self.mtime.saturating_add(RACY_NS) < started
    }
}

pub fn nanos(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
}

pub fn now() -> u64 {
    nanos(SystemTime::now())
}

// Verifies: REQ-CACHE
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_files_are_not_trusted_by_stamp() {
        let s = Stamp {
            size: 1,
            mtime: 10_000_000_000,
        };
        assert!(s.trusted(13_000_000_000));
        assert!(!s.trusted(11_000_000_000), "within the racy window");
        assert!(!s.trusted(9_000_000_000), "changed after the run started");
    }
}
