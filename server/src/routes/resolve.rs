//! Resolving a route's receiver to a router the way a reader would: a router object at
//! that expression, a variable bound to one (innermost scope first), a function that
//! returns or receives one, or an import naming another file's router.

use super::literals::{paths_of, unquote};
use super::{ConstRef, NodeRef, PathExpr};
use crate::languages::RouteSyntax;
use rustc_hash::FxHashMap as HashMap;
use tree_sitter::Node;

#[derive(Default)]
pub(super) struct RouterDef<'t> {
    pub(super) node: Option<Node<'t>>,
    pub(super) name: Option<String>,
    pub(super) export: Option<String>,
    pub(super) prefix: Option<Node<'t>>,
    pub(super) parent: Option<Node<'t>>,
    pub(super) scope: Option<(usize, usize)>,
    pub(super) is_class: bool,
    pub(super) inferred: bool,
    pub(super) framework: &'static str,
}

pub(super) struct Binding<'t> {
    pub(super) name: String,
    pub(super) value: Node<'t>,
    /// Byte range where the name is visible.
    pub(super) scope: (usize, usize),
    pub(super) declared_at: usize,
    pub(super) exported: bool,
    /// Go: the receiver type of a method (`AccountResource` for
    /// `func (rs *AccountResource) router() *chi.Mux`).
    pub(super) receiver: Option<String>,
}

pub(super) struct Import {
    pub(super) local: String,
    pub(super) module: String,
    pub(super) name: Option<String>,
}

pub(super) struct Resolver<'a, 't> {
    pub(super) text: &'a str,
    pub(super) syntax: RouteSyntax,
    pub(super) routers: &'a [RouterDef<'t>],
    pub(super) router_at: &'a HashMap<(usize, usize), usize>,
    pub(super) bindings: &'a [Binding<'t>],
    pub(super) imports: &'a [Import],
}

