//! The lenient walker from a YAML tree to a `Contract`, and the facts it contributes.

use super::yaml::{self, Node, Value};
use super::{Contract, Format, Operation, Parameter, PathItem, Response, METHODS};
use crate::catalog;
use crate::drift::fingerprint::{operation_content, Fingerprint};
use crate::facts::{DefKind, Definition, FileFacts, FileProblem, Link, Occurrence};
use crate::text::Range;

/// What reading a candidate file found.
pub enum Read {
    /// Not a contract (no top-level `openapi`/`swagger` key).
    NotContract,
    Contract(Contract),
    /// Looks like a contract but cannot be read: the message and where.
    Broken(FileProblem),
}

/// Implements: REQ-CONTRACT-READ
/// Reads `text` as a contract if it is one.
pub fn read(path: &str, text: &str) -> Read {
    let format = if path.ends_with(".json") {
        Format::Json
    } else {
        Format::Yaml
    };
    let root = match yaml::parse(text) {
        Ok(root) => root,
        Err(e) => {
            if !declares_contract(text) {
                return Read::NotContract;
            }
            return Read::Broken(FileProblem {
                code: catalog::INVALID_CONTRACT,
                range: Range {
                    start: e.at,
                    end: e.at,
                },
                message: format!("the API contract cannot be parsed: {}", e.message),
            });
        }
    };
    let (version_key, version) = match (root.entry("openapi"), root.entry("swagger")) {
        (Some((k, v)), _) | (None, Some((k, v))) => (k, v.str().unwrap_or_default().to_string()),
        (None, None) => return Read::NotContract,
    };
    let supported = version == "2.0" || version == "2" || version.starts_with('3');
    if !supported {
        return Read::Broken(FileProblem {
            code: catalog::INVALID_CONTRACT,
            range: version_key.range,
            message: format!(
                "unsupported contract version `{version}`: Swagger 2.0 and OpenAPI 3.0 to 3.2 are read"
            ),
        });
    }
    let is_swagger = root.get("swagger").is_some();
    let mut contract = Contract {
        version,
        format,
        base_paths: base_paths(&root, is_swagger),
        paths: Vec::new(),
        operations: Vec::new(),
        paths_key: root.entry("paths").map(|(k, _)| k.range),
    };
    if let Some(paths) = root.get("paths") {
        for (key, item) in paths.entries() {
            if !key.text.starts_with('/') {
                continue; // `x-` extensions under paths
            }
            contract.paths.push(PathItem {
                path: key.text.clone(),
                key: key.range,
                range: Range {
                    start: key.range.start,
                    end: item.range.end.max(key.range.end),
                },
            });
            read_path_item(&root, &key.text, key.range, item, &mut contract.operations);
        }
    }
    Read::Contract(contract)
}

/// A document that fails to parse is still reported when it plainly declares itself a
/// contract: a top-level `openapi:`/`swagger:` line (YAML) or key (JSON).
fn declares_contract(text: &str) -> bool {
    text.lines().take(200).any(|l| {
        let t = l.trim_start_matches(['{', ' ', '\t']);
        let indent = l.len() - l.trim_start().len();
        let key = t.trim_start_matches('"');
        (key.starts_with("openapi") || key.starts_with("swagger"))
            && key[7..]
                .trim_start_matches('"')
                .trim_start()
                .starts_with(':')
            && (indent == 0 || l.trim_start().starts_with('"') || l.starts_with('{'))
    })
}

/// The path parts of the server URLs (`https://h/v1` → `/v1`), with server variables
/// replaced by their defaults.
fn base_paths(root: &Node, is_swagger: bool) -> Vec<String> {
    let mut out = Vec::new();
    if is_swagger {
        if let Some(b) = root.get("basePath").and_then(Node::str) {
            out.push(b.to_string());
        }
        return normalize_bases(out);
    }
    for server in root.get("servers").map(Node::items).unwrap_or_default() {
        let Some(url) = server.get("url").and_then(Node::str) else {
            continue;
        };
        let mut url = url.to_string();
        for (name, var) in server
            .get("variables")
            .map(Node::entries)
            .unwrap_or_default()
        {
            if let Some(default) = var.get("default").and_then(Node::str) {
                url = url.replace(&format!("{{{}}}", name.text), default);
            }
        }
        out.push(url_path(&url).to_string());
    }
    normalize_bases(out)
}

fn normalize_bases(mut v: Vec<String>) -> Vec<String> {
    for b in &mut v {
        *b = b.trim_end_matches('/').to_string();
    }
    v.retain(|b| !b.is_empty());
    v.sort();
    v.dedup();
    v
}

/// The path of a URL: after `scheme://host`, or the whole string when relative.
fn url_path(url: &str) -> &str {
    match url.find("://") {
        Some(i) => {
            let rest = &url[i + 3..];
            rest.find('/').map_or("", |j| &rest[j..])
        }
        None => url,
    }
}

