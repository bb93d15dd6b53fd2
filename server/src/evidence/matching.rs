//! Which test cases are the run of which `Verifies:` annotation.
//!
//! Producers spell a test's identity differently (docs/evidence.md): pytest's
//! `tests.test_x.TestClass` + `test_y`, jest-junit's `describe it` words, Vitest's
//! `describe > it`, Surefire's FQCN + method, nextest's `module::path::test`, GoogleTest's
//! `Suite` + `Name`. All of them end with the test's own name, preceded by its enclosing
//! classes, describes or modules. So both sides are split into words at every separator
//! those producers use, and a case matches an annotation when the annotation's symbol
//! (`TestClass.test_y`, `math.adds numbers`, `tests::closest`) is a word suffix of the
//! case's classname and name (a class or module symbol may sit anywhere before the last
//! word). When a case matches annotations in several files, its `file` attribute decides,
//! else the file whose path shares the most words with the case's classname (pytest's
//! module, Vitest's path, a Java package, a Go import path, nextest's binary).

use super::Case;
use crate::facts::{Annotation, AnnotationKind, FileFacts, SourceKind, SymbolKind};
use rustc_hash::FxHashMap;

/// Words of a test's identity: split at `.`, `::`, `/`, `\`, `>`, `›`, `#` and spaces;
/// parameters (`test_x[1-2]`, `adds(int)`, `Divides(10,0)`) dropped.
pub fn words(s: &str) -> Vec<String> {
    s.split(|c: char| {
        matches!(c, '.' | ':' | '/' | '\\' | '>' | '›' | '#' | '»') || c.is_whitespace()
    })
    .map(strip_params)
    .filter(|w| !w.is_empty())
    .map(str::to_string)
    .collect()
}

fn strip_params(w: &str) -> &str {
    let w = w.trim_matches(|c: char| c == '"' || c == '\'' || c == '`');
    match w.find(['[', '(']) {
        Some(0) | None => w,
        Some(i) => &w[..i],
    }
}

/// A case's words: its classname's, then its name's. jest-junit repeats the describe path
/// in both; the suffix test does not mind.
pub fn case_words(case: &Case) -> Vec<String> {
    let mut w = words(&case.case.classname);
    w.extend(words(&case.case.name));
    w
}

/// Whether `symbol` (words) occurs in `case` (words): as a suffix for a function or test,
/// anywhere for a class, module or describe block.
fn occurs(case: &[String], symbol: &[String], anywhere: bool) -> bool {
    if symbol.is_empty() || symbol.len() > case.len() {
        return false;
    }
    if !anywhere {
        return case.ends_with(symbol);
    }
    case.windows(symbol.len()).any(|w| w == symbol)
}

/// How well a file's path fits a case: its `file` attribute names the path (100), else
/// the number of the path's words (folders and stem) found among the case's words (the
/// classname holds pytest's module, Vitest's path, a Java package, a Go import path;
/// nextest's name holds the module path). `None` when the `file` attribute names
/// another file.
fn path_score(path: &str, case: &Case, case_words: &[String]) -> Option<usize> {
    if let Some(file) = case.case.file.as_deref() {
        let file = file.replace('\\', "/");
        let file = file.trim_start_matches("./");
        let same = path == file
            || path.ends_with(&format!("/{file}"))
            || file.ends_with(&format!("/{path}"));
        return same.then_some(100);
    }
    let stem = path.rsplit_once('.').map_or(path, |(s, _)| s);
    let lower: Vec<String> = case_words.iter().map(|w| w.to_lowercase()).collect();
    let mut path_words: Vec<String> = words(stem).iter().map(|w| w.to_lowercase()).collect();
    path_words.sort_unstable();
    path_words.dedup();
    Some(path_words.iter().filter(|w| lower.contains(w)).count())
}

/// An annotation a case may have run: file and annotation index, and its rank (path
/// score, then 1 for a suffix match or a class).
type Candidate = (usize, usize, (usize, u8));

/// Case indices per annotation, by the annotation's file path and its target's start.
pub type Matches = FxHashMap<String, Vec<(crate::text::Pos, Vec<u32>)>>;