impl<'t> Resolver<'_, 't> {
    pub(super) fn resolve(&self, node: Node<'t>, depth: u32) -> Option<NodeRef> {
        if depth > 16 {
            return None;
        }
        if let Some(&i) = self.router_at.get(&(node.start_byte(), node.end_byte())) {
            return Some(NodeRef::Local(i as u32));
        }
        let kind = node.kind();
        let s = self.syntax;
        if s.is_identifier(kind) {
            return self.resolve_name(&self.text[node.byte_range()], node.start_byte(), depth);
        }
        if let Some(field) = s.call_function_field(kind) {
            let function = node.child_by_field_name(field)?;
            if let Some((object, name)) = s.member_parts(function) {
                // `pkg.Func()` names a function of an imported module; `obj.method()` is a
                // method chain whose router is `obj`.
                let qualifier = &self.text[object.byte_range()];
                if s.is_identifier(object.kind()) && self.import(qualifier).is_some() {
                    return Some(self.qualified(qualifier, &self.text[name.byte_range()]));
                }
                let on = self.resolve(object, depth + 1);
                // Go: `a.Accounts.router()`, `api.Router()` on a value that is no router of
                // this file is a method that returns one, found by name (and receiver).
                if s == RouteSyntax::Go && !matches!(on, Some(NodeRef::Local(_))) {
                    let hint = match on {
                        Some(NodeRef::External {
                            module: Some(m), ..
                        }) => format!("pkg:{m}"),
                        _ => {
                            let t = &self.text[object.byte_range()];
                            t.rsplit('.').next().unwrap_or(t).to_string()
                        }
                    };
                    return Some(NodeRef::External {
                        module: None,
                        name: self.text[name.byte_range()].to_string(),
                        hint: Some(hint),
                    });
                }
                return on;
            }
            if s.is_identifier(function.kind()) {
                return self.resolve_name(&self.text[function.byte_range()], usize::MAX, depth);
            }
            if let Some((q, name)) = s.qualified_parts(function) {
                return Some(
                    self.qualified(&self.text[q.byte_range()], &self.text[name.byte_range()]),
                );
            }
            return None;
        }
        if let Some((object, name)) = s.member_parts(node).or_else(|| s.qualified_parts(node)) {
            let qualifier = &self.text[object.byte_range()];
            if !s.is_identifier(object.kind()) && !s.is_qualified(object.kind()) {
                return None;
            }
            // `router.urls` of a router of this file (Django REST framework) is that router.
            if s.is_identifier(object.kind()) && self.import(qualifier).is_none() {
                if let Some(r @ NodeRef::Local(_)) =
                    self.resolve_name(qualifier, object.start_byte(), depth + 1)
                {
                    return Some(r);
                }
            }
            return Some(self.qualified(qualifier, &self.text[name.byte_range()]));
        }
        // `(router)`, `await x`, `&mut cfg`, `new X()`: look through one wrapper.
        let mut c = node.walk();
        let named: Vec<Node> = node.named_children(&mut c).collect();
        match named.as_slice() {
            [only] => self.resolve(*only, depth + 1),
            // A struct literal that wraps a router (`&router{chi: chi.NewRouter()}`, a local
            // wrapper type) stands for the router it holds.
            _ if is_struct_literal(kind) => named
                .iter()
                .filter_map(|n| self.resolve(*n, depth + 1))
                .find(|r| matches!(r, NodeRef::Local(_))),
            _ => None,
        }
    }

    /// Implements: REQ-ROUTES-GO
    /// The paths a path argument holds: a literal, a variable or constant of this file
    /// bound to one, or an expression; expressions naming another file's constant are
    /// recorded in `refs` for composition.
    pub(super) fn paths(&self, node: Node<'t>, refs: &mut Vec<ConstRef>) -> Vec<PathExpr> {
        let out = paths_of(self.text, node);
        if !matches!(out.as_slice(), [PathExpr::Expr(_)]) {
            return out;
        }
        if let Some(lit) = self.constant(node) {
            return vec![PathExpr::Lit(lit)];
        }
        if let Some(r) = self.const_ref(node) {
            if !refs.contains(&r) {
                refs.push(r);
            }
        }
        out
    }

    /// The string a name of this file is bound to (`prefix := "/api"`, `const Base = "/x"`).
    fn constant(&self, node: Node<'t>) -> Option<String> {
        if !self.syntax.is_identifier(node.kind()) {
            return None;
        }
        let name = &self.text[node.byte_range()];
        let b = self.binding(name, node.start_byte())?;
        unquote(self.text[b.value.byte_range()].trim())
    }

    /// `pkg.Name` through an import, an imported bare name, or (Go) a bare name of the
    /// same package.
    fn const_ref(&self, node: Node<'t>) -> Option<ConstRef> {
        let s = self.syntax;
        let text = self.text[node.byte_range()].to_string();
        if s.is_identifier(node.kind()) {
            if let Some(imp) = self.import(&text) {
                return Some(ConstRef {
                    module: Some(imp.module.clone()),
                    name: imp.name.clone().unwrap_or_else(|| text.clone()),
                    text,
                });
            }
            return (s == RouteSyntax::Go).then(|| ConstRef {
                module: None,
                name: text.clone(),
                text,
            });
        }
        let (object, name) = s.member_parts(node).or_else(|| s.qualified_parts(node))?;
        let imp = self.import(&self.text[object.byte_range()])?;
        let module = match &imp.name {
            Some(sub) => format!("{}{}{sub}", imp.module, s.module_separator()),
            None => imp.module.clone(),
        };
        Some(ConstRef {
            module: Some(module),
            name: self.text[name.byte_range()].to_string(),
            text,
        })
    }

    /// A bare name at byte `at`: a router parameter or class in scope, a variable in
    /// scope, a function of this file, an import, or else a workspace-wide name.
    fn resolve_name(&self, name: &str, at: usize, depth: u32) -> Option<NodeRef> {
        let innermost_router = self
            .routers
            .iter()
            .enumerate()
            .filter(|(_, r)| r.name.as_deref() == Some(name))
            .filter(|(_, r)| r.scope.is_some_and(|(s, e)| s <= at && at < e) || at == usize::MAX)
            .min_by_key(|(_, r)| r.scope.map_or(usize::MAX, |(s, e)| e - s));
        if let Some((i, _)) = innermost_router {
            return Some(NodeRef::Local(i as u32));
        }
        // Imports before variables: `const x = require('./x')` is both, and the import is
        // what names the other file.
        if let Some(imp) = self.import(name) {
            return Some(NodeRef::External {
                module: Some(imp.module.clone()),
                name: imp.name.clone().unwrap_or_else(|| "default".to_string()),
                hint: None,
            });
        }
        // A function that is a router itself (an actix handler) or receives one.
        if let Some((i, _)) = self
            .routers
            .iter()
            .enumerate()
            .find(|(_, r)| r.export.as_deref() == Some(name))
        {
            return Some(NodeRef::Local(i as u32));
        }
        if let Some(b) = self.binding(name, at) {
            if b.value.start_byte() <= at || at == usize::MAX || b.exported {
                return self.resolve(b.value, depth + 1);
            }
        }
        Some(NodeRef::External {
            module: None,
            name: name.to_string(),
            hint: None,
        })
    }

    /// The innermost binding of `name` visible at byte `at` (anywhere for `usize::MAX`).
    fn binding(&self, name: &str, at: usize) -> Option<&Binding<'t>> {
        self.bindings
            .iter()
            .filter(|b| b.name == name)
            .filter(|b| {
                at == usize::MAX
                    || (b.scope.0 <= at && at < b.scope.1 && b.declared_at < at)
                    || b.exported
            })
            .min_by_key(|b| (b.scope.1 - b.scope.0, usize::MAX - b.declared_at))
    }

    fn import(&self, local: &str) -> Option<&Import> {
        self.imports.iter().find(|i| i.local == local)
    }

    /// `qualifier.name`: through an import when the qualifier is one.
    fn qualified(&self, qualifier: &str, name: &str) -> NodeRef {
        let module = match self.import(qualifier) {
            Some(Import {
                module,
                name: Some(sub),
                ..
            }) => format!("{module}{}{sub}", self.syntax.module_separator()),
            Some(Import { module, .. }) => module.clone(),
            // Go: `s.routes(mux)` is a method of a value, found by name in the package.
            None if self.syntax == RouteSyntax::Go => {
                return NodeRef::External {
                    module: None,
                    name: name.to_string(),
                    hint: None,
                };
            }
            None => qualifier.to_string(),
        };
        NodeRef::External {
            module: Some(module),
            name: name.to_string(),
            hint: None,
        }
    }

    /// The innermost controller class or router-receiving function around `at`.
    pub(super) fn enclosing_router(&self, at: usize) -> Option<NodeRef> {
        self.routers
            .iter()
            .enumerate()
            .filter(|(_, r)| r.scope.is_some_and(|(s, e)| s <= at && at < e))
            .min_by_key(|(_, r)| r.scope.map_or(usize::MAX, |(s, e)| e - s))
            .map(|(i, _)| NodeRef::Local(i as u32))
    }
}

