//! The tree-sitter languages: grammar, file extensions and the embedded query files from
//! `grammars/<name>/`. Queries are compiled once per process, on first use.

use std::sync::OnceLock;
use tree_sitter::{Language, Query};

pub struct CodeLanguage {
    /// Folder name under `grammars/`.
    pub name: &'static str,
    pub extensions: &'static [&'static str],
    grammar: fn() -> Language,
    queries: [&'static str; 3],
    /// Separator for qualified symbol names (`Ledger::post` or `Ledger.post`).
    pub path_separator: &'static str,
}

macro_rules! queries {
    ($dir:literal) => {
        [
            include_str!(concat!("../../grammars/", $dir, "/comments.scm")),
            include_str!(concat!("../../grammars/", $dir, "/definitions.scm")),
            include_str!(concat!("../../grammars/", $dir, "/tests.scm")),
        ]
    };
}

/// Implements: REQ-LANGUAGES
pub static LANGUAGES: &[CodeLanguage] = &[
    CodeLanguage {
        name: "rust",
        extensions: &["rs"],
        grammar: || tree_sitter_rust::LANGUAGE.into(),
        queries: queries!("rust"),
        path_separator: "::",
    },
    CodeLanguage {
        name: "python",
        extensions: &["py", "pyi"],
        grammar: || tree_sitter_python::LANGUAGE.into(),
        queries: queries!("python"),
        path_separator: ".",
    },
    CodeLanguage {
        name: "javascript",
        extensions: &["js", "jsx", "mjs", "cjs"],
        grammar: || tree_sitter_javascript::LANGUAGE.into(),
        queries: queries!("javascript"),
        path_separator: ".",
    },
    CodeLanguage {
        name: "typescript",
        extensions: &["ts", "mts", "cts"],
        grammar: || tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
        queries: queries!("typescript"),
        path_separator: ".",
    },
    CodeLanguage {
        name: "tsx",
        extensions: &["tsx"],
        grammar: || tree_sitter_typescript::LANGUAGE_TSX.into(),
        queries: queries!("typescript"),
        path_separator: ".",
    },
    CodeLanguage {
        name: "go",
        extensions: &["go"],
        grammar: || tree_sitter_go::LANGUAGE.into(),
        queries: queries!("go"),
        path_separator: ".",
    },
    CodeLanguage {
        name: "java",
        extensions: &["java"],
        grammar: || tree_sitter_java::LANGUAGE.into(),
        queries: queries!("java"),
        path_separator: ".",
    },
    CodeLanguage {
        name: "c_sharp",
        extensions: &["cs"],
        grammar: || tree_sitter_c_sharp::LANGUAGE.into(),
        queries: queries!("c_sharp"),
        path_separator: ".",
    },
    CodeLanguage {
        name: "c",
        extensions: &["c", "h"],
        grammar: || tree_sitter_c::LANGUAGE.into(),
        queries: queries!("c"),
        path_separator: "::",
    },
    CodeLanguage {
        name: "cpp",
        extensions: &["cc", "cpp", "cxx", "hh", "hpp", "hxx", "ipp"],
        grammar: || tree_sitter_cpp::LANGUAGE.into(),
        queries: queries!("cpp"),
        path_separator: "::",
    },
];

/// A language's grammar with its compiled queries.
pub struct Compiled {
    pub language: Language,
    /// `comments.scm`: run on the few byte ranges where the prefilter found an ID.
    pub comments: Query,
    /// `definitions.scm` + `tests.scm`: run around each annotated comment only.
    pub structure: Query,
}

static COMPILED: [OnceLock<Result<Compiled, String>>; 10] = [const { OnceLock::new() }; 10];

impl CodeLanguage {
    /// The grammar and combined query; an error names the query file problem. Queries are
    /// covered by unit tests, so an error here means a broken build, not bad user input.
    pub fn compiled(&'static self) -> Result<&'static Compiled, &'static str> {
        let i = LANGUAGES
            .iter()
            .position(|l| std::ptr::eq(l, self))
            .unwrap_or(0);
        COMPILED[i]
            .get_or_init(|| {
                let language = (self.grammar)();
                let err = |e: tree_sitter::QueryError| format!("grammars/{}: {e}", self.name);
                let comments = Query::new(&language, self.queries[0]).map_err(err)?;
                let structure =
                    Query::new(&language, &[self.queries[1], self.queries[2]].join("\n"))
                        .map_err(err)?;
                Ok(Compiled {
                    language,
                    comments,
                    structure,
                })
            })
            .as_ref()
            .map_err(|e| e.as_str())
    }
}

/// The language for a file extension (case-sensitive, as tools conventionally are).
pub fn for_extension(ext: &str) -> Option<&'static CodeLanguage> {
    LANGUAGES.iter().find(|l| l.extensions.contains(&ext))
}

// Verifies: REQ-LANGUAGES
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_query_compiles() {
        assert_eq!(LANGUAGES.len(), COMPILED.len());
        for l in LANGUAGES {
            if let Err(e) = l.compiled() {
                panic!("{e}");
            }
        }
    }
}