/// Matches every case to the `Verifies:` annotations it runs.
/// Implements: REQ-EVIDENCE-JUNIT
pub fn match_cases(files: &[std::sync::Arc<FileFacts>], cases: &[Case]) -> Matches {
    let all_words: Vec<Vec<String>> = cases.iter().map(case_words).collect();
    // The cases by their last word (for suffix matches) and by every word (for classes
    // and describe blocks that hold them).
    let mut by_last: FxHashMap<&str, Vec<u32>> = FxHashMap::default();
    let mut by_word: FxHashMap<&str, Vec<u32>> = FxHashMap::default();
    for (i, w) in all_words.iter().enumerate() {
        if let Some(last) = w.last() {
            by_last.entry(last).or_default().push(i as u32);
        }
        let mut seen: Vec<&str> = Vec::new();
        for word in w {
            if !seen.contains(&word.as_str()) {
                seen.push(word);
                by_word.entry(word).or_default().push(i as u32);
            }
        }
    }
    let annotations: Vec<(usize, usize, Vec<String>)> = files
        .iter()
        .enumerate()
        .flat_map(|(fi, f)| {
            f.annotations.iter().enumerate().filter_map(move |(ai, a)| {
                let symbol = symbol_words(a)?;
                // A GoogleTest `TEST(Suite, Name)` is named `Name` inside its C++
                // namespaces, which results never mention: only the name must match
                // (the `file` attribute GoogleTest writes decides between files).
                let symbol =
                    if f.kind == SourceKind::Code("cpp") && a.symbol.kind == SymbolKind::Test {
                        symbol[symbol.len() - 1..].to_vec()
                    } else {
                        symbol
                    };
                Some((fi, ai, symbol))
            })
        })
        .collect();
    // Each case's candidate annotations, ranked by (path score, tier).
    let mut candidates: FxHashMap<u32, Vec<Candidate>> = FxHashMap::default();
    // First the suffix matches; then classes and describe blocks, which hold the cases
    // below them. A describe block (a test, to the grammar) only takes cases no test
    // claimed, so the common words of `it` titles are not compared with every case.
    for (fi, ai, symbol) in &annotations {
        let Some(found) = symbol.last().and_then(|w| by_last.get(w.as_str())) else {
            continue;
        };
        let f = &files[*fi];
        let container = is_container(f.annotations[*ai].symbol.kind);
        for &ci in found {
            let cw = &all_words[ci as usize];
            if !occurs(cw, symbol, false) {
                continue;
            }
            let Some(score) = path_score(&f.path, &cases[ci as usize], cw) else {
                continue;
            };
            // A class or module name is common (`tests`, `TestApi`): it must be
            // backed by the path.
            if container && score == 0 {
                continue;
            }
            candidates
                .entry(ci)
                .or_default()
                .push((*fi, *ai, (score, 1)));
        }
    }
    let claimed: rustc_hash::FxHashSet<u32> = candidates.keys().copied().collect();
    for (fi, ai, symbol) in &annotations {
        let f = &files[*fi];
        let kind = f.annotations[*ai].symbol.kind;
        if matches!(kind, SymbolKind::Function | SymbolKind::Method) {
            continue;
        }
        let container = is_container(kind);
        let Some(found) = symbol.last().and_then(|w| by_word.get(w.as_str())) else {
            continue;
        };
        for &ci in found {
            if !container && claimed.contains(&ci) {
                continue;
            }
            let cw = &all_words[ci as usize];
            if occurs(cw, symbol, false) || !occurs(cw, symbol, true) {
                continue;
            }
            let Some(score) = path_score(&f.path, &cases[ci as usize], cw) else {
                continue;
            };
            if container && score == 0 {
                continue;
            }
            let tier = u8::from(container);
            candidates
                .entry(ci)
                .or_default()
                .push((*fi, *ai, (score, tier)));
        }
    }
    let mut out: Matches = FxHashMap::default();
    for (ci, cands) in candidates {
        let best = cands.iter().map(|c| c.2).max().unwrap_or_default();
        for &(fi, ai, score) in &cands {
            if score != best {
                continue;
            }
            let f = &files[fi];
            let start = f.annotations[ai].target.range.start;
            let list = out.entry(f.path.clone()).or_default();
            match list.iter_mut().find(|(p, _)| *p == start) {
                Some((_, v)) => v.push(ci),
                None => list.push((start, vec![ci])),
            }
        }
    }
    for list in out.values_mut() {
        for (_, v) in list.iter_mut() {
            v.sort_unstable();
            v.dedup();
        }
    }
    out
}

fn is_container(kind: SymbolKind) -> bool {
    matches!(
        kind,
        SymbolKind::Class
            | SymbolKind::Struct
            | SymbolKind::Module
            | SymbolKind::Impl
            | SymbolKind::Interface
            | SymbolKind::Enum
    )
}

/// The words a `Verifies:` annotation's symbol is known by in results, or `None` for
/// annotations no case can name (implementations, file-level ones).
fn symbol_words(a: &Annotation) -> Option<Vec<String>> {
    if a.kind != AnnotationKind::Verifies || a.symbol.kind == SymbolKind::File {
        return None;
    }
    let w = words(&a.symbol.name);
    (!w.is_empty()).then_some(w)
}

#[cfg(test)]
mod tests;
