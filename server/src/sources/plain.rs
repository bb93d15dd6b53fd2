//! Any other text file: a line scan for comments, by the comment markers the file
//! extension suggests. Annotations attach to the file itself.

use super::annotations::scan_comment;
use crate::facts::{Annotation, FileFacts, Occurrence, Reference, Symbol, SymbolKind};
use crate::ids::IdScanner;
use crate::text::{Pos, Range};

/// Comment markers by extension; `None` means the file holds data, not comments.
fn markers(ext: &str) -> Option<&'static [&'static str]> {
    Some(match ext {
        "json" | "csv" | "tsv" | "svg" | "map" | "lock" | "sum" => return None,
        "yaml" | "yml" | "toml" | "sh" | "bash" | "zsh" | "fish" | "rb" | "pl" | "r" | "cfg"
        | "conf" | "properties" | "tf" | "hcl" | "nix" | "ps1" | "cmake" | "mk" | "dockerfile"
        | "gitignore" | "env" | "ini" => &["#"],
        "kt" | "kts" | "swift" | "scala" | "php" | "dart" | "groovy" | "gradle" | "proto"
        | "zig" | "sol" | "fs" | "fsx" | "jsonc" | "json5" | "v" | "sv" | "m" | "mm" => {
            &["//", "/*", "*"]
        }
        "sql" | "lua" | "hs" | "elm" | "ada" | "adb" => &["--"],
        "el" | "lisp" | "clj" | "cljs" | "scm" | "asm" | "s" => &[";"],
        "tex" | "erl" | "hrl" => &["%"],
        "html" | "htm" | "xml" | "vue" | "svelte" => &["<!--", "//"],
        _ => &["#", "//", "--", ";"],
    })
}

/// Scans `text` line by line. Returns false when the extension marks a data file.
/// Implements: REQ-LANGUAGES
pub fn extract(text: &str, ext: &str, scanner: &IdScanner, facts: &mut FileFacts) -> bool {
    let Some(markers) = markers(ext) else {
        return false;
    };
    for (line_no, line) in text.split('\n').enumerate() {
        let Some(start) = comment_start(line, markers) else {
            continue;
        };
        let comment = &line[start..];
        for id in scan_comment(comment, scanner) {
            let range = Range {
                start: Pos {
                    line: line_no as u32,
                    col: (start + id.start) as u32,
                },
                end: Pos {
                    line: line_no as u32,
                    col: (start + id.end) as u32,
                },
            };
            let occ = Occurrence {
                id: comment[id.start..id.end].to_string(),
                range,
            };
            match id.annotation {
                Some(kind) => facts.annotations.push(Annotation {
                    kind,
                    target: occ,
                    symbol: Symbol {
                        kind: SymbolKind::File,
                        name: String::new(),
                        range,
                        is_test: facts.is_test_file,
                    },
                    body: None,
                }),
                None => facts.references.push(Reference {
                    occ,
                    in_item: None,
                    prose: false,
                }),
            }
        }
    }
    true
}

/// Byte offset where a comment starts on the line, ignoring markers inside quotes.
fn comment_start(line: &str, markers: &[&str]) -> Option<usize> {
    let trimmed = line.trim_start();
    // A `*` only counts at the start of a line (the middle of a block comment).
    if markers.contains(&"*") && trimmed.starts_with('*') {
        return Some(line.len() - trimmed.len());
    }
    let bytes = line.as_bytes();
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == b'\\' => {
                let _ = q;
                i += 1;
            }
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None => {
                if markers
                    .iter()
                    .any(|m| *m != "*" && bytes[i..].starts_with(m.as_bytes()))
                {
                    return Some(i);
                }
            }
        }
        i += 1;
    }
    None
}

// Verifies: REQ-LANGUAGES
#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::SourceKind;

    #[test]
    fn yaml_comments_not_strings() {
        let scanner = IdScanner::new(&["REQ"]);
        let mut f = FileFacts::new("a.yaml".into(), SourceKind::Text, false);
        assert!(extract(
            "key: \"# REQ-9\" # Implements: REQ-1\n# see REQ-2\nother: REQ-3\n",
            "yaml",
            &scanner,
            &mut f
        ));
        assert_eq!(f.annotations.len(), 1);
        assert_eq!(f.annotations[0].target.id, "REQ-1");
        assert_eq!(
            f.annotations[0].target.range.start,
            Pos { line: 0, col: 29 }
        );
        let refs: Vec<_> = f.references.iter().map(|r| r.occ.id.as_str()).collect();
        assert_eq!(refs, ["REQ-2"]);
    }

    #[test]
    fn non_ascii_before_a_marker_is_fine() {
        let scanner = IdScanner::new(&["REQ"]);
        let mut f = FileFacts::new("a.txt".into(), SourceKind::Text, false);
        assert!(extract(
            "…é🙂 # see REQ-1\n„x“ // REQ-2\n",
            "txt",
            &scanner,
            &mut f
        ));
        let refs: Vec<_> = f
            .references
            .iter()
            .map(|r| (r.occ.id.as_str(), r.occ.range.start.col))
            .collect();
        assert_eq!(refs, [("REQ-1", 16), ("REQ-2", 11)], "byte columns");
    }

    #[test]
    fn data_files_are_skipped() {
        let scanner = IdScanner::new(&["REQ"]);
        let mut f = FileFacts::new("a.json".into(), SourceKind::Text, false);
        assert!(!extract("{\"a\": \"REQ-1\"}", "json", &scanner, &mut f));
        assert!(f.is_empty());
    }
}