fn read_path_item(root: &Node, path: &str, path_key: Range, item: &Node, out: &mut Vec<Operation>) {
    let shared_params = parameters(root, item.get("parameters"));
    let shared_reqs = requirements(item.get("x-requirements"));
    for (key, op) in item.entries() {
        let method = key.text.to_ascii_lowercase();
        if !METHODS.contains(&method.as_str()) {
            continue;
        }
        let operation_id = op.entry("operationId");
        let id = match operation_id.and_then(|(_, v)| v.str()) {
            Some(oid) if !oid.trim().is_empty() => oid.trim().to_string(),
            _ => format!("{} {path}", method.to_uppercase()),
        };
        let mut params = shared_params.clone();
        for p in parameters(root, op.get("parameters")) {
            params.retain(|q| !(q.name == p.name && q.location == p.location));
            params.push(p);
        }
        let mut reqs = requirements(op.get("x-requirements"));
        if reqs.is_empty() {
            reqs = shared_reqs.clone();
        }
        out.push(Operation {
            id,
            method,
            path: path.to_string(),
            key: key.range,
            path_key,
            operation_id: operation_id.map(|(_, v)| v.range),
            summary: op.get("summary").and_then(Node::str).map(str::to_string),
            description: op
                .get("description")
                .and_then(Node::str)
                .map(str::to_string),
            parameters: params,
            responses: op
                .get("responses")
                .map(Node::entries)
                .unwrap_or_default()
                .iter()
                .filter(|(k, _)| !k.text.starts_with("x-"))
                .map(|(k, v)| Response {
                    code: k.text.clone(),
                    description: resolve(root, v)
                        .get("description")
                        .and_then(Node::str)
                        .map(str::to_string),
                })
                .collect(),
            requirements: reqs,
            extensions: op
                .entries()
                .iter()
                .filter(|(k, _)| k.text.starts_with("x-") && k.text != "x-requirements")
                .map(|(k, _)| k.text.clone())
                .collect(),
            deprecated: op.get("deprecated").and_then(Node::str) == Some("true"),
        });
    }
}

fn parameters(root: &Node, list: Option<&Node>) -> Vec<Parameter> {
    let mut out = Vec::new();
    for p in list.map(Node::items).unwrap_or_default() {
        let target = resolve(root, p);
        let (Some(name), Some(location)) = (
            target.get("name").and_then(Node::str),
            target.get("in").and_then(Node::str),
        ) else {
            continue;
        };
        out.push(Parameter {
            name: name.to_string(),
            location: location.to_string(),
            required: location == "path"
                || target.get("required").and_then(Node::str) == Some("true"),
            range: p.range,
        });
    }
    out
}

/// Follows a local `$ref` (`#/components/parameters/Id`), up to a few hops; a missing or
/// remote target leaves the node as it is.
fn resolve<'a>(root: &'a Node, node: &'a Node) -> &'a Node {
    let mut cur = node;
    for _ in 0..8 {
        let Some(r) = cur.get("$ref").and_then(Node::str) else {
            return cur;
        };
        let Some(pointer) = r.strip_prefix("#/") else {
            return cur;
        };
        let mut target = root;
        for part in pointer.split('/') {
            let part = part.replace("~1", "/").replace("~0", "~");
            match target.get(&part) {
                Some(t) => target = t,
                None => return cur,
            }
        }
        cur = target;
    }
    cur
}

/// `x-requirements: [REQ-1, REQ-2]`, a single `REQ-1`, or `REQ-1, REQ-2`.
fn requirements(node: Option<&Node>) -> Vec<Occurrence> {
    let Some(node) = node else {
        return Vec::new();
    };
    let scalars: Vec<&Node> = match &node.value {
        Value::Seq(items) => items.iter().collect(),
        Value::Scalar(Some(_)) => vec![node],
        _ => Vec::new(),
    };
    let mut out = Vec::new();
    for s in scalars {
        let Some(text) = s.str() else { continue };
        for id in text.split(',').map(str::trim).filter(|t| !t.is_empty()) {
            out.push(Occurrence {
                id: id.to_string(),
                range: s.range,
            });
        }
    }
    out
}

/// Adds a contract's items to `facts`: one definition per operation, one upstream link
/// per `x-requirements` entry.
pub fn add_facts(contract: Contract, facts: &mut FileFacts) {
    for op in &contract.operations {
        let content = operation_content(op);
        facts.definitions.push(Definition {
            id: op.id.clone(),
            title: op.summary.clone().unwrap_or_else(|| op.signature()),
            range: op.operation_id.unwrap_or(op.key),
            heading: op.key,
            level: 0,
            body: (0, 0),
            kind: DefKind::Operation {
                synthetic: op.operation_id.is_none(),
            },
            fingerprint: Fingerprint::of(&content),
            content,
        });
        for r in &op.requirements {
            facts.links.push(Link {
                from: op.id.clone(),
                to: r.clone(),
            });
        }
    }
    facts.contract = Some(Box::new(contract));
}

