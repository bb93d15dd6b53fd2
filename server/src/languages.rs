//! The tree-sitter languages: grammar, file extensions and the embedded query files from
//! `grammars/<name>/`. Queries are compiled once per process, on first use.

use std::sync::OnceLock;
use tree_sitter::{Language, Node, Query};

pub struct CodeLanguage {
    /// Folder name under `grammars/`.
    pub name: &'static str,
    pub extensions: &'static [&'static str],
    grammar: fn() -> Language,
    queries: [&'static str; 3],
    /// Separator for qualified symbol names (`Ledger::post` or `Ledger.post`).
    pub path_separator: &'static str,
    /// `routes.scm`, for languages with web frameworks we read.
    routes: Option<&'static str>,
    pub route_syntax: RouteSyntax,
    /// Words one of which a file must contain before it is parsed for routes (framework
    /// names and route-declaring identifiers).
    route_markers: &'static [&'static str],
    /// Like `route_markers`, but only as whole words: short framework names (`gin`) are
    /// common inside other identifiers (`Engine`, `Login`).
    route_words: &'static [&'static str],
    /// How comments and literals are spelled, for `check`'s lexer fast path.
    pub lexicon: Lexicon,
}

/// How a language spells comments, strings and the other tokens that can hide a comment
/// marker, as far as `sources::lexer` needs to find comments without a parse. The lexer
/// declines (and the file gets a full tree-sitter parse) wherever these rules leave a
/// doubt, so a flag here only has to be right for the cases it accepts.
#[derive(Debug, Clone, Copy)]
pub struct Lexicon {
    /// Which lexer reads the language.
    pub family: LexFamily,
    /// `/* /* */ */` nests (Rust).
    pub nested_block_comments: bool,
    /// A backslash at the end of a `//` comment continues it on the next line (C, C++).
    pub line_comment_continues: bool,
    /// `#` first on a line starts a preprocessor directive (C, C++, C#).
    pub preprocessor: bool,
    /// What `'` starts.
    pub single_quote: SingleQuote,
    /// What a backtick starts.
    pub backtick: Backtick,
    /// Which prefixed or multi-line string forms exist besides `"..."`.
    pub strings: StringForms,
    /// `/re/` literals, told from division by the token before them (JavaScript).
    pub regex_literals: bool,
    /// JSX elements, whose text may hold quotes and `//` that are not code.
    pub jsx: bool,
    /// A `#!` first line is not code (JavaScript's hashbang, Rust's shebang).
    pub hashbang: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LexFamily {
    /// `//` and `/* */` comments.
    CLike,
    /// `#` comments and docstrings.
    Python,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SingleQuote {
    /// A character literal (C, Go, Java, C#); in C++ also a digit separator (`1'000`).
    Char,
    /// A character literal or a lifetime/label (`'a`), told apart by what follows (Rust).
    CharOrLifetime,
    /// A string like `"..."` (JavaScript).
    String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backtick {
    /// Not a token start (or not in code).
    Plain,
    /// A raw string to the next backtick (Go).
    RawString,
    /// A template literal with `${...}` holes (JavaScript).
    Template,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StringForms {
    /// Only `"..."`, one line (Go, JavaScript, C).
    Plain,
    /// `"..."` over lines, `r#"..."#` raw strings with any prefix `r`, `br`, `cr`.
    Rust,
    /// `R"delim(...)delim"` raw strings, with `L`, `u`, `U`, `u8` prefixes.
    Cpp,
    /// `"""` text blocks.
    Java,
    /// `@"..."` verbatim, `$"..{x}.."` interpolated, `"""..."""` raw strings.
    CSharp,
}

const C_LIKE: Lexicon = Lexicon {
    family: LexFamily::CLike,
    nested_block_comments: false,
    line_comment_continues: false,
    preprocessor: false,
    single_quote: SingleQuote::Char,
    backtick: Backtick::Plain,
    strings: StringForms::Plain,
    regex_literals: false,
    jsx: false,
    hashbang: false,
};

const JS_LIKE: Lexicon = Lexicon {
    single_quote: SingleQuote::String,
    backtick: Backtick::Template,
    regex_literals: true,
    hashbang: true,
    ..C_LIKE
};

/// JavaScript, TypeScript and TSX share the Express, Fastify, Koa, Hono and NestJS route
/// markers.
const JS_ROUTE_MARKERS: &[&str] = &[
    "express", "Router", "@nestjs", ".use(", ".route(", "fastify", "Fastify", "hono", "koa",
];

macro_rules! routes {
    ($dir:literal) => {
        Some(include_str!(concat!(
            "../../grammars/",
            $dir,
            "/routes.scm"
        )))
    };
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
        routes: routes!("rust"),
        route_syntax: RouteSyntax::Rust,
        route_markers: &[
            "axum", "actix", "Router", "web::", "#[get", "#[post", "#[put", "#[delete", "#[patch",
            "#[route", "rocket", "routes!",
        ],
        route_words: &[],
        lexicon: Lexicon {
            nested_block_comments: true,
            single_quote: SingleQuote::CharOrLifetime,
            strings: StringForms::Rust,
            hashbang: true,
            ..C_LIKE
        },
    },
    CodeLanguage {
        name: "python",
        extensions: &["py", "pyi"],
        grammar: || tree_sitter_python::LANGUAGE.into(),
        queries: queries!("python"),
        path_separator: ".",
        routes: routes!("python"),
        route_syntax: RouteSyntax::Python,
        route_markers: &[
            "urlpatterns",
            "DefaultRouter",
            "SimpleRouter",
            "fastapi",
            "FastAPI",
            "APIRouter",
            "flask",
            "Flask",
            "Blueprint",
            "include_router",
            "register_blueprint",
            ".route(",
        ],
        route_words: &[],
        lexicon: Lexicon {
            family: LexFamily::Python,
            ..C_LIKE
        },
    },
    CodeLanguage {
        name: "javascript",
        extensions: &["js", "jsx", "mjs", "cjs"],
        grammar: || tree_sitter_javascript::LANGUAGE.into(),
        queries: queries!("javascript"),
        path_separator: ".",
        routes: routes!("javascript"),
        route_syntax: RouteSyntax::Js,
        route_markers: JS_ROUTE_MARKERS,
        route_words: &[],
        lexicon: Lexicon {
            jsx: true,
            ..JS_LIKE
        },
    },
    CodeLanguage {
        name: "typescript",
        extensions: &["ts", "mts", "cts"],
        grammar: || tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
        queries: queries!("typescript"),
        path_separator: ".",
        routes: routes!("javascript"),
        route_syntax: RouteSyntax::Js,
        route_markers: JS_ROUTE_MARKERS,
        route_words: &[],
        lexicon: JS_LIKE,
    },
    CodeLanguage {
        name: "tsx",
        extensions: &["tsx"],
        grammar: || tree_sitter_typescript::LANGUAGE_TSX.into(),
        queries: queries!("typescript"),
        path_separator: ".",
        routes: routes!("javascript"),
        route_syntax: RouteSyntax::Js,
        route_markers: JS_ROUTE_MARKERS,
        route_words: &[],
        lexicon: Lexicon {
            jsx: true,
            ..JS_LIKE
        },
    },
    CodeLanguage {
        name: "go",
        extensions: &["go"],
        grammar: || tree_sitter_go::LANGUAGE.into(),
        queries: queries!("go"),
        path_separator: ".",
        routes: routes!("go"),
        route_syntax: RouteSyntax::Go,
        // `.Route(`/`.Group(`/`("/`: routes declared on local wrapper types; `= "/`: path
        // constants other files' prefixes name.
        route_markers: &[
            "HandleFunc",
            "Handle(",
            "ServeMux",
            "mux.",
            ".Route(",
            ".Group(",
            "(\"/",
            "= \"/",
        ],
        route_words: &["gin", "echo", "chi", "fiber"],
        lexicon: Lexicon {
            backtick: Backtick::RawString,
            ..C_LIKE
        },
    },
    CodeLanguage {
        name: "java",
        extensions: &["java"],
        grammar: || tree_sitter_java::LANGUAGE.into(),
        queries: queries!("java"),
        path_separator: ".",
        routes: routes!("java"),
        route_syntax: RouteSyntax::Java,
        route_markers: &["Mapping", "@Path", "@ApplicationPath"],
        route_words: &[],
        lexicon: Lexicon {
            strings: StringForms::Java,
            ..C_LIKE
        },
    },
    CodeLanguage {
        name: "c_sharp",
        extensions: &["cs"],
        grammar: || tree_sitter_c_sharp::LANGUAGE.into(),
        queries: queries!("c_sharp"),
        path_separator: ".",
        routes: routes!("c_sharp"),
        route_syntax: RouteSyntax::CSharp,
        route_markers: &["[Http", "[Route", ".Map"],
        route_words: &[],
        lexicon: Lexicon {
            preprocessor: true,
            strings: StringForms::CSharp,
            ..C_LIKE
        },
    },
    CodeLanguage {
        name: "c",
        extensions: &["c", "h"],
        grammar: || tree_sitter_c::LANGUAGE.into(),
        queries: queries!("c"),
        path_separator: "::",
        routes: None,
        route_syntax: RouteSyntax::None,
        route_markers: &[],
        route_words: &[],
        lexicon: Lexicon {
            preprocessor: true,
            line_comment_continues: true,
            ..C_LIKE
        },
    },
    CodeLanguage {
        name: "cpp",
        extensions: &["cc", "cpp", "cxx", "hh", "hpp", "hxx", "ipp"],
        grammar: || tree_sitter_cpp::LANGUAGE.into(),
        queries: queries!("cpp"),
        path_separator: "::",
        routes: None,
        route_syntax: RouteSyntax::None,
        route_markers: &[],
        route_words: &[],
        lexicon: Lexicon {
            preprocessor: true,
            line_comment_continues: true,
            strings: StringForms::Cpp,
            ..C_LIKE
        },
    },
];

/// A language's grammar with its compiled queries.
pub struct Compiled {
    pub language: Language,
    /// `definitions.scm` + `tests.scm`: run around each annotated comment only.
    pub structure: Query,
}

static COMPILED: [OnceLock<Result<Compiled, String>>; 10] = [const { OnceLock::new() }; 10];
static COMMENTS: [OnceLock<Result<Query, String>>; 10] = [const { OnceLock::new() }; 10];

// Each query is compiled on first use, apart from the others: compiling one costs up to
// tens of milliseconds (C++), more than `check` spends on the few files that need it.
impl CodeLanguage {
    /// The grammar and the structure query; an error names the query file problem.
    /// Queries are covered by unit tests, so an error here means a broken build, not bad
    /// user input.
    pub fn compiled(&'static self) -> Result<&'static Compiled, &'static str> {
        COMPILED[self.position()]
            .get_or_init(|| {
                let language = (self.grammar)();
                let structure =
                    Query::new(&language, &[self.queries[1], self.queries[2]].join("\n"))
                        .map_err(|e| format!("grammars/{}: {e}", self.name))?;
                Ok(Compiled {
                    language,
                    structure,
                })
            })
            .as_ref()
            .map_err(|e| e.as_str())
    }

    /// `comments.scm`: run on the few byte ranges where the prefilter found an ID.
    pub fn comments_query(&'static self) -> Result<&'static Query, &'static str> {
        COMMENTS[self.position()]
            .get_or_init(|| {
                Query::new(&(self.grammar)(), self.queries[0])
                    .map_err(|e| format!("grammars/{}/comments.scm: {e}", self.name))
            })
            .as_ref()
            .map_err(|e| e.as_str())
    }

    /// `routes.scm`, for languages with web frameworks we read (compiled by section in
    /// `routes::queries`).
    pub fn routes_source(&self) -> Option<&'static str> {
        self.routes
    }

    pub fn grammar(&self) -> Language {
        (self.grammar)()
    }
}

/// One SIMD substring searcher per marker: the markers share common bytes (`.`, `(`), which
/// leave a multi-pattern automaton without a useful prefilter.
struct Markers {
    anywhere: Vec<memchr::memmem::Finder<'static>>,
    words: Vec<memchr::memmem::Finder<'static>>,
}

static MARKERS: [OnceLock<Markers>; 10] = [const { OnceLock::new() }; 10];

impl CodeLanguage {
    fn position(&'static self) -> usize {
        LANGUAGES
            .iter()
            .position(|l| std::ptr::eq(l, self))
            .unwrap_or(0)
    }

    /// Whether `data` contains one of the route markers, so that a parse for routes may
    /// find any. Always false for languages without route queries.
    pub fn may_have_routes(&'static self, data: &[u8]) -> bool {
        if self.routes.is_none() {
            return false;
        }
        let markers = MARKERS[self.position()].get_or_init(|| Markers {
            anywhere: self
                .route_markers
                .iter()
                .map(memchr::memmem::Finder::new)
                .collect(),
            words: self
                .route_words
                .iter()
                .map(memchr::memmem::Finder::new)
                .collect(),
        });
        let is_word = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
        markers.anywhere.iter().any(|f| f.find(data).is_some())
            || markers.words.iter().any(|f| {
                f.find_iter(data).any(|at| {
                    !is_word(at.checked_sub(1).and_then(|i| data.get(i)))
                        && !is_word(data.get(at + f.needle().len()))
                })
            })
    }
}

/// How a language's syntax tree spells the expressions route receivers are made of, so
/// that one resolver serves every language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RouteSyntax {
    Js,
    Python,
    Go,
    Rust,
    Java,
    CSharp,
    None,
}

impl RouteSyntax {
    pub fn is_identifier(self, kind: &str) -> bool {
        matches!(kind, "identifier" | "type_identifier")
    }

