//! The facts cache (docs/cache.md): a warm run reports what a cold one does, reads no
//! unchanged file, and no damaged, concurrent or killed run makes it wrong.

use crate::common::{copy_dir, repo_path, run_in, Output};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime};

fn demo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo_path("examples/payments"), dir.path());
    let _ = std::fs::remove_dir_all(dir.path().join(".throughline"));
    dir
}

fn json(dir: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["check", ".", "--format", "json"];
    args.extend_from_slice(extra);
    let out = run_in(dir, &args);
    assert!(out.code == 0 || out.code == 1, "{}", out.stderr);
    out
}

fn cache_file(dir: &Path) -> PathBuf {
    dir.join(".throughline/cache/facts.bin")
}

/// How many files the last run took from the cache (its debug log's `indexed` line).
fn cached_count(dir: &Path) -> u64 {
    let out = Command::new(env!("CARGO_BIN_EXE_throughline"))
        .args(["check", ".", "--format", "json"])
        .current_dir(dir)
        .env("THROUGHLINE_LOG", "throughline::check=debug")
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&out.stderr);
    let line = log
        .lines()
        .find(|l| l.contains("indexed"))
        .unwrap_or_else(|| panic!("no indexed line in {log}"));
    line.split("cached=")
        .nth(1)
        .and_then(|r| r.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no cached count in {line}"))
}

