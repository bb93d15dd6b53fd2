//! Framework roots kept in configuration files of the repository: Spring's
//! `server.servlet.context-path`, Quarkus's `quarkus.resteasy.path` / `quarkus.rest.path`
//! and `quarkus.http.root-path`, in `application.properties` or `application.yml`.
//! Profile files (`application-dev.yml`) are not read: which profile runs is only known at
//! run time.

use super::{PathExpr, RouteFacts};

/// Keys whose values prefix every Java controller or resource, outermost first.
const ROOT_KEYS: &[&str] = &[
    "quarkus.http.root-path",
    "server.servlet.context-path",
    "server.context-path",
    "spring.mvc.servlet.path",
    "quarkus.resteasy.path",
    "quarkus.resteasy-reactive.path",
    "quarkus.rest.path",
];

/// Whether the file at `rel` is a configuration file that may hold framework roots.
pub fn is_route_config(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    matches!(
        name,
        "application.properties" | "application.yml" | "application.yaml"
    )
}

/// Implements: REQ-ROUTES-FULL-PATH
/// The roots a configuration file sets, as global prefixes of Java routes.
pub fn read(rel: &str, text: &str) -> Option<RouteFacts> {
    let values = if rel.ends_with(".properties") {
        properties(text)
    } else {
        yaml_scalars(text)
    };
    let mut facts = RouteFacts {
        applies_to: Some("java".to_string()),
        ..RouteFacts::default()
    };
    for key in ROOT_KEYS {
        if let Some((_, v)) = values.iter().find(|(k, _)| k == key) {
            // `${API_ROOT:/api}`: an environment variable with a default is only known at
            // run time.
            let expr = if v.contains("${") {
                PathExpr::Expr(v.clone())
            } else {
                PathExpr::Lit(v.clone())
            };
            facts.global_prefixes.push(expr);
        }
    }
    (!facts.global_prefixes.is_empty()).then_some(facts)
}

/// `key=value` and `key: value` lines of a `.properties` file.
fn properties(text: &str) -> Vec<(String, String)> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.starts_with(['#', '!']))
        .filter_map(|l| {
            let i = l.find(['=', ':'])?;
            Some((l[..i].trim().to_string(), unquote(l[i + 1..].trim())))
        })
        .collect()
}

/// Scalars of a block-style YAML map, flattened to dotted keys
/// (`server:\n  servlet:\n    context-path: /api` is `server.servlet.context-path`).
/// Only the first document is read (later ones are usually profiles).
fn yaml_scalars(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack: Vec<(usize, String)> = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with("---") && !out.is_empty() {
            break;
        }
        let content = line.split(" #").next().unwrap_or(line);
        let trimmed = content.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with('-') {
            continue;
        }
        let indent = content.len() - content.trim_start().len();
        let Some((key, value)) = trimmed.split_once(':') else {
            continue;
        };
        while stack.last().is_some_and(|(i, _)| *i >= indent) {
            stack.pop();
        }
        let key = key.trim().trim_matches(['"', '\'']).to_string();
        let full = stack
            .iter()
            .map(|(_, k)| k.as_str())
            .chain([key.as_str()])
            .collect::<Vec<_>>()
            .join(".");
        let value = value.trim();
        if value.is_empty() {
            stack.push((indent, key));
        } else {
            out.push((full, unquote(value)));
        }
    }
    out
}

fn unquote(v: &str) -> String {
    v.trim_matches(['"', '\'']).to_string()
}

// Verifies: REQ-ROUTES-FULL-PATH
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spring_and_quarkus_roots_in_properties_and_yaml() {
        let p = read(
            "src/main/resources/application.properties",
            "# comment\nserver.port=8080\nserver.servlet.context-path=/api\n",
        )
        .unwrap();
        assert_eq!(p.global_prefixes, [PathExpr::Lit("/api".into())]);
        let y = read(
            "src/main/resources/application.yml",
            "server:\n  port: 8080\n  servlet:\n    context-path: \"/shop\" # root\nspring:\n  application:\n    name: shop\n",
        )
        .unwrap();
        assert_eq!(y.global_prefixes, [PathExpr::Lit("/shop".into())]);
        let q = read(
            "application.properties",
            "quarkus.http.root-path=/svc\nquarkus.resteasy.path=/rest\n",
        )
        .unwrap();
        assert_eq!(
            q.global_prefixes,
            [PathExpr::Lit("/svc".into()), PathExpr::Lit("/rest".into())]
        );
        let env = read(
            "application.properties",
            "server.servlet.context-path=${ROOT:/x}\n",
        )
        .unwrap();
        assert!(matches!(env.global_prefixes[0], PathExpr::Expr(_)));
        assert!(read("application.yml", "spring:\n  name: x\n").is_none());
        assert!(is_route_config("src/main/resources/application.yaml"));
        assert!(!is_route_config("src/main/resources/application-dev.yml"));
    }
}
