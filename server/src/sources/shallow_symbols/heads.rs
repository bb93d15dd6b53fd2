//! What a head of code is in each `//` language, after `definitions.scm` and `tests.scm`.
//! A classifier returns `Head::Def` or `Head::Plain` only when the grammar leaves no
//! doubt, and declines otherwise.

use super::braces::tokens;
use super::{close_of, Head, Spanned, Tok};
use crate::facts::SymbolKind;
use crate::sources::lexer::Declined;

/// Where a head sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    /// The file, a namespace or module.
    Top,
    /// The body of a class, struct, trait, impl, interface or enum.
    Members(SymbolKind),
    /// A function body (or a test callback).
    Body,
    /// The arguments of a test call.
    Call,
}

pub(super) fn is_js(lang: &str) -> bool {
    matches!(lang, "javascript" | "typescript" | "tsx")
}

const UNSURE: Declined = Declined("a head the outline does not know");

/// Classifies the head `head` that ends at `term` (`{`, `;`, `}` or 0 at the end of the
/// file). `follow`: the head comes after the comment (rather than opening a block
/// around it).
pub(super) fn classify(
    lang: &str,
    head: &str,
    term: u8,
    place: Place,
    follow: bool,
) -> Result<Head, Declined> {
    let toks = tokens(lang, head)?;
    if toks.is_empty() {
        return if follow { Ok(Head::Plain) } else { Err(UNSURE) };
    }
    let h = Ctx {
        head,
        toks: &toks,
        term,
        place,
        follow,
    };
    match lang {
        "rust" => rust(&h),
        "go" => go(&h),
        "java" => java(&h),
        "c_sharp" => csharp(&h),
        "c" => c_family(&h, false),
        "cpp" => c_family(&h, true),
        "javascript" | "typescript" | "tsx" => js(&h, lang != "javascript"),
        _ => Err(UNSURE),
    }
}

struct Ctx<'a> {
    head: &'a str,
    toks: &'a [Spanned<'a>],
    term: u8,
    place: Place,
    follow: bool,
}

impl<'a> Ctx<'a> {
    fn tok(&self, i: usize) -> Option<Tok<'a>> {
        self.toks.get(i).map(|t| t.1)
    }

    fn is(&self, i: usize, s: &str) -> bool {
        self.tok(i).is_some_and(|t| t.is(s))
    }

    fn word(&self, i: usize) -> Option<&'a str> {
        self.tok(i).and_then(|t| t.word())
    }

    /// The source text of tokens `from..=to`.
    fn slice(&self, from: usize, to: usize) -> &'a str {
        let start = self.toks[from].0;
        let (at, last) = self.toks[to];
        let len = match last {
            Tok::Word(s) | Tok::Str(s) | Tok::Punct(s) => s.len(),
        };
        &self.head[start..at + len]
    }

    fn def(&self, kind: SymbolKind, name: &str, test: bool) -> Result<Head, Declined> {
        // As `code::structure_in` trims captured names (string test names).
        let name = name.trim_matches(['"', '\'', '`']);
        if name.is_empty() {
            return Err(UNSURE);
        }
        Ok(Head::Def {
            kind,
            name: name.to_string(),
            test,
        })
    }
}

fn word_in(w: Option<&str>, set: &[&str]) -> bool {
    w.is_some_and(|w| set.contains(&w))
}

// ---------------------------------------------------------------------------------------
// Rust

fn rust(h: &Ctx) -> Result<Head, Declined> {
    let mut i = 0;
    let (mut test_attr, mut cfg_test) = (false, false);
    while h.is(i, "#") {
        if !h.is(i + 1, "[") {
            return Err(UNSURE);
        }
        let close = close_of(h.toks, i + 1).ok_or(UNSURE)?;
        let attr = h.slice(i, close);
        test_attr |= rust_test_attribute(attr);
        cfg_test |= attr.starts_with("#[cfg(test)]");
        i = close + 1;
    }
    match h.place {
        Place::Members(SymbolKind::Struct) => return Ok(Head::Plain),
        Place::Members(SymbolKind::Enum) | Place::Call => return Err(UNSURE),
        _ => {}
    }
    if h.is(i, "pub") {
        i += 1;
        if h.is(i, "(") {
            i = close_of(h.toks, i).ok_or(UNSURE)? + 1;
        }
    }
    loop {
        match h.word(i) {
            Some("async" | "unsafe" | "default") => i += 1,
            Some("const") if word_in(h.word(i + 1), &["fn", "unsafe", "async", "extern"]) => i += 1,
            Some("extern") => {
                if h.is(i + 1, "crate") {
                    return Ok(Head::Plain);
                }
                i += 1;
                if matches!(h.tok(i), Some(Tok::Str(_))) {
                    i += 1;
                }
                if h.tok(i).is_none() && h.term == b'{' {
                    return Ok(Head::Transparent);
                }
            }
            _ => break,
        }
    }
    let name = |k: usize| h.word(k).unwrap_or("");
    match h.word(i) {
        Some("fn") => h.def(SymbolKind::Function, name(i + 1), test_attr),
        Some("struct" | "union") => h.def(SymbolKind::Struct, name(i + 1), false),
        Some("enum") => h.def(SymbolKind::Enum, name(i + 1), false),
        Some("trait") => h.def(SymbolKind::Interface, name(i + 1), false),
        Some("mod") => h.def(SymbolKind::Module, name(i + 1), cfg_test),
        Some("macro_rules") if h.is(i + 1, "!") => h.def(SymbolKind::Function, name(i + 2), false),
        Some("impl") => rust_impl(h, i + 1),
        Some("use" | "type" | "static" | "const" | "let") => Ok(Head::Plain),
        // A macro invocation: its tokens are not parsed as items.
        Some(_) if h.is(i + 1, "!") && h.place != Place::Body => Ok(Head::Plain),
        _ if h.place == Place::Body && i == 0 => Ok(Head::Plain),
        _ => Err(UNSURE),
    }
}