/// Sets every file's mtime an hour back, so no entry is in the racy window.
fn age_files(dir: &Path) {
    let old = SystemTime::now() - Duration::from_secs(3600);
    for entry in walk(dir) {
        if let Ok(f) = std::fs::File::options().write(true).open(&entry) {
            let _ = f.set_modified(old);
        }
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.file_name().is_some_and(|n| n == ".throughline") {
            continue;
        }
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

// Verifies: REQ-CACHE
#[test]
fn a_warm_run_reports_the_same_and_parses_nothing() {
    let ws = demo();
    age_files(ws.path());
    let cold = json(ws.path(), &["--no-cache"]);
    assert!(
        !ws.path().join(".throughline").exists(),
        "--no-cache writes nothing"
    );
    let first = json(ws.path(), &[]);
    assert_eq!(first.stdout, cold.stdout);
    assert!(cache_file(ws.path()).is_file());
    let ignore = std::fs::read_to_string(ws.path().join(".throughline/cache/.gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "*"), "{ignore}");
    let files = walk(ws.path()).len() as u64;
    let cached = cached_count(ws.path());
    // All but the contract and the files declaring routes, whose models are re-read.
    assert!(
        cached >= files - 4,
        "warm run reads from the cache: {cached} of {files}"
    );
    let warm = json(ws.path(), &[]);
    assert_eq!(warm.stdout, cold.stdout);
    assert_eq!(warm.stderr, cold.stderr);
}

// Verifies: REQ-CACHE
#[test]
fn an_edit_within_the_same_second_and_size_is_seen() {
    let ws = demo();
    let prd = ws.path().join("docs/prd.md");
    let text = std::fs::read_to_string(&prd).unwrap();
    let before = json(ws.path(), &[]);
    // Same size, same mtime: only the bytes tell.
    let mtime = std::fs::metadata(&prd).unwrap().modified().unwrap();
    let edited = text.replacen("REQ-PAY-1", "REQ-PAY-9", 1);
    assert_eq!(edited.len(), text.len());
    std::fs::write(&prd, &edited).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&prd)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    let after = json(ws.path(), &[]);
    assert_ne!(after.stdout, before.stdout, "the edit changed the findings");
    assert_eq!(after.stdout, json(ws.path(), &["--no-cache"]).stdout);
}

// Verifies: REQ-CACHE
#[test]
fn a_damaged_cache_is_ignored_and_rewritten() {
    let ws = demo();
    age_files(ws.path());
    let cold = json(ws.path(), &["--no-cache"]).stdout;
    json(ws.path(), &[]);
    let good = std::fs::read(cache_file(ws.path())).unwrap();
    let mut flipped = good.clone();
    for i in (good.len() / 3..good.len()).step_by(97) {
        flipped[i] ^= 0x5a;
    }
    let damaged: [Vec<u8>; 4] = [
        b"garbage".to_vec(),
        good[..good.len() / 2].to_vec(),
        flipped,
        Vec::new(),
    ];
    for bytes in damaged {
        std::fs::write(cache_file(ws.path()), &bytes).unwrap();
        let out = json(ws.path(), &[]);
        assert_eq!(out.stdout, cold, "a damaged cache changes nothing");
        assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
        assert_eq!(json(ws.path(), &[]).stdout, cold, "and the next run too");
    }
}

// Verifies: REQ-CACHE
#[test]
fn concurrent_and_killed_runs_leave_a_cache_that_is_right() {
    let ws = generated();
    let cold = json(ws.path(), &["--no-cache"]).stdout;
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_throughline"))
            .args(["check", ".", "--format", "json"])
            .current_dir(ws.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    // Killed at different points of indexing and saving.
    for delay in [5, 20, 60, 150] {
        let mut child = spawn();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        assert_eq!(
            json(ws.path(), &[]).stdout,
            cold,
            "after a kill at {delay} ms"
        );
        std::fs::remove_dir_all(ws.path().join(".throughline")).unwrap();
    }
    // Four at once, two of them while a file changes.
    let prd = ws.path().join("docs/prd/prd-01.md");
    let text = std::fs::read_to_string(&prd).unwrap();
    let children: Vec<_> = (0..4).map(|_| spawn()).collect();
    std::fs::write(
        &prd,
        text.replace("Derives from: BRIEF-", "Derives from: BRIEF-X"),
    )
    .unwrap();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(matches!(out.status.code(), Some(0 | 1)));
    }
    std::fs::write(&prd, &text).unwrap();
    assert_eq!(
        json(ws.path(), &[]).stdout,
        cold,
        "the cache is right after all of them"
    );
}

/// A generated workspace (bench/gen_workspace.py), large enough that a run takes a while.
fn generated() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new("python3")
        .arg(repo_path("bench/gen_workspace.py"))
        .arg(dir.path().join("ws"))
        .args(["--files", "600", "--reqs", "300", "--annotations", "3000"])
        .output()
        .expect("python3 runs the generator");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Its files at the top of the temporary folder, with a config marking the root.
    for e in std::fs::read_dir(dir.path().join("ws")).unwrap().flatten() {
        std::fs::rename(e.path(), dir.path().join(e.file_name())).unwrap();
    }
    std::fs::remove_dir(dir.path().join("ws")).unwrap();
    std::fs::write(dir.path().join("throughline.toml"), "").unwrap();
    dir
}

// Verifies: REQ-CACHE
#[test]
fn cache_config_is_checked_and_can_turn_it_off() {
    let ws = demo();
    let config = ws.path().join("throughline.toml");
    let base = std::fs::read_to_string(&config).unwrap();
    for (table, error) in [
        ("[cache]\ndir = \"../elsewhere\"\n", "inside the workspace"),
        ("[cache]\ndir = \"/tmp/tl\"\n", "inside the workspace"),
        ("[cache]\nsize = 3\n", "unknown field `size`"),
    ] {
        std::fs::write(&config, format!("{base}\n{table}")).unwrap();
        let out = run_in(ws.path(), &["check", "."]);
        assert_eq!(out.code, 2, "{table}");
        assert!(out.stderr.contains(error), "{table}: {}", out.stderr);
    }
    std::fs::write(&config, format!("{base}\n[cache]\nenabled = false\n")).unwrap();
    json(ws.path(), &[]);
    assert!(!ws.path().join(".throughline").exists());
    std::fs::write(
        &config,
        format!("{base}\n[cache]\ndir = \"build/tl-cache\"\n"),
    )
    .unwrap();
    let moved = json(ws.path(), &[]);
    assert!(ws.path().join("build/tl-cache/facts.bin").is_file());
    assert_eq!(json(ws.path(), &[]).stdout, moved.stdout);
}

// Verifies: REQ-CACHE
#[cfg(unix)]
#[test]
fn a_cache_folder_that_leads_out_of_the_workspace_is_not_used() {
    let ws = demo();
    let outside = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path(), ws.path().join(".throughline")).unwrap();
    let out = json(ws.path(), &[]);
    assert_eq!(out.stdout, json(ws.path(), &["--no-cache"]).stdout);
    assert_eq!(
        std::fs::read_dir(outside.path()).unwrap().count(),
        0,
        "nothing written outside"
    );
}