fn is_struct_literal(kind: &str) -> bool {
    matches!(
        kind,
        "composite_literal" | "literal_value" | "keyed_element" | "literal_element"
    )
}

/// The identifier a receiver expression starts from through method chains
/// (`r.With(a).With(b)` → `r`); `None` through a field access (`r.chi`), which names
/// something else.
pub(super) fn receiver_root<'t>(mut node: Node<'t>, syntax: RouteSyntax) -> Option<Node<'t>> {
    for _ in 0..32 {
        if syntax.is_identifier(node.kind()) {
            return Some(node);
        }
        let field = syntax.call_function_field(node.kind())?;
        let function = node.child_by_field_name(field)?;
        node = syntax.member_parts(function)?.0;
    }
    None
}

/// The innermost function around `node` that has a parameter called `name`.
pub(super) fn function_with_param<'t>(node: Node<'t>, name: &str, text: &str) -> Option<Node<'t>> {
    let mut at = node.parent();
    while let Some(f) = at {
        if let Some(params) = f.child_by_field_name("parameters") {
            if params.end_byte() <= node.start_byte() && declares(params, name, text) {
                return Some(f);
            }
        }
        // JavaScript `app => { ... }`: a single parameter without parentheses.
        if let Some(p) = f.child_by_field_name("parameter") {
            if p.end_byte() <= node.start_byte() && &text[p.byte_range()] == name {
                return Some(f);
            }
        }
        at = f.parent();
    }
    None
}

/// Whether a parameter list declares `name`: an identifier among each parameter's own
/// children (not inside a default value or a type).
fn declares(params: Node, name: &str, text: &str) -> bool {
    let mut c = params.walk();
    let found = params.named_children(&mut c).any(|p| {
        if p.kind().ends_with("identifier") {
            return &text[p.byte_range()] == name;
        }
        let own = p
            .child_by_field_name("name")
            .or_else(|| p.child_by_field_name("pattern"));
        let mut c2 = p.walk();
        let mut kids = own.into_iter().chain(
            p.named_children(&mut c2)
                .filter(|k| k.kind() == "identifier"),
        );
        kids.any(|k| &text[k.byte_range()] == name)
    });
    found
}

/// Go: the method around `node` whose receiver is called `name`, with the receiver's type
/// (`App` for `func (a *App) ...`).
pub(super) fn method_receiver<'t>(
    node: Node<'t>,
    name: &str,
    text: &str,
) -> Option<(Node<'t>, String)> {
    let mut at = node.parent();
    while let Some(m) = at {
        if let Some(recv) = m.child_by_field_name("receiver") {
            let mut c = recv.walk();
            let decl = recv.named_children(&mut c).find(|p| {
                p.child_by_field_name("name")
                    .is_some_and(|n| &text[n.byte_range()] == name)
            })?;
            let ty = decl.child_by_field_name("type")?;
            let ty = text[ty.byte_range()].trim_start_matches('*');
            return Some((m, ty.split('[').next().unwrap_or(ty).to_string()));
        }
        at = m.parent();
    }
    None
}
