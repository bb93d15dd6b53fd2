//! Is a body a JSON-RPC 2.0 message? Checked before a framework sees it.
//!
//! Requests with an id that are malformed get an `Invalid Request` error with that id;
//! notifications and responses are never answered (JSON-RPC forbids it), so those are
//! only logged. A body that is not JSON gets a `Parse error` with `"id": null`.

use super::repair;
use serde_json::{json, Value};

pub const PARSE_ERROR: i64 = -32700;
pub const INVALID_REQUEST: i64 = -32600;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Request,
    Notification,
    Response,
}

/// A body that is a JSON-RPC message.
#[derive(Debug)]
pub struct Valid {
    /// The body to forward, with lone surrogates repaired.
    pub body: Vec<u8>,
    pub value: Value,
    pub kind: Kind,
    /// How many lone surrogate escapes were replaced by U+FFFD.
    pub repaired: usize,
}

/// A body that is not one, and what to answer.
#[derive(Debug, PartialEq)]
pub struct Invalid {
    pub code: i64,
    pub reason: String,
    /// The id to answer with (`null` when it cannot be known); `None`: answer nothing.
    pub reply_to: Option<Value>,
}

impl Invalid {
    /// The error response to send, if any.
    pub fn reply(&self) -> Option<Vec<u8>> {
        let title = match self.code {
            PARSE_ERROR => "Parse error",
            _ => "Invalid request",
        };
        let id = self.reply_to.as_ref()?;
        Some(error_response(
            id,
            self.code,
            &format!("{title}: {}", self.reason),
        ))
    }
}

/// Implements: REQ-LSP-FRAMING
/// Repairs lone surrogates in `body`, parses it and checks its JSON-RPC shape.
/// serde_json's recursion limit (128) turns deep nesting into a parse error.
pub fn check(body: &[u8]) -> Result<Valid, Invalid> {
    let (body, repaired) = repair::lone_surrogates(body);
    let value: Value = serde_json::from_slice(&body).map_err(|e| Invalid {
        code: PARSE_ERROR,
        reason: format!("the body is not JSON ({e})"),
        reply_to: Some(Value::Null),
    })?;
    let kind = shape(&value)?;
    Ok(Valid {
        body: body.into_owned(),
        value,
        kind,
        repaired,
    })
}

/// A JSON-RPC error response.
pub fn error_response(id: &Value, code: i64, message: &str) -> Vec<u8> {
    let reply =
        json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code, "message": message } });
    serde_json::to_vec(&reply).expect("a JSON value serialises")
}

/// What JSON-RPC allows as an id (numbers should be integers, but may not be).
pub fn is_id(v: &Value) -> bool {
    matches!(v, Value::Number(_) | Value::String(_) | Value::Null)
}

fn shape(value: &Value) -> Result<Kind, Invalid> {
    let invalid = |reason: &str, reply_to: Option<Value>| Invalid {
        code: INVALID_REQUEST,
        reason: reason.to_string(),
        reply_to,
    };
    let Some(obj) = value.as_object() else {
        let what = match value {
            Value::Array(_) => "a JSON array (batches are not supported), not a message object",
            _ => "a JSON scalar, not a message object",
        };
        return Err(invalid(what, Some(Value::Null)));
    };
    let id = obj.get("id");
    // Who gets an answer: a request with a usable id gets it back; a wrong-typed id is
    // answered with null; a message without id is a notification or a response.
    let reply_to = id.map(|id| if is_id(id) { id.clone() } else { Value::Null });
    if obj.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        let reply = if obj.contains_key("method") {
            reply_to
        } else {
            None
        };
        return Err(invalid("\"jsonrpc\" must be \"2.0\"", reply));
    }
    if let Some(method) = obj.get("method") {
        if !method.is_string() {
            return Err(invalid("\"method\" must be a string", reply_to));
        }
        if id.is_some_and(|id| !is_id(id)) {
            return Err(invalid(
                "\"id\" must be a number, a string or null",
                reply_to,
            ));
        }
        if !matches!(
            obj.get("params"),
            None | Some(Value::Object(_) | Value::Array(_) | Value::Null)
        ) {
            return Err(invalid(
                "\"params\" must be an object or an array",
                reply_to,
            ));
        }
        return Ok(if id.is_some() {
            Kind::Request
        } else {
            Kind::Notification
        });
    }
    match (obj.get("result"), obj.get("error")) {
        (None, None) => Err(invalid(
            "neither a request (no \"method\") nor a response (no \"result\" or \"error\")",
            reply_to,
        )),
        (Some(_), Some(_)) => Err(invalid(
            "a response has \"result\" or \"error\", not both",
            None,
        )),
        _ if !id.is_some_and(is_id) => Err(invalid(
            "a response needs a number, string or null \"id\"",
            None,
        )),
        (None, Some(error)) if !is_error_object(error) => Err(invalid(
            "\"error\" must be an object with an integer \"code\" and a string \"message\"",
            None,
        )),
        _ => Ok(Kind::Response),
    }
}

fn is_error_object(error: &Value) -> bool {
    error.get("code").is_some_and(|c| c.as_i64().is_some())
        && error.get("message").is_some_and(Value::is_string)
}

#[cfg(test)]
// Verifies: REQ-LSP-FRAMING
mod tests {
    use super::*;

    fn kind(body: &str) -> Result<Kind, Invalid> {
        check(body.as_bytes()).map(|v| v.kind)
    }

