//! JUnit XML as the common producers write it (pytest, jest-junit, Vitest, gotestsum and
//! go-junit-report, Maven Surefire, cargo-nextest, the .NET JUnit logger, GoogleTest):
//! `<testsuites>` or a lone `<testsuite>`, suites nested at any depth, `<testcase>` with
//! `classname`/`name`/`file`/`time`, and `<failure>`, `<error>`, `<skipped>` children.
//! docs/evidence.md lists what each producer writes.
//!
//! Read with quick-xml's event reader, which gives byte positions for errors; this module
//! only interprets the few elements above and ignores the rest (`<properties>`,
//! `<system-out>`, Surefire's `<flakyFailure>` of a test that passed on a rerun).

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use serde::Serialize;

/// How one test case ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    Passed,
    Skipped,
    /// `<failure>`: an assertion failed.
    Failed,
    /// `<error>`: the test raised or crashed outside an assertion.
    Errored,
}

impl Outcome {
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Passed => "passed",
            Outcome::Skipped => "skipped",
            Outcome::Failed => "failed",
            Outcome::Errored => "errored",
        }
    }

    pub fn is_failure(self) -> bool {
        matches!(self, Outcome::Failed | Outcome::Errored)
    }
}

/// One `<testcase>` as written.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TestCase {
    /// `name`: the function, method, `it` title or `describe › it` path.
    pub name: String,
    /// `classname`, else the enclosing suite's `name`: module, class, package or file.
    pub classname: String,
    /// `file`, of the case or of an enclosing suite, as written (some producers only).
    pub file: Option<String>,
    pub outcome: Outcome,
    /// The `message` attribute of the failure, error or skip, else its text's first line.
    pub message: Option<String>,
    /// `time`, in seconds.
    pub duration: Option<f64>,
    /// 1-based line of the `<testcase>` element in the results file.
    pub line: u32,
}

/// Why a results file cannot be used, with the 1-based line and byte column where that
/// shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParseError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// The longest message kept per case; the full text is in the results file.
const MAX_MESSAGE: usize = 500;