/// `^#\[([a-z_]+::)?(test|rstest|test_case|quickcheck|proptest)\b`, as in tests.scm.
fn rust_test_attribute(attr: &str) -> bool {
    let Some(rest) = attr.strip_prefix("#[") else {
        return false;
    };
    let path_end = rest.find("::").filter(|&k| {
        k > 0
            && rest[..k]
                .bytes()
                .all(|c| c.is_ascii_lowercase() || c == b'_')
    });
    let rest = path_end.map_or(rest, |k| &rest[k + 2..]);
    ["test", "rstest", "test_case", "quickcheck", "proptest"]
        .iter()
        .any(|n| {
            rest.strip_prefix(n)
                .is_some_and(|after| !after.starts_with(|c: char| c.is_alphanumeric() || c == '_'))
        })
}

/// `impl<T> Trait for Type where ...`: the name is the text of `Type` (of `Trait` when
/// there is no `for`).
fn rust_impl(h: &Ctx, mut i: usize) -> Result<Head, Declined> {
    if h.is(i, "<") {
        i = close_of(h.toks, i).ok_or(UNSURE)? + 1;
    }
    let mut depth = 0i32;
    let mut start = i;
    let mut end = h.toks.len();
    for k in i..h.toks.len() {
        match h.tok(k) {
            Some(Tok::Punct("<")) => depth += 1,
            Some(Tok::Punct(">")) => depth -= 1,
            Some(Tok::Word("for")) if depth == 0 => start = k + 1,
            Some(Tok::Word("where")) if depth == 0 => {
                end = k;
                break;
            }
            _ => {}
        }
    }
    if start >= end {
        return Err(UNSURE);
    }
    h.def(SymbolKind::Impl, h.slice(start, end - 1), false)
}

// ---------------------------------------------------------------------------------------
// Go

fn go(h: &Ctx) -> Result<Head, Declined> {
    match h.place {
        Place::Members(_) => return Ok(Head::Plain),
        Place::Body if !h.is(0, "type") => return Ok(Head::Plain),
        Place::Call => return Err(UNSURE),
        _ => {}
    }
    match h.word(0) {
        Some("func") if h.is(1, "(") => {
            let close = close_of(h.toks, 1).ok_or(UNSURE)?;
            // The receiver: `(x *T)`, `(T)`, `(x T[K])`.
            let mut k = 2;
            if h.word(k).is_some() && (h.is(k + 1, "*") || h.word(k + 1).is_some()) {
                k += 1;
            }
            if h.is(k, "*") {
                k += 1;
            }
            let container = h.word(k).ok_or(UNSURE)?;
            k += 1;
            if h.is(k, "[") {
                k = close_of(h.toks, k).ok_or(UNSURE)? + 1;
            }
            if k != close {
                return Err(UNSURE);
            }
            let name = h.word(close + 1).ok_or(UNSURE)?;
            if !(h.is(close + 2, "(") || h.is(close + 2, "[")) {
                return Err(UNSURE);
            }
            h.def(SymbolKind::Method, &format!("{container}.{name}"), false)
        }
        Some("func") => {
            let name = h.word(1).ok_or(UNSURE)?;
            let test = ["Test", "Benchmark", "Fuzz", "Example"]
                .iter()
                .any(|p| name.starts_with(p));
            h.def(SymbolKind::Function, name, test)
        }
        Some("type") => {
            let name = h.word(1).ok_or(UNSURE)?;
            match h.tok(2) {
                Some(Tok::Word("struct")) => h.def(SymbolKind::Struct, name, false),
                Some(Tok::Word("interface")) => h.def(SymbolKind::Interface, name, false),
                Some(Tok::Punct("[" | "(")) | None => Err(UNSURE),
                _ => Ok(Head::Plain),
            }
        }
        Some("var" | "const" | "import" | "package") => Ok(Head::Plain),
        _ => Err(UNSURE),
    }
}

