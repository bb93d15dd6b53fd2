//! The cache file: a header, then one framed entry per file. Every entry carries its own
//! checksum, so a damaged entry costs that file a re-read, never a wrong answer; a file
//! whose header or framing is broken is ignored as a whole.
//!
//! ```text
//! header  MAGIC | key u64 | started u64 (ns since 1970, when the writing run began) | count u32
//! entry   path_len u32 | path | size u64 | mtime u64 (ns) | hash u64 | complete u8
//!         | payload_len u32 | payload_xxh3 u64 | payload (postcard of Option<FileFacts>)
//! ```

use super::stamp::Stamp;
use rustc_hash::FxHashMap;
use std::io::Write;
use std::ops::Range;
use std::path::Path;

/// Changes whenever the layout above or the facts' encoding changes incompatibly.
const MAGIC: &[u8; 8] = b"TLFACTS2";

/// One file as the cache last saw it.
#[derive(Debug, Clone)]
pub struct Entry {
    pub stamp: Stamp,
    /// XXH3-64 of the file's bytes.
    pub hash: u64,
    /// The facts are a full extraction (symbols and bodies known), not the fast path's.
    pub complete: bool,
    pub payload: Payload,
}

/// The encoded facts: a slice of the loaded file, or bytes encoded in this run.
#[derive(Debug, Clone)]
pub enum Payload {
    Loaded(Range<usize>, u64),
    Fresh(Vec<u8>),
}

/// What was read from disk.
pub struct Loaded {
    pub started: u64,
    pub bytes: Vec<u8>,
    pub entries: FxHashMap<String, Entry>,
}

struct Reader<'a> {
    data: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let end = self.at.checked_add(n)?;
        let s = self.data.get(self.at..end)?;
        self.at = end;
        Some(s)
    }
    fn u64(&mut self) -> Option<u64> {
        self.take(8)
            .map(|b| u64::from_le_bytes(b.try_into().unwrap_or_default()))
    }
    fn u32(&mut self) -> Option<u32> {
        self.take(4)
            .map(|b| u32::from_le_bytes(b.try_into().unwrap_or_default()))
    }
    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }
}

/// Parses the index of a cache file. `None` when it is not one, or of another key (a
/// different binary or configuration); entries after a truncation are dropped.
pub fn parse(bytes: Vec<u8>, key: u64) -> Option<Loaded> {
    let mut r = Reader {
        data: &bytes,
        at: 0,
    };
    if r.take(8)? != MAGIC || r.u64()? != key {
        return None;
    }
    let started = r.u64()?;
    let count = r.u32()? as usize;
    let mut entries = FxHashMap::default();
    entries.reserve(count.min(1 << 20));
    for _ in 0..count {
        let Some((path, entry)) = parse_entry(&mut r) else {
            tracing::debug!(
                kept = entries.len(),
                "cache file truncated; later entries ignored"
            );
            break;
        };
        entries.insert(path, entry);
    }
    Some(Loaded {
        started,
        bytes,
        entries,
    })
}

fn parse_entry(r: &mut Reader<'_>) -> Option<(String, Entry)> {
    let len = r.u32()? as usize;
    let path = std::str::from_utf8(r.take(len)?).ok()?.to_string();
    let size = r.u64()?;
    let mtime = r.u64()?;
    let hash = r.u64()?;
    let complete = r.u8()? == 1;
    let payload_len = r.u32()? as usize;
    let check = r.u64()?;
    let start = r.at;
    r.take(payload_len)?;
    let entry = Entry {
        stamp: Stamp { size, mtime },
        hash,
        complete,
        payload: Payload::Loaded(start..start + payload_len, check),
    };
    Some((path, entry))
}

/// The payload's bytes, if its checksum holds.
pub fn payload<'a>(loaded: Option<&'a [u8]>, p: &'a Payload) -> Option<&'a [u8]> {
    match p {
        Payload::Fresh(v) => Some(v),
        Payload::Loaded(range, check) => {
            let bytes = loaded?.get(range.clone())?;
            (xxhash_rust::xxh3::xxh3_64(bytes) == *check).then_some(bytes)
        }
    }
}