    fn reply(body: &str) -> Option<Value> {
        let invalid = check(body.as_bytes()).expect_err("invalid");
        invalid.reply().map(|r| serde_json::from_slice(&r).unwrap())
    }

    #[test]
    fn messages_of_each_kind_pass() {
        assert_eq!(
            kind(r#"{"jsonrpc":"2.0","id":1,"method":"a","params":{}}"#),
            Ok(Kind::Request)
        );
        assert_eq!(
            kind(r#"{"jsonrpc":"2.0","id":"x","method":"a","params":null}"#),
            Ok(Kind::Request)
        );
        assert_eq!(
            kind(r#"{"jsonrpc":"2.0","method":"a","params":[1]}"#),
            Ok(Kind::Notification)
        );
        assert_eq!(
            kind(r#"{"jsonrpc":"2.0","id":1,"result":null}"#),
            Ok(Kind::Response)
        );
        assert_eq!(
            kind(r#"{"jsonrpc":"2.0","id":null,"error":{"code":-1,"message":"m"}}"#),
            Ok(Kind::Response)
        );
    }

    #[test]
    fn not_json_is_a_parse_error_with_a_null_id() {
        for body in ["{\"jsonrpc\":", "", "\u{1}", "{} {}"] {
            let r = reply(body).unwrap();
            assert_eq!(r["error"]["code"], PARSE_ERROR, "{body:?}");
            assert_eq!(r["id"], Value::Null);
        }
        let r = reply_bytes(b"{\"jsonrpc\":\"2.0\",\"method\":\"\xff\"}");
        assert_eq!(r["error"]["code"], PARSE_ERROR, "invalid UTF-8");
    }

    fn reply_bytes(body: &[u8]) -> Value {
        serde_json::from_slice(&check(body).unwrap_err().reply().unwrap()).unwrap()
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let invalid = check(deep.as_bytes()).unwrap_err();
        assert_eq!(invalid.code, PARSE_ERROR);
        assert!(
            invalid.reason.contains("recursion limit"),
            "{}",
            invalid.reason
        );
        let params = format!(
            r#"{{"jsonrpc":"2.0","id":3,"method":"m","params":{}1{}}}"#,
            "{\"a\":".repeat(200),
            "}".repeat(200)
        );
        assert_eq!(check(params.as_bytes()).unwrap_err().code, PARSE_ERROR);
        // 127 levels below the message object is still fine.
        let ok = format!(
            r#"{{"jsonrpc":"2.0","method":"m","params":{}{}}}"#,
            "[".repeat(126),
            "]".repeat(126)
        );
        assert_eq!(kind(&ok), Ok(Kind::Notification));
    }

    #[test]
    fn non_objects_are_invalid_requests_with_a_null_id() {
        for body in [
            "[]",
            r#"[{"jsonrpc":"2.0","id":1,"method":"a"}]"#,
            "3",
            "\"x\"",
            "null",
        ] {
            let r = reply(body).unwrap();
            assert_eq!(r["error"]["code"], INVALID_REQUEST, "{body}");
            assert_eq!(r["id"], Value::Null);
        }
    }

    #[test]
    fn a_bad_request_with_an_id_is_answered_with_that_id() {
        let r = reply(r#"{"jsonrpc":"2.0","id":7,"method":42}"#).unwrap();
        assert_eq!(
            (r["id"].clone(), r["error"]["code"].clone()),
            (json!(7), json!(INVALID_REQUEST))
        );
        assert!(r["error"]["message"]
            .as_str()
            .unwrap()
            .contains("\"method\" must be a string"));
        let r = reply(r#"{"jsonrpc":"1.0","id":"s","method":"m"}"#).unwrap();
        assert_eq!(r["id"], "s");
        let r = reply(r#"{"jsonrpc":"2.0","id":1,"method":"m","params":"p"}"#).unwrap();
        assert_eq!(r["id"], 1);
        // An id of the wrong type cannot be echoed meaningfully: null.
        let r = reply(r#"{"jsonrpc":"2.0","id":{"x":1},"method":"m"}"#).unwrap();
        assert_eq!(r["id"], Value::Null);
        let r = reply(r#"{"jsonrpc":"2.0","id":5}"#).unwrap();
        assert_eq!(r["id"], 5);
    }

    #[test]
    fn bad_notifications_and_responses_are_not_answered() {
        for body in [
            r#"{"jsonrpc":"2.0","method":42}"#,
            r#"{"method":"m"}"#,
            r#"{}"#,
            r#"{"jsonrpc":"2.0","id":1,"result":1,"error":{"code":1,"message":"m"}}"#,
            r#"{"jsonrpc":"2.0","result":1}"#,
            r#"{"jsonrpc":"2.0","id":[1],"result":1}"#,
            r#"{"jsonrpc":"2.0","id":1,"error":{"code":1.5,"message":"m"}}"#,
            r#"{"id":1,"result":1}"#,
        ] {
            assert_eq!(reply(body), None, "{body}");
        }
    }

    #[test]
    fn lone_surrogates_are_repaired_before_parsing() {
        let valid = check(br#"{"jsonrpc":"2.0","method":"m","params":{"t":"a\ud800b"}}"#).unwrap();
        assert_eq!(valid.repaired, 1);
        assert_eq!(valid.value["params"]["t"], "a\u{FFFD}b");
        let forwarded: Value = serde_json::from_slice(&valid.body).unwrap();
        assert_eq!(forwarded, valid.value);
    }
}
