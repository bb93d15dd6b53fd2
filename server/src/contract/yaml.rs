//! A small positioned tree over YAML (and therefore JSON, which YAML 1.2 contains),
//! built from saphyr's marked nodes. Every node keeps its source range, so contract
//! diagnostics and go-to-definition land on the right line.

use crate::text::{Pos, Range};
use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};

/// A YAML value with its range.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub range: Range,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Any scalar, as text (`200`, `true`, `"GET"`); `None` for null.
    Scalar(Option<String>),
    Seq(Vec<Node>),
    /// Keys in document order, each with its own range.
    Map(Vec<(Key, Node)>),
    /// An alias or tagged value we do not interpret.
    Other,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub text: String,
    pub range: Range,
}

/// A parse error with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    pub at: Pos,
    pub message: String,
}

impl Node {
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|(_, v)| v)
    }

    pub fn entry(&self, key: &str) -> Option<(&Key, &Node)> {
        match &self.value {
            Value::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.text == key)
                .map(|(k, v)| (k, v)),
            _ => None,
        }
    }

    pub fn entries(&self) -> &[(Key, Node)] {
        match &self.value {
            Value::Map(entries) => entries,
            _ => &[],
        }
    }

    pub fn items(&self) -> &[Node] {
        match &self.value {
            Value::Seq(items) => items,
            _ => &[],
        }
    }

    pub fn str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar(Some(s)) => Some(s),
            _ => None,
        }
    }
}

/// Parses the first document of `text`. Columns in the result are byte columns.
pub fn parse(text: &str) -> Result<Node, ParseError> {
    let cols = ColumnMap::new(text);
    match MarkedYaml::load_from_str(text) {
        Ok(docs) => match docs.into_iter().next() {
            Some(doc) => Ok(convert(&doc, &cols)),
            None => Ok(Node {
                range: Range::default(),
                value: Value::Scalar(None),
            }),
        },
        Err(e) => {
            let m = e.marker();
            Err(ParseError {
                at: cols.pos(m.line(), m.col()),
                message: e.info().to_string(),
            })
        }
    }
}

fn convert(node: &MarkedYaml<'_>, cols: &ColumnMap) -> Node {
    let range = Range {
        start: cols.pos(node.span.start.line(), node.span.start.col()),
        end: cols.pos(node.span.end.line(), node.span.end.col()),
    };
    let value = match &node.data {
        YamlData::Value(s) => Value::Scalar(scalar_text(s)),
        YamlData::Representation(s, _, _) => Value::Scalar(Some(s.to_string())),
        YamlData::Sequence(items) => Value::Seq(items.iter().map(|n| convert(n, cols)).collect()),
        YamlData::Mapping(map) => Value::Map(
            map.iter()
                .map(|(k, v)| {
                    let key = convert(k, cols);
                    let text = match &key.value {
                        Value::Scalar(Some(s)) => s.clone(),
                        _ => String::new(),
                    };
                    (
                        Key {
                            text,
                            range: key.range,
                        },
                        convert(v, cols),
                    )
                })
                .collect(),
        ),
        _ => Value::Other,
    };
    Node { range, value }
}

fn scalar_text(s: &Scalar<'_>) -> Option<String> {
    Some(match s {
        Scalar::Null => return None,
        Scalar::Boolean(b) => b.to_string(),
        Scalar::Integer(i) => i.to_string(),
        Scalar::FloatingPoint(f) => f.to_string(),
        Scalar::String(s) => s.to_string(),
    })
}

/// saphyr reports 1-based lines and character columns; we keep byte columns. Lines that
/// are pure ASCII (nearly all of a contract) need no conversion.
struct ColumnMap<'t> {
    lines: Vec<&'t str>,
}

impl<'t> ColumnMap<'t> {
    fn new(text: &'t str) -> Self {
        ColumnMap {
            lines: text.split('\n').collect(),
        }
    }

    fn pos(&self, line1: usize, char_col: usize) -> Pos {
        let line = line1.saturating_sub(1);
        let text = self.lines.get(line).copied().unwrap_or("");
        let col = if text.is_ascii() {
            char_col.min(text.len())
        } else {
            text.char_indices()
                .nth(char_col)
                .map_or(text.len(), |(b, _)| b)
        };
        Pos {
            line: line as u32,
            col: col as u32,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_values_keep_byte_positions() {
        let doc = parse("openapi: 3.1.0\npaths:\n  /a/{id}:\n    get:\n      x: é\n").unwrap();
        let (k, paths) = doc.entry("paths").unwrap();
        assert_eq!(k.range.start, Pos { line: 1, col: 0 });
        let (pk, _) = &paths.entries()[0];
        assert_eq!(pk.text, "/a/{id}");
        assert_eq!(pk.range.start, Pos { line: 2, col: 2 });
        assert_eq!(doc.get("openapi").unwrap().str(), Some("3.1.0"));
    }

    #[test]
    fn json_is_read_as_yaml() {
        let doc =
            parse("{\n  \"swagger\": \"2.0\",\n  \"paths\": {\"/x\": {\"get\": {}}}\n}").unwrap();
        assert_eq!(doc.get("swagger").unwrap().str(), Some("2.0"));
        let (k, _) = doc.get("paths").unwrap().entry("/x").unwrap();
        assert_eq!(k.range.start.line, 2);
    }

    #[test]
    fn errors_carry_a_position() {
        let e = parse("openapi: 3.1.0\npaths:\n  /a: [x, y\n  /b: 1\n").unwrap_err();
        assert!(e.at.line >= 2, "{e:?}");
        assert!(!e.message.is_empty());
    }

    #[test]
    fn non_ascii_columns_become_byte_columns() {
        let doc = parse("é: {ü: 1}\n").unwrap();
        let inner = doc.get("é").unwrap();
        assert_eq!(inner.entries()[0].0.range.start, Pos { line: 0, col: 5 });
    }
}
