//! The lock's format: rendering, parsing back, and every way a line can be wrong.
// Verifies: REQ-LOCK-FILE

use super::*;

fn sample() -> Lock {
    let mut lock = Lock::default();
    let fp = Fingerprint::of("Card payments");
    lock.links.insert(
        ("BRIEF-PAY".into(), "REQ-PAY-2".into()),
        Entry {
            fingerprint: fp,
            line: 0,
            width: 0,
        },
    );
    lock.links.insert(
        ("BRIEF-PAY".into(), "REQ-PAY-1".into()),
        Entry {
            fingerprint: fp,
            line: 0,
            width: 0,
        },
    );
    lock.links.insert(
        ("REQ-PAY-1".into(), "src/a b.rs#Ledger.post".into()),
        Entry {
            fingerprint: Fingerprint(7),
            line: 0,
            width: 0,
        },
    );
    lock.texts
        .insert(("BRIEF-PAY".into(), fp), "Card payments\nin \"EU\"".into());
    lock.texts
        .insert(("GONE".into(), fp), "not referenced".into());
    lock.bodies.insert(
        ("REQ-PAY-1".into(), "src/a b.rs#Ledger.post".into()),
        [Fingerprint(9), Fingerprint(8)].into(),
    );
    lock.bodies
        .insert(("GONE".into(), "src/x.rs".into()), [Fingerprint(1)].into());
    lock.files
        .insert("src/a b.rs".into(), [Fingerprint(10)].into());
    lock
}

#[test]
fn render_is_sorted_and_parses_back() {
    let text = sample().render();
    let body: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(
        body,
        [
            "throughline-lock 1",
            "BRIEF-PAY 2ab0f5b1ac4e3a40 = \"Card payments\\nin \\\"EU\\\"\"",
            "BRIEF-PAY 2ab0f5b1ac4e3a40 <- REQ-PAY-1",
            "BRIEF-PAY 2ab0f5b1ac4e3a40 <- REQ-PAY-2",
            "REQ-PAY-1 0000000000000007 <- src/a b.rs#Ledger.post",
            "REQ-PAY-1 0000000000000008 @ src/a b.rs#Ledger.post",
            "REQ-PAY-1 0000000000000009 @ src/a b.rs#Ledger.post",
            "file 000000000000000a ~ src/a b.rs",
        ]
        .map(|l| l.replace(
            "2ab0f5b1ac4e3a40",
            &Fingerprint::of("Card payments").to_string()
        ))
    );
    let back = parse(&text).unwrap();
    assert_eq!(back.links.len(), 3);
    assert_eq!(
        back.get("REQ-PAY-1", "src/a b.rs#Ledger.post")
            .unwrap()
            .line,
        9
    );
    assert_eq!(
        back.text("BRIEF-PAY", Fingerprint::of("Card payments")),
        Some("Card payments\nin \"EU\"")
    );
    assert_eq!(
        back.bodies("REQ-PAY-1", "src/a b.rs#Ledger.post"),
        Some(&[Fingerprint(8), Fingerprint(9)].into())
    );
    // Unreferenced texts and bodies are dropped; rendering is stable.
    assert!(back
        .text("GONE", Fingerprint::of("Card payments"))
        .is_none());
    assert!(back.bodies("GONE", "src/x.rs").is_none());
    assert!(back.file_unchanged("src/a b.rs", Some(Fingerprint(10))));
    assert!(!back.file_unchanged("src/a b.rs", Some(Fingerprint(11))));
    assert!(!back.file_unchanged("src/a b.rs", None));
    assert_eq!(back.render(), text);
}

#[test]
fn locks_without_body_lines_and_repeated_body_lines_read_fine() {
    let old = "throughline-lock 1\nREQ-1 0000000000000001 <- src/a.rs\n";
    let lock = parse(old).unwrap();
    assert!(lock.get("REQ-1", "src/a.rs").is_some());
    assert!(lock.bodies("REQ-1", "src/a.rs").is_none());
    // Both sides of a merge kept: the union of the reviewed bodies.
    let merged = "throughline-lock 1\nREQ-1 0000000000000001 <- src/a.rs\nREQ-1 0000000000000005 @ src/a.rs\nREQ-1 0000000000000005 @ src/a.rs\nREQ-1 0000000000000006 @ src/a.rs\n";
    let lock = parse(merged).unwrap();
    assert_eq!(lock.bodies("REQ-1", "src/a.rs").map(|b| b.len()), Some(2));
    let e = parse("throughline-lock 1\nREQ-1 0000000000000005 @ \n").unwrap_err();
    assert!(e.message.contains("expected `<upstream>"), "{}", e.message);
    // `~` is for file lines only.
    let e = parse("throughline-lock 1\nREQ-1 0000000000000005 ~ src/a.rs\n").unwrap_err();
    assert!(e.message.contains("expected `<upstream>"), "{}", e.message);
}

#[test]
fn merge_conflicts_name_their_lines() {
    let text = "throughline-lock 1\n<<<<<<< HEAD\nA 0000000000000001 <- B\n=======\nA 0000000000000002 <- B\n>>>>>>> topic\n";
    let e = parse(text).unwrap_err();
    assert_eq!(e.lines, [2, 4, 6]);
    assert!(
        e.message
            .contains("merge conflict markers on lines 2, 4, 6"),
        "{}",
        e.message
    );
}

#[test]
fn corrupt_lines_are_named() {
    let e = parse("throughline-lock 1\nA 00000000000000zz <- B\n").unwrap_err();
    assert_eq!(e.lines, [2]);
    assert!(
        e.message
            .starts_with("throughline.lock:2: `00000000000000zz` is not a fingerprint"),
        "{}",
        e.message
    );
    let e = parse("hello\n").unwrap_err();
    assert!(e.message.contains("expected the header"), "{}", e.message);
    let e = parse("throughline-lock 1\nA 0000000000000001 ~ B\n").unwrap_err();
    assert!(e.message.contains("expected `<upstream>"), "{}", e.message);
    let e = parse("throughline-lock 1\nA 0000000000000001 = not-json\n").unwrap_err();
    assert!(e.message.contains("not a JSON string"), "{}", e.message);
    let e = parse("throughline-lock 1\nA 0000000000000001 <- B\nA 0000000000000002 <- B\n")
        .unwrap_err();
    assert!(e.message.contains("listed twice"), "{}", e.message);
    assert!(matches!(
        LockState::from_bytes(b"throughline-lock 1\n\xff\n"),
        LockState::Broken(_)
    ));
}

#[test]
fn empty_and_comment_only_files_are_empty_locks() {
    assert_eq!(parse("").unwrap(), Lock::default());
    assert_eq!(parse("# nothing yet\n").unwrap(), Lock::default());
}