/// Parses one JUnit XML document. Any XML error, or a document that ends inside an
/// element (a truncated file), is an error: partial results could hide a failure.
/// Implements: REQ-EVIDENCE-JUNIT
pub fn parse(data: &[u8]) -> Result<Vec<TestCase>, ParseError> {
    let text = std::str::from_utf8(data).map_err(|e| {
        let at = position(data, e.valid_up_to());
        ParseError {
            message: "not valid UTF-8".to_string(),
            ..at
        }
    })?;
    let mut reader = Reader::from_str(text);
    let mut state = State::default();
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| ParseError {
            message: e.to_string(),
            ..position(data, reader.error_position() as usize)
        })?;
        match event {
            Event::Start(e) => state.open(&e, before, data, false)?,
            Event::Empty(e) => state.open(&e, before, data, true)?,
            Event::End(_) => state.close(),
            Event::Text(t) => state.text(&t.xml10_content().unwrap_or_default()),
            Event::CData(t) => state.text(&t.decode().unwrap_or_default()),
            Event::GeneralRef(r) => {
                let name = r.decode().unwrap_or_default();
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    state.text(c.encode_utf8(&mut [0; 4]));
                } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&name) {
                    state.text(s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(open) = state.stack.last() {
        let at = position(data, data.len());
        return Err(ParseError {
            message: format!(
                "the file ends inside <{}> opened at line {} (truncated?)",
                open.name, open.line
            ),
            ..at
        });
    }
    if !state.seen_root {
        return Err(ParseError {
            message: "no <testsuites> or <testsuite> element: not a JUnit XML report".into(),
            ..position(data, 0)
        });
    }
    Ok(state.cases)
}

#[derive(Default)]
struct State {
    stack: Vec<Open>,
    /// Names and files of the enclosing suites, innermost last.
    suites: Vec<(String, Option<String>)>,
    cases: Vec<TestCase>,
    /// The case being read, with its result element's text so far.
    current: Option<TestCase>,
    result_text: Option<String>,
    seen_root: bool,
}

struct Open {
    name: String,
    line: u32,
}

impl State {
    fn open(
        &mut self,
        e: &BytesStart,
        at: usize,
        data: &[u8],
        empty: bool,
    ) -> Result<(), ParseError> {
        let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
        let line = position(data, at).line;
        let attr = |key: &str| -> Result<Option<String>, ParseError> {
            match e.try_get_attribute(key) {
                Ok(Some(a)) => a
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map(|v| Some(v.into_owned()))
                    .map_err(|err| ParseError {
                        message: format!("attribute `{key}`: {err}"),
                        ..position(data, at)
                    }),
                Ok(None) => Ok(None),
                Err(err) => Err(ParseError {
                    message: err.to_string(),
                    ..position(data, at)
                }),
            }
        };
        match name.as_str() {
            "testsuites" => self.seen_root = true,
            "testsuite" => {
                self.seen_root = true;
                let suite = attr("name")?.unwrap_or_default();
                let file = attr("file")?.or_else(|| self.suites.last().and_then(|s| s.1.clone()));
                if !empty {
                    self.suites.push((suite, file));
                }
            }
            "testcase" if self.current.is_none() => {
                let (suite, suite_file) = self.suites.last().cloned().unwrap_or_default();
                // GoogleTest marks a disabled test `status="notrun"` (newer versions
                // also write `result="skipped"`).
                let skipped = attr("status")?.as_deref() == Some("notrun")
                    || attr("result")?.as_deref() == Some("skipped");
                let case = TestCase {
                    name: attr("name")?.unwrap_or_default(),
                    classname: attr("classname")?
                        .filter(|c| !c.is_empty())
                        .unwrap_or(suite),
                    file: attr("file")?.or(suite_file),
                    outcome: if skipped {
                        Outcome::Skipped
                    } else {
                        Outcome::Passed
                    },
                    message: None,
                    duration: attr("time")?.and_then(|t| t.trim().replace(',', "").parse().ok()),
                    line,
                };
                if empty {
                    self.cases.push(case);
                } else {
                    self.current = Some(case);
                }
            }
            "failure" | "error" | "skipped" => {
                if let Some(case) = self.current.as_mut() {
                    let outcome = match name.as_str() {
                        "failure" => Outcome::Failed,
                        "error" => Outcome::Errored,
                        _ => Outcome::Skipped,
                    };
                    // The worst result wins when a case has several, with its message.
                    if outcome >= case.outcome {
                        case.outcome = outcome;
                        case.message = attr("message")?
                            .filter(|m| !m.trim().is_empty())
                            .map(|m| clip(&m));
                        if !empty && case.message.is_none() {
                            self.result_text = Some(String::new());
                        }
                    }
                }
            }
            _ => {}
        }
        if !empty {
            self.stack.push(Open { name, line });
        }
        Ok(())
    }

    fn close(&mut self) {
        let Some(open) = self.stack.pop() else {
            return;
        };
        match open.name.as_str() {
            "testsuite" => {
                self.suites.pop();
            }
            "testcase" => {
                if let Some(case) = self.current.take() {
                    self.cases.push(case);
                }
            }
            "failure" | "error" | "skipped" => {
                if let (Some(text), Some(case)) = (self.result_text.take(), self.current.as_mut()) {
                    if let Some(first) = text.lines().map(str::trim).find(|l| !l.is_empty()) {
                        case.message = Some(clip(first));
                    }
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, s: &str) {
        if let Some(t) = self.result_text.as_mut() {
            if t.len() < 4 * MAX_MESSAGE {
                t.push_str(s);
            }
        }
    }
}

fn clip(s: &str) -> String {
    let s = s.trim();
    if s.len() <= MAX_MESSAGE {
        return s.to_string();
    }
    let mut end = MAX_MESSAGE;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

/// 1-based line and byte column of byte `offset` (outputs convert columns to characters
/// with the line at hand, as for every finding).
fn position(data: &[u8], offset: usize) -> ParseError {
    let offset = offset.min(data.len());
    let before = &data[..offset];
    let line = memchr::memchr_iter(b'\n', before).count() as u32 + 1;
    let start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    let column = (offset - start) as u32 + 1;
    ParseError {
        line,
        column,
        message: String::new(),
    }
}

#[cfg(test)]
mod tests;