// Verifies: REQ-CONTRACT-READ
#[cfg(test)]
mod tests {
    use super::*;

    fn contract(path: &str, text: &str) -> Contract {
        match read(path, text) {
            Read::Contract(c) => c,
            Read::NotContract => panic!("not a contract"),
            Read::Broken(p) => panic!("broken: {}", p.message),
        }
    }

    const OAS31: &str = "openapi: 3.1.0
servers:
  - url: https://api.example.com/v1
  - url: '{scheme}://example.com/{base}'
    variables:
      base: {default: v2}
      scheme: {default: https}
paths:
  /payments/{paymentId}:
    parameters:
      - $ref: '#/components/parameters/PaymentId'
    get:
      operationId: getPayment
      summary: Fetch one payment
      x-requirements: [REQ-1, REQ-2]
      x-owner: payments
      responses:
        '200': {description: The payment}
        404:
          $ref: '#/components/responses/NotFound'
    delete:
      responses: {}
  x-internal: true
components:
  parameters:
    PaymentId: {name: paymentId, in: path, required: true}
  responses:
    NotFound: {description: No such payment}
";

    #[test]
    fn reads_operations_with_positions_refs_and_extensions() {
        let c = contract("api.yaml", OAS31);
        assert_eq!(c.version, "3.1.0");
        assert_eq!(c.base_paths, vec!["/v1", "/v2"]);
        assert_eq!(c.operations.len(), 2);
        let get = &c.operations[0];
        assert_eq!(get.id, "getPayment");
        assert_eq!(get.key.start.line, 11);
        assert_eq!(get.path_key.start.line, 8);
        assert_eq!(get.parameters.len(), 1);
        assert_eq!(get.parameters[0].name, "paymentId");
        assert_eq!(
            get.requirements
                .iter()
                .map(|r| r.id.as_str())
                .collect::<Vec<_>>(),
            ["REQ-1", "REQ-2"]
        );
        assert_eq!(get.extensions, ["x-owner"]);
        assert_eq!(get.responses[1].code, "404");
        assert_eq!(
            get.responses[1].description.as_deref(),
            Some("No such payment")
        );
        let delete = &c.operations[1];
        assert_eq!(delete.id, "DELETE /payments/{paymentId}");
        assert!(delete.requirements.is_empty());
    }

    #[test]
    fn swagger_base_path_and_json() {
        let text = r#"{
  "swagger": "2.0",
  "basePath": "/api/",
  "paths": {
    "/items": {
      "post": {"operationId": "addItem", "x-requirements": "REQ-9",
               "parameters": [{"name": "body", "in": "body"}]}
    }
  }
}"#;
        let c = contract("spec.json", text);
        assert_eq!(c.format, Format::Json);
        assert_eq!(c.base_paths, vec!["/api"]);
        let op = &c.operations[0];
        assert_eq!((op.id.as_str(), op.method.as_str()), ("addItem", "post"));
        assert_eq!(op.key.start.line, 5);
        assert_eq!(op.requirements[0].id, "REQ-9");
    }

    #[test]
    fn query_method_of_3_2_is_an_operation() {
        let c = contract(
            "a.yaml",
            "openapi: 3.2.0\npaths:\n  /search:\n    query:\n      responses: {}\n",
        );
        assert_eq!(c.operations[0].id, "QUERY /search");
    }

    #[test]
    fn other_yaml_is_not_a_contract_and_broken_contracts_are_reported() {
        assert!(matches!(
            read("a.yaml", "name: x\nopenapi_like: 1\n"),
            Read::NotContract
        ));
        assert!(matches!(
            read("a.yaml", "key: [unclosed\n"),
            Read::NotContract
        ));
        match read("a.yaml", "openapi: 3.0.3\npaths:\n  /a: [x\n  /b: {}\n") {
            Read::Broken(p) => {
                assert_eq!(p.code, catalog::INVALID_CONTRACT);
                assert!(p.range.start.line >= 2);
            }
            _ => panic!("expected a broken contract"),
        }
        match read(
            "a.json",
            "{\n  \"openapi\": \"3.0.3\",\n  \"paths\": {\n    \"/a\": {}\n    \"/b\": {}\n  }\n}",
        ) {
            Read::Broken(p) => assert_eq!(p.range.start.line, 4),
            _ => panic!("expected a broken contract"),
        }
        match read("a.yaml", "openapi: 4.0.0\npaths: {}\n") {
            Read::Broken(p) => assert!(p.message.contains("unsupported")),
            _ => panic!("expected an unsupported version"),
        }
    }
}