// ---------------------------------------------------------------------------------------
// Java and C#

/// A method or constructor head after annotations and modifiers, from token `i`:
/// `Type name(` or `Name(`. `Plain` for fields and initialisers.
fn member_call_head(h: &Ctx, i: usize, generic_names: bool) -> Result<Head, Declined> {
    let Some(paren) = (i..h.toks.len()).find(|&k| h.is(k, "(")) else {
        return Ok(Head::Plain);
    };
    if (i..paren).any(|k| h.is(k, "=") || h.is(k, "=>")) {
        return Ok(Head::Plain);
    }
    let mut name_at = paren.checked_sub(1).filter(|&k| k >= i).ok_or(UNSURE)?;
    if generic_names && h.is(name_at, ">") {
        // `Name<T>(`: back to the `<` that opens the type parameters.
        let mut depth = 0;
        loop {
            if h.is(name_at, ">") {
                depth += 1;
            } else if h.is(name_at, "<") {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            name_at = name_at.checked_sub(1).filter(|&k| k > i).ok_or(UNSURE)?;
        }
        name_at -= 1;
    }
    let name = h.word(name_at).ok_or(UNSURE)?;
    if name_at > i && (h.is(name_at - 1, "operator") || h.is(name_at - 1, "~")) {
        return Ok(Head::Plain);
    }
    let type_ok = (i..name_at).all(|k| match h.tok(k) {
        Some(Tok::Word(w)) => !matches!(w, "new" | "return" | "throw" | "operator"),
        Some(Tok::Punct(p)) => matches!(p, "." | "<" | ">" | "," | "?" | "[" | "]" | "&"),
        _ => false,
    });
    if !type_ok {
        return Err(UNSURE);
    }
    h.def(SymbolKind::Method, name, false)
}

fn java(h: &Ctx) -> Result<Head, Declined> {
    let mut i = 0;
    let mut test = false;
    while h.is(i, "@") {
        if h.is(i + 1, "interface") {
            return Err(UNSURE);
        }
        let simple = h.word(i + 1).ok_or(UNSURE)?;
        i += 2;
        let mut qualified = false;
        while h.is(i, ".") && h.word(i + 1).is_some() {
            qualified = true;
            i += 2;
        }
        test |= !qualified
            && [
                "Test",
                "ParameterizedTest",
                "RepeatedTest",
                "TestFactory",
                "TestTemplate",
            ]
            .contains(&simple);
        if h.is(i, "(") {
            i = close_of(h.toks, i).ok_or(UNSURE)? + 1;
        }
    }
    while let Some(w) = h.word(i) {
        if matches!(
            w,
            "public"
                | "protected"
                | "private"
                | "static"
                | "final"
                | "abstract"
                | "synchronized"
                | "native"
                | "default"
                | "strictfp"
                | "transient"
                | "volatile"
                | "sealed"
        ) && h.tok(i + 1).is_some()
        {
            i += 1;
        } else if w == "non" && h.is(i + 1, "-") && h.is(i + 2, "sealed") {
            i += 3;
        } else {
            break;
        }
    }
    let name = |k: usize| h.word(k).unwrap_or("");
    let typed = match h.word(i) {
        Some("class") => Some(SymbolKind::Class),
        Some("interface") => Some(SymbolKind::Interface),
        Some("enum") => Some(SymbolKind::Enum),
        Some("record") if h.word(i + 1).is_some() => Some(SymbolKind::Class),
        _ => None,
    };
    if let Some(kind) = typed {
        return h.def(kind, name(i + 1), false);
    }
    match h.place {
        Place::Members(SymbolKind::Class | SymbolKind::Interface) => {
            match member_call_head(h, i, false)? {
                Head::Def { kind, name, .. } => Ok(Head::Def { kind, name, test }),
                other => Ok(other),
            }
        }
        Place::Body => Ok(Head::Plain),
        Place::Top if word_in(h.word(0), &["package", "import"]) => Ok(Head::Plain),
        _ => Err(UNSURE),
    }
}

const CSHARP_MODIFIERS: &[&str] = &[
    "public",
    "private",
    "protected",
    "internal",
    "static",
    "sealed",
    "abstract",
    "virtual",
    "override",
    "async",
    "partial",
    "readonly",
    "unsafe",
    "extern",
    "new",
    "const",
    "volatile",
    "required",
    "file",
];

const CSHARP_STATEMENTS: &[&str] = &[
    "return",
    "throw",
    "await",
    "yield",
    "if",
    "while",
    "for",
    "foreach",
    "switch",
    "using",
    "lock",
    "do",
    "try",
    "catch",
    "finally",
    "else",
    "var",
    "checked",
    "unchecked",
    "fixed",
    "goto",
    "break",
    "continue",
    "case",
    "default",
];

fn csharp(h: &Ctx) -> Result<Head, Declined> {
    let mut i = 0;
    let mut attributes: Vec<&str> = Vec::new();
    while h.is(i, "[") {
        let close = close_of(h.toks, i).ok_or(UNSURE)?;
        // Each comma-separated attribute; only a bare identifier counts as a name.
        let mut k = i + 1;
        while k < close {
            let w = h.word(k).ok_or(UNSURE)?;
            if h.is(k + 1, ":") {
                return Err(UNSURE);
            }
            if h.is(k + 1, "(") || h.is(k + 1, ",") || k + 1 == close {
                attributes.push(w);
            }
            // Skip to the next attribute of the list.
            let mut depth = 0;
            while k < close {
                match h.tok(k) {
                    Some(Tok::Punct("(" | "<" | "[")) => depth += 1,
                    Some(Tok::Punct(")" | ">" | "]")) => depth -= 1,
                    Some(Tok::Punct(",")) if depth == 0 => break,
                    _ => {}
                }
                k += 1;
            }
            k += 1;
        }
        i = close + 1;
    }
    if h.place == Place::Body {
        if attributes.is_empty() && word_in(h.word(0), CSHARP_STATEMENTS) {
            return Ok(Head::Plain);
        }
        // A call (`Log(x)`, `a.B(x)`) or an assignment; a local function declines.
        if plain_call(h) {
            return Ok(Head::Plain);
        }
        return match member_call_head(h, 0, true) {
            Ok(Head::Plain) => Ok(Head::Plain),
            _ => Err(UNSURE),
        };
    }
    while word_in(h.word(i), CSHARP_MODIFIERS) && h.tok(i + 1).is_some() {
        i += 1;
    }
    let has = |w: &str| attributes.contains(&w);
    let name = |k: usize| h.word(k).unwrap_or("");
    match h.word(i) {
        Some("namespace") => {
            if h.term != b'{' {
                return Ok(Head::Plain);
            }
            let last = h.toks.len() - 1;
            if last < i + 1 {
                return Err(UNSURE);
            }
            let qualified = (i + 1..=last).all(|k| h.word(k).is_some() || h.is(k, "."));
            if !qualified {
                return Err(UNSURE);
            }
            h.def(SymbolKind::Module, h.slice(i + 1, last), false)
        }
        Some("record") if word_in(h.word(i + 1), &["class", "struct"]) => Err(UNSURE),
        Some(w @ ("class" | "struct" | "interface" | "enum" | "record")) => {
            let kind = match w {
                "class" | "record" => SymbolKind::Class,
                "struct" => SymbolKind::Struct,
                "interface" => SymbolKind::Interface,
                _ => SymbolKind::Enum,
            };
            let test = kind == SymbolKind::Class && (has("TestFixture") || has("TestClass"));
            h.def(kind, name(i + 1), test)
        }
        Some("using") => Ok(Head::Plain),
        Some("delegate" | "event") => Ok(Head::Plain),
        _ => match h.place {
            Place::Members(SymbolKind::Class | SymbolKind::Struct | SymbolKind::Interface) => {
                match member_call_head(h, i, true)? {
                    Head::Def { kind, name, .. } => {
                        let test = [
                            "Fact",
                            "Theory",
                            "Test",
                            "TestCase",
                            "TestMethod",
                            "DataTestMethod",
                        ]
                        .iter()
                        .any(|a| has(a));
                        Ok(Head::Def { kind, name, test })
                    }
                    other => Ok(other),
                }
            }
            _ => Err(UNSURE),
        },
    }
}

/// `Name(...)` or `a.b.Name(...)`: a call, not a declaration.
fn plain_call(h: &Ctx) -> bool {
    let Some(paren) = (0..h.toks.len()).find(|&k| h.is(k, "(")) else {
        return false;
    };
    paren > 0
        && (0..paren).all(|k| (k % 2 == 0) == h.word(k).is_some() && (k % 2 == 0 || h.is(k, ".")))
}

// ---------------------------------------------------------------------------------------
// C and C++

const C_TYPE_WORDS: &[&str] = &[
    "void",
    "char",
    "short",
    "int",
    "long",
    "float",
    "double",
    "signed",
    "unsigned",
    "_Bool",
    "bool",
    "const",
    "volatile",
    "static",
    "inline",
    "extern",
    "register",
    "restrict",
    "auto",
    "_Noreturn",
    "__inline",
    "__inline__",
    "_Atomic",
];

const CPP_TYPE_WORDS: &[&str] = &["constexpr", "virtual", "explicit", "friend", "consteval"];

fn c_family(h: &Ctx, cpp: bool) -> Result<Head, Declined> {
    if h.is(0, "#") {
        // The parse's look past a comment treats some directives as preamble.
        return Err(UNSURE);
    }
    let mut i = 0;
    if cpp {
        if h.is(0, "template") {
            return Err(UNSURE);
        }
        if word_in(h.word(0), &["public", "private", "protected"]) && h.is(1, ":") {
            if h.follow {
                return Ok(Head::Plain);
            }
            i = 2;
        }
    }
    if h.place == Place::Call {
        return Err(UNSURE);
    }
    let first = h.word(i);
    if cpp {
        match first {
            Some("namespace") => {
                if h.term != b'{' {
                    return Ok(Head::Plain);
                }
                if i + 1 == h.toks.len() {
                    return Ok(Head::Transparent);
                }
                let last = h.toks.len() - 1;
                let qualified = (i + 1..=last).all(|k| h.word(k).is_some() || h.is(k, "::"));
                if !qualified || h.is(i + 1, "inline") {
                    return Err(UNSURE);
                }
                return h.def(SymbolKind::Module, h.slice(i + 1, last), false);
            }
            Some("extern") if matches!(h.tok(i + 1), Some(Tok::Str(_))) => {
                return if i + 2 == h.toks.len() && h.term == b'{' {
                    Ok(Head::Transparent)
                } else {
                    Err(UNSURE)
                };
            }
            Some("using" | "static_assert" | "friend") if h.term == b';' => return Ok(Head::Plain),
            Some("TEST" | "TEST_F" | "TEST_P" | "TYPED_TEST")
                if h.is(i + 1, "(") && h.term == b'{' =>
            {
                let ok = h.word(i + 2).is_some()
                    && h.is(i + 3, ",")
                    && h.word(i + 4).is_some()
                    && h.is(i + 5, ")")
                    && i + 6 == h.toks.len();
                return match (ok, h.word(i + 4)) {
                    (true, Some(name)) => h.def(SymbolKind::Test, name, true),
                    _ => Err(UNSURE),
                };
            }
            _ => {}
        }
    }
    let tagged = |w: Option<&str>| word_in(w, &["struct", "enum", "union", "class"]);
    let paren = (i..h.toks.len()).find(|&k| h.is(k, "("));
    if h.place == Place::Body {
        if (i..h.toks.len()).any(|k| tagged(h.word(k))) {
            return Err(UNSURE);
        }
        return Ok(Head::Plain);
    }
    let Some(paren) = paren else {
        return c_tagged_type(h, i, cpp);
    };
    if (i..paren).any(|k| h.is(k, "operator")) {
        return Err(UNSURE);
    }
    if (i..paren).any(|k| h.is(k, "=")) {
        return Ok(Head::Plain);
    }
    if h.term != b'{' {
        // A prototype, unless more follows its parameters (K&R parameter declarations
        // end in `;` before the body; `= default` makes a C++ definition).
        let close = close_of(h.toks, paren).ok_or(UNSURE)?;
        let prototype = (close + 1..h.toks.len()).all(|k| {
            word_in(
                h.word(k),
                &["const", "override", "final", "noexcept", "volatile", "0"],
            ) || h.is(k, "=")
                || h.is(k, "&")
        });
        return if prototype {
            Ok(Head::Plain)
        } else {
            Err(UNSURE)
        };
    }
    c_function(h, i, paren, cpp)
}

/// `struct Name {`, `typedef struct Name {`, `enum class Name : int {`, or plain data.
fn c_tagged_type(h: &Ctx, mut i: usize, cpp: bool) -> Result<Head, Declined> {
    while word_in(h.word(i), &["typedef", "static", "const"]) {
        i += 1;
    }
    let Some(tag) = h.word(i) else {
        return Err(UNSURE);
    };
    let kind = match tag {
        "struct" => SymbolKind::Struct,
        "enum" => SymbolKind::Enum,
        "class" if cpp => SymbolKind::Class,
        "union" if !cpp => return Ok(Head::Plain),
        _ => {
            let tagged = (i..h.toks.len())
                .any(|k| word_in(h.word(k), &["struct", "enum", "union", "class"]));
            return if tagged { Err(UNSURE) } else { Ok(Head::Plain) };
        }
    };
    i += 1;
    if kind == SymbolKind::Enum && cpp && word_in(h.word(i), &["class", "struct"]) {
        i += 1;
    }
    if h.term != b'{' {
        return Ok(Head::Plain);
    }
    let Some(name) = h.word(i) else {
        // An anonymous `struct {` has no name to capture.
        return if i == h.toks.len() {
            Ok(Head::Plain)
        } else {
            Err(UNSURE)
        };
    };
    let rest_ok = match h.tok(i + 1) {
        None => true,
        Some(Tok::Punct(":")) => cpp,
        Some(Tok::Word("final")) => cpp && (h.tok(i + 2).is_none() || h.is(i + 2, ":")),
        _ => false,
    };
    if !rest_ok || (!cpp && kind == SymbolKind::Enum && h.tok(i + 1).is_some()) {
        return Err(UNSURE);
    }
    h.def(kind, name, false)
}

/// `static int *name(params) {` and, in C++, `Type Class::name(params) const {`.
fn c_function(h: &Ctx, i: usize, paren: usize, cpp: bool) -> Result<Head, Declined> {
    if (i..paren).any(|k| h.is(k, "operator") || h.is(k, "<") && !cpp) {
        return Err(UNSURE);
    }
    let mut k = paren.checked_sub(1).filter(|&k| k >= i).ok_or(UNSURE)?;
    let name_end = k;
    h.word(k).ok_or(UNSURE)?;
    let mut qualified = false;
    while k >= i + 2 && h.is(k - 1, "::") && h.word(k - 2).is_some() && cpp {
        qualified = true;
        k -= 2;
    }
    let destructor = cpp && k > i && h.is(k - 1, "~");
    if destructor {
        k -= 1;
    }
    let name_start = k;
    // Pointer and reference declarators, as the query's three forms allow.
    let mut stars = 0;
    let mut refs = 0;
    while k > i && (h.is(k - 1, "*") || h.is(k - 1, "&")) {
        if h.is(k - 1, "*") {
            stars += 1;
        } else {
            refs += 1;
        }
        k -= 1;
    }
    let declarator_ok = match (stars, refs) {
        (0, 0) => true,
        (1, 0) => !destructor,
        (0, 1 | 2) => cpp && !destructor,
        _ => false,
    };
    if !declarator_ok {
        return Err(UNSURE);
    }
    // The type: known words and at most one other (possibly qualified, templated) name.
    let mut others = 0;
    let mut t = i;
    let known = |w: &str| C_TYPE_WORDS.contains(&w) || cpp && CPP_TYPE_WORDS.contains(&w);
    let mut typed = false;
    while t < k {
        match h.tok(t) {
            Some(Tok::Word(w)) if known(w) => {
                typed |= !matches!(w, "static" | "inline" | "extern" | "const" | "volatile");
                t += 1;
            }
            Some(Tok::Word("struct" | "enum" | "union" | "class")) if h.word(t + 1).is_some() => {
                typed = true;
                others += 1;
                t += 2;
            }
            Some(Tok::Word(_)) => {
                typed = true;
                others += 1;
                t += 1;
                while cpp && h.is(t, "::") && h.word(t + 1).is_some() {
                    t += 2;
                }
                if cpp && h.is(t, "<") {
                    t = close_of(h.toks, t).ok_or(UNSURE)? + 1;
                }
            }
            _ => return Err(UNSURE),
        }
    }
    if others > 1 {
        return Err(UNSURE);
    }
    let constructor =
        cpp && !typed && (qualified || destructor || matches!(h.place, Place::Members(_)));
    if !typed && !constructor {
        return Err(UNSURE);
    }
    // After the parameters: qualifiers, a trailing return type, an initialiser list.
    let close = close_of(h.toks, paren).ok_or(UNSURE)?;
    let mut a = close + 1;
    while a < h.toks.len() {
        match h.tok(a) {
            Some(Tok::Punct(":")) if cpp => break,
            Some(Tok::Word(w))
                if cpp && matches!(w, "const" | "noexcept" | "override" | "final" | "volatile") => {
            }
            Some(Tok::Punct("->")) if cpp => {}
            Some(Tok::Punct("&")) if cpp => {}
            Some(Tok::Word(_) | Tok::Punct("::" | "<" | ">" | "*" | ","))
                if cpp && a > close + 1 =>
            {
                // Part of a trailing return type.
                if !(close + 1..a).any(|x| h.is(x, "->")) {
                    return Err(UNSURE);
                }
            }
            _ => return Err(UNSURE),
        }
        a += 1;
    }
    let name = h.slice(name_start, name_end);
    let simple = !qualified && !destructor && stars == 0 && refs == 0;
    let test = simple && (name.starts_with("test_") || name.starts_with("Test"));
    h.def(SymbolKind::Function, name, test)
}

// ---------------------------------------------------------------------------------------
// JavaScript and TypeScript

const JS_STATEMENTS: &[&str] = &[
    "if", "for", "while", "do", "switch", "try", "catch", "finally", "return", "throw", "import",
    "else", "break", "continue", "await", "new", "yield", "delete", "typeof", "void", "case",
    "default",
];

const JS_MODIFIERS: &[&str] = &[
    "static",
    "async",
    "get",
    "set",
    "public",
    "private",
    "protected",
    "readonly",
    "abstract",
    "override",
];

fn js(h: &Ctx, ts: bool) -> Result<Head, Declined> {
    match h.place {
        Place::Members(SymbolKind::Class) => return js_member(h),
        Place::Members(_) => return Err(UNSURE),
        Place::Call => {
            // The callback of a test call: `"name", () =>` or `"name", function () `.
            let n = h.toks.len();
            let arrow = h.is(n - 1, "=>");
            let function = (0..n).any(|k| h.is(k, "function")) && h.is(n - 1, ")");
            return if matches!(h.tok(0), Some(Tok::Str(_))) && h.is(1, ",") && (arrow || function) {
                Ok(Head::Transparent)
            } else {
                Err(UNSURE)
            };
        }
        _ => {}
    }
    let mut i = 0;
    if h.is(i, "export") {
        i += 1;
        if h.is(i, "default") {
            i += 1;
        }
        if h.is(i, "{") || h.is(i, "*") || h.tok(i).is_none() {
            return Ok(Head::Plain);
        }
    }
    if h.is(i, "declare") {
        return Err(UNSURE);
    }
    if h.is(i, "async") && h.is(i + 1, "function") {
        i += 1;
    }
    let name = |k: usize| h.word(k).unwrap_or("");
    match h.word(i) {
        Some("function") => {
            let k = if h.is(i + 1, "*") { i + 2 } else { i + 1 };
            if h.is(k, "(") {
                return Ok(Head::Plain);
            }
            h.def(SymbolKind::Function, name(k), false)
        }
        Some("class") => h.def(SymbolKind::Class, name(i + 1), false),
        Some("abstract") if ts && h.is(i + 1, "class") => {
            h.def(SymbolKind::Class, name(i + 2), false)
        }
        Some("interface") if ts => h.def(SymbolKind::Interface, name(i + 1), false),
        Some("enum") if ts => h.def(SymbolKind::Enum, name(i + 1), false),
        Some("namespace" | "module") if ts && h.word(i + 1).is_some() => {
            let last = h.toks.len() - 1;
            let qualified = (i + 1..=last).all(|k| h.word(k).is_some() || h.is(k, "."));
            if !qualified || h.term != b'{' {
                return Err(UNSURE);
            }
            h.def(SymbolKind::Module, h.slice(i + 1, last), false)
        }
        Some("const" | "let" | "var") => js_declaration(h, i + 1),
        Some("type") if ts && h.word(i + 1).is_some() => Ok(Head::Plain),
        Some(w) if JS_STATEMENTS.contains(&w) => Ok(Head::Plain),
        Some(_) => js_expression(h, i),
        None if h.is(i, "(") => Ok(Head::Plain),
        None => Err(UNSURE),
    }
}

/// Whether the value starting at token `v` is a function or an arrow function; `None`
/// when unsure.
fn js_function_value(h: &Ctx, v: usize) -> Option<bool> {
    let mut k = v;
    if h.is(k, "async") {
        k += 1;
    }
    if h.is(k, "function") {
        return Some(true);
    }
    if h.word(k).is_some() && h.is(k + 1, "=>") {
        return Some(true);
    }
    if h.is(k, "(") {
        let close = close_of(h.toks, k)?;
        if h.is(close + 1, "=>") {
            return Some(true);
        }
        if h.is(close + 1, ":") {
            // A return type annotation: the arrow must follow somewhere.
            return (close + 2..h.toks.len())
                .any(|x| h.is(x, "=>"))
                .then_some(true);
        }
        return None;
    }
    if k > v || h.is(k, "<") || h.is(k, "class") {
        return None;
    }
    Some(false)
}

/// `const name = value` (`let`, `var`): a function when the value is one.
fn js_declaration(h: &Ctx, i: usize) -> Result<Head, Declined> {
    let Some(name) = h.word(i) else {
        return Ok(Head::Plain);
    };
    let mut depth = 0i32;
    let mut eq = None;
    for k in i + 1..h.toks.len() {
        match h.tok(k) {
            Some(Tok::Punct("(" | "[" | "<" | "{")) => depth += 1,
            Some(Tok::Punct(")" | "]" | ">" | "}")) => depth -= 1,
            Some(Tok::Punct(",")) if depth == 0 => return Err(UNSURE),
            Some(Tok::Punct("=")) if depth == 0 => {
                eq = Some(k);
                break;
            }
            _ => {}
        }
    }
    let Some(eq) = eq else {
        return Ok(Head::Plain);
    };
    match js_function_value(h, eq + 1) {
        Some(true) => h.def(SymbolKind::Function, name, false),
        Some(false) => Ok(Head::Plain),
        None => Err(UNSURE),
    }
}

/// An expression statement: `a.b = function`, `describe("x", () =>`, or a plain one.
fn js_expression(h: &Ctx, i: usize) -> Result<Head, Declined> {
    let mut k = i;
    let mut words = Vec::new();
    while let Some(w) = h.word(k) {
        words.push(w);
        if h.is(k + 1, ".") {
            k += 2;
        } else {
            k += 1;
            break;
        }
    }
    if h.is(k, "=") {
        if words.len() < 2 {
            return Ok(Head::Plain);
        }
        return match js_function_value(h, k + 1) {
            Some(true) => h.def(SymbolKind::Function, words[words.len() - 1], false),
            Some(false) => Ok(Head::Plain),
            None => Err(UNSURE),
        };
    }
    let test_callee =
        words.len() <= 2 && word_in(words.first().copied(), &["describe", "it", "test"]);
    if h.is(k, "(") && test_callee {
        return match (h.tok(k + 1), h.is(k + 2, ",")) {
            (Some(Tok::Str(s)), true) if !s.starts_with('`') => {
                h.def(SymbolKind::Test, &s[1..s.len() - 1], true)
            }
            _ => Err(UNSURE),
        };
    }
    if words.iter().any(|w| ["describe", "it", "test"].contains(w)) || h.is(k, "`") {
        return Err(UNSURE);
    }
    Ok(Head::Plain)
}

/// A class member: a method (`name(`, `static async name(`, `#name(`) or a field.
fn js_member(h: &Ctx) -> Result<Head, Declined> {
    let mut i = 0;
    while word_in(h.word(i), JS_MODIFIERS)
        && (h.word(i + 1).is_some() || h.is(i + 1, "#") || h.is(i + 1, "*") || h.is(i + 1, "["))
    {
        i += 1;
    }
    if word_in(h.word(i), &["declare", "accessor"]) && h.word(i + 1).is_some() {
        return Err(UNSURE);
    }
    if h.is(i, "*") {
        i += 1;
    }
    let name = if h.is(i, "#") {
        i += 1;
        format!("#{}", h.word(i).ok_or(UNSURE)?)
    } else {
        h.word(i).ok_or(UNSURE)?.to_string()
    };
    i += 1;
    if h.is(i, "?") {
        i += 1;
    }
    if h.is(i, "<") {
        i = close_of(h.toks, i).ok_or(UNSURE)? + 1;
    }
    if h.is(i, "(") {
        return h.def(SymbolKind::Method, &name, false);
    }
    Ok(Head::Plain)
}

/// An open `(` around an annotation: only `describe("name", ...`, `it(...`, `test(...`
/// (also `it.only(...`) are definitions that hold annotations.
pub(super) fn call_entry(lang: &str, text: &str, at: usize) -> Result<Head, Declined> {
    if !is_js(lang) {
        return Err(Declined("an annotation inside parentheses"));
    }
    let b = text.as_bytes();
    let mut s = at;
    while s > 0 && (b[s - 1].is_ascii_alphanumeric() || b[s - 1] == b'_' || b[s - 1] == b'.') {
        s -= 1;
    }
    let callee = &text[s..at];
    let mut parts = callee.split('.');
    let first = parts.next().unwrap_or("");
    let count = callee.split('.').count();
    if !["describe", "it", "test"].contains(&first) || count > 2 {
        return Err(Declined("an annotation inside a call"));
    }
    // The character before the callee must not continue an expression (`x.describe(`).
    if s > 0 && !b[s - 1].is_ascii_whitespace() && !b";{}(,".contains(&b[s - 1]) {
        return Err(UNSURE);
    }
    let rest = text[at + 1..].trim_start();
    let quote = rest.as_bytes().first().copied().ok_or(UNSURE)?;
    if quote != b'"' && quote != b'\'' {
        return Err(UNSURE);
    }
    let close = rest[1..].find(quote as char).ok_or(UNSURE)? + 1;
    let name = &rest[1..close];
    if name.contains(['\\', '\n']) || !rest[close + 1..].trim_start().starts_with(',') {
        return Err(UNSURE);
    }
    let name = name.trim_matches(['"', '\'', '`']);
    if name.is_empty() {
        return Err(UNSURE);
    }
    Ok(Head::Def {
        kind: SymbolKind::Test,
        name: name.to_string(),
        test: true,
    })
}
