//! Bad input: each case gets a clear message and no panic (checked in `run_in`).
// Verifies: REQ-BAD-INPUT

use crate::common::{check, findings, run_in};
use std::fs;

fn workspace(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, bytes) in files {
        let p = dir.path().join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, bytes).unwrap();
    }
    dir
}

const REQ: &[u8] = b"# REQ-1: A requirement\n";

#[test]
fn unparseable_markdown_is_read_as_far_as_it_goes() {
    let dir = workspace(&[(
        "spec.md",
        b"# REQ-1: Title\n```\nunclosed fence\n## REQ-2: inside the fence\n<div\n*** [x](\n|a|\n|-|-|-|\n\x0c\x1b[0m REQ-3\n",
    )]);
    let out = check(dir.path(), &["--format", "json"]);
    let got = findings(&out.stdout);
    // `REQ-2` and `REQ-3` sit inside the unclosed fence: examples, not definitions or refs.
    assert!(got.iter().all(|(_, _, line)| *line == 1), "{got:?}");
    assert_eq!(out.code, 0);
}

#[test]
fn invalid_utf8_is_reported_and_still_indexed() {
    let dir = workspace(&[(
        "spec.md",
        b"# REQ-1: Caf\xe9 au lait\nDerives from: BRIEF-1\n",
    )]);
    let out = check(dir.path(), &[]);
    assert!(
        out.stdout.contains("warning[invalid-utf8]"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("spec.md is not valid UTF-8 (first bad byte at line 1)"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("upstream link `BRIEF-1` is not defined"),
        "the rest of the file is indexed"
    );
}

#[test]
fn binary_files_are_skipped_silently() {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR REQ-404 ".to_vec();
    png.extend(std::iter::repeat_n(0u8, 4096));
    let dir = workspace(&[("spec.md", REQ), ("logo.png", &png), ("src/blob.rs", &png)]);
    let out = check(dir.path(), &["--format", "json"]);
    let got = findings(&out.stdout);
    assert!(got.iter().all(|(_, p, _)| p == "spec.md"), "{got:?}");
}

#[test]
fn a_50_mb_file_is_skipped_with_a_warning() {
    let mut big = Vec::with_capacity(50 * 1024 * 1024 + 64);
    big.extend_from_slice(b"// Implements: REQ-1\n");
    while big.len() < 50 * 1024 * 1024 {
        big.extend_from_slice(b"fn filler() { let x = 1; }\n");
    }
    let dir = workspace(&[("spec.md", REQ), ("src/huge.rs", &big)]);
    let out = check(dir.path(), &[]);
    assert!(
        out.stdout.contains("warning[file-too-large]"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("over `max-file-size` (10485760 bytes)"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("raise `max-file-size` in throughline.toml"),
        "{}",
        out.stdout
    );
    // A big file without IDs costs nothing and says nothing.
    let dir = workspace(&[
        ("spec.md", REQ),
        ("data/huge.log", &vec![b'x'; 50 * 1024 * 1024]),
    ]);
    let out = check(dir.path(), &[]);
    assert!(!out.stdout.contains("file-too-large"), "{}", out.stdout);
}

#[test]
fn unknown_config_key_is_a_usage_error_with_its_position() {
    let dir = workspace(&[
        ("spec.md", REQ),
        (
            "throughline.toml",
            b"[workspace]\nexclude = []\nincldue = [\"src\"]\n",
        ),
    ]);
    let out = check(dir.path(), &[]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("throughline.toml: TOML parse error at line 3"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("unknown field `incldue`"),
        "{}",
        out.stderr
    );
}

#[test]
fn bad_glob_and_malformed_toml_are_usage_errors() {
    let dir = workspace(&[(
        "throughline.toml",
        b"[workspace]\nexclude = [\"src/[oops\"]\n",
    )]);
    let out = check(dir.path(), &[]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("workspace.exclude: bad glob `src/[oops`"),
        "{}",
        out.stderr
    );

    let dir = workspace(&[("throughline.toml", b"[workspace\n")]);
    let out = check(dir.path(), &[]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("throughline.toml: TOML parse error at line 1"),
        "{}",
        out.stderr
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_not_followed() {
    let dir = workspace(&[
        ("spec.md", REQ),
        ("src/a.rs", b"// Implements: REQ-1\nfn a() {}\n"),
    ]);
    std::os::unix::fs::symlink(dir.path(), dir.path().join("src/loop")).unwrap();
    std::os::unix::fs::symlink("self", dir.path().join("self")).unwrap();
    let out = check(dir.path(), &["--format", "json"]);
    let got = findings(&out.stdout);
    let want: Vec<(String, String, u64)> = vec![
        ("missing-test".into(), "spec.md".into(), 1),
        ("untraced".into(), "spec.md".into(), 1),
    ];
    assert_eq!(
        got, want,
        "the implementation is found once, the loop never: {}",
        out.stderr
    );
}

#[test]
fn an_empty_directory_is_fine() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["check"]);
    assert_eq!(out.code, 0);
    assert!(
        out.stdout.contains("No problems found in 0 files"),
        "{}",
        out.stdout
    );
}