    /// For a call node kind, the field holding the called function.
    pub fn call_function_field(self, kind: &str) -> Option<&'static str> {
        match (self, kind) {
            (RouteSyntax::Js | RouteSyntax::Go | RouteSyntax::Rust, "call_expression") => {
                Some("function")
            }
            (RouteSyntax::Python, "call") => Some("function"),
            (RouteSyntax::CSharp, "invocation_expression") => Some("function"),
            _ => None,
        }
    }

    /// `object.name` for a member access node.
    pub fn member_parts(self, node: Node<'_>) -> Option<(Node<'_>, Node<'_>)> {
        let (object, name) = match (self, node.kind()) {
            (RouteSyntax::Js, "member_expression") => ("object", "property"),
            (RouteSyntax::Python, "attribute") => ("object", "attribute"),
            (RouteSyntax::Go, "selector_expression") => ("operand", "field"),
            (RouteSyntax::Rust, "field_expression") => ("value", "field"),
            (RouteSyntax::CSharp, "member_access_expression") => ("expression", "name"),
            (RouteSyntax::Java, "field_access") => ("object", "field"),
            _ => return None,
        };
        Some((
            node.child_by_field_name(object)?,
            node.child_by_field_name(name)?,
        ))
    }

    /// `module::name` for a qualified path node.
    pub fn qualified_parts(self, node: Node<'_>) -> Option<(Node<'_>, Node<'_>)> {
        match (self, node.kind()) {
            (RouteSyntax::Rust, "scoped_identifier") => Some((
                node.child_by_field_name("path")?,
                node.child_by_field_name("name")?,
            )),
            _ => None,
        }
    }