/// Writes every entry to a temporary file beside `file`, then renames it over `file`, so
/// a reader sees the old cache or the new one, never half of one (a killed run leaves
/// only a temporary file, removed when its handle drops or cleaned by the next save).
pub fn write(
    file: &Path,
    key: u64,
    started: u64,
    loaded: Option<&[u8]>,
    entries: &FxHashMap<String, Entry>,
) -> std::io::Result<()> {
    let dir = file.parent().unwrap_or(Path::new("."));
    let mut out = Vec::with_capacity(loaded.map_or(1 << 16, <[u8]>::len));
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&key.to_le_bytes());
    out.extend_from_slice(&started.to_le_bytes());
    let mut sorted: Vec<(&String, &Entry)> = entries.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    let mut written = 0u32;
    let count_at = out.len();
    out.extend_from_slice(&0u32.to_le_bytes());
    for (path, e) in sorted {
        let Some(bytes) = payload(loaded, &e.payload) else {
            continue;
        };
        let (Ok(path_len), Ok(payload_len)) =
            (u32::try_from(path.len()), u32::try_from(bytes.len()))
        else {
            continue;
        };
        out.extend_from_slice(&path_len.to_le_bytes());
        out.extend_from_slice(path.as_bytes());
        out.extend_from_slice(&e.stamp.size.to_le_bytes());
        out.extend_from_slice(&e.stamp.mtime.to_le_bytes());
        out.extend_from_slice(&e.hash.to_le_bytes());
        out.push(u8::from(e.complete));
        out.extend_from_slice(&payload_len.to_le_bytes());
        out.extend_from_slice(&xxhash_rust::xxh3::xxh3_64(bytes).to_le_bytes());
        out.extend_from_slice(bytes);
        written += 1;
    }
    out[count_at..count_at + 4].copy_from_slice(&written.to_le_bytes());
    let mut tmp = tempfile::Builder::new()
        .prefix(".facts-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(&out)?;
    tmp.as_file().sync_data().ok();
    tmp.persist(file).map_err(|e| e.error)?;
    Ok(())
}

// Verifies: REQ-CACHE
#[cfg(test)]
mod tests {
    use super::*;

    fn entry(payload: &[u8]) -> Entry {
        Entry {
            stamp: Stamp { size: 3, mtime: 9 },
            hash: 7,
            complete: true,
            payload: Payload::Fresh(payload.to_vec()),
        }
    }

    fn written(entries: &FxHashMap<String, Entry>) -> Vec<u8> {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("facts.bin");
        write(&file, 42, 5, None, entries).unwrap();
        std::fs::read(&file).unwrap()
    }

    #[test]
    fn round_trip_and_key_mismatch() {
        let mut entries = FxHashMap::default();
        entries.insert("a.rs".to_string(), entry(b"abc"));
        entries.insert("b/c.md".to_string(), entry(b""));
        let bytes = written(&entries);
        assert!(
            parse(bytes.clone(), 41).is_none(),
            "another key is another cache"
        );
        let loaded = parse(bytes, 42).unwrap();
        assert_eq!(loaded.started, 5);
        assert_eq!(loaded.entries.len(), 2);
        let a = &loaded.entries["a.rs"];
        assert_eq!(
            (a.stamp.size, a.stamp.mtime, a.hash, a.complete),
            (3, 9, 7, true)
        );
        assert_eq!(payload(Some(&loaded.bytes), &a.payload), Some(&b"abc"[..]));
    }

    #[test]
    fn truncation_keeps_earlier_entries_and_damage_costs_one_entry() {
        let mut entries = FxHashMap::default();
        entries.insert("a".to_string(), entry(b"first"));
        entries.insert("b".to_string(), entry(b"second"));
        let bytes = written(&entries);
        let cut = bytes[..bytes.len() - 3].to_vec();
        let loaded = parse(cut, 42).unwrap();
        assert_eq!(loaded.entries.len(), 1, "the entry cut short is dropped");

        let mut damaged = bytes.clone();
        let at = damaged.windows(5).position(|w| w == b"first").unwrap();
        damaged[at] = b'F';
        let loaded = parse(damaged, 42).unwrap();
        assert_eq!(
            payload(Some(&loaded.bytes), &loaded.entries["a"].payload),
            None
        );
        assert!(payload(Some(&loaded.bytes), &loaded.entries["b"].payload).is_some());

        assert!(parse(b"not a cache".to_vec(), 42).is_none());
        assert!(parse(Vec::new(), 42).is_none());
    }
}