    pub fn is_qualified(self, kind: &str) -> bool {
        matches!((self, kind), (RouteSyntax::Rust, "scoped_identifier"))
    }

    /// How a module and a name inside it are joined in import paths.
    pub fn module_separator(self) -> &'static str {
        match self {
            RouteSyntax::Rust => "::",
            RouteSyntax::Js | RouteSyntax::Go => "/",
            _ => ".",
        }
    }
}

/// The language for a file extension (case-sensitive, as tools conventionally are).
pub fn for_extension(ext: &str) -> Option<&'static CodeLanguage> {
    LANGUAGES.iter().find(|l| l.extensions.contains(&ext))
}

// Verifies: REQ-LANGUAGES
/// The `&'static str` of a language's `LANGUAGES` entry (the facts cache stores
/// `SourceKind::Code` by name).
pub fn static_name(name: &str) -> Option<&'static str> {
    LANGUAGES.iter().map(|l| l.name).find(|n| *n == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_route_words_match_only_whole_words() {
        let go = for_extension("go").unwrap();
        assert!(go.may_have_routes(b"import \"github.com/gin-gonic/gin\""));
        assert!(go.may_have_routes(b"func setup(r *gin.Engine) {}"));
        assert!(go.may_have_routes(b"mux.HandleFunc(\"/x\", h)"));
        assert!(!go.may_have_routes(
            b"type WindowEngine struct{}\nfunc Login() {}\n// origin, echoes, chip"
        ));
        // Markers other than words still match inside identifiers.
        let java = for_extension("java").unwrap();
        assert!(java.may_have_routes(b"@GetMapping(\"/x\")"));
        assert!(!for_extension("c").unwrap().may_have_routes(b"gin Router"));
    }

    #[test]
    fn every_query_compiles() {
        assert_eq!(LANGUAGES.len(), COMPILED.len());
        for l in LANGUAGES {
            if let Err(e) = l.compiled().and(l.comments_query()) {
                panic!("{e}");
            }
            if let Some(q) = l.routes {
                if let Err(e) = Query::new(&(l.grammar)(), q) {
                    panic!("grammars/{}/routes.scm: {e}", l.name);
                }
            }
        }
    }
}
