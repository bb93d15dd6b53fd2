//! Route declarations in code, found statically with tree-sitter (`grammars/*/routes.scm`)
//! and composed into full paths the way each framework mounts routers.
//!
//! Per file (`extract`), routes and router wiring are recorded against file-local router
//! nodes, or against names another file exports (`NodeRef::External`). Across files
//! (`compose`), mounts are followed from each route up to the application roots, which
//! yields every full path a route is served at. `matching` then compares those with the
//! contracts' operations.

mod collect;
pub mod compose;
pub mod config;
pub mod explain;
pub mod extract;
pub mod files;
mod infer;
mod literals;
pub mod matching;
mod modules;
pub mod path;
pub mod queries;
pub mod report;
mod resolve;
mod variant_index;

use crate::text::Range;
use serde::Serialize;

/// All route data of one file.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RouteFacts {
    pub routers: Vec<Router>,
    pub routes: Vec<Route>,
    pub mounts: Vec<Mount>,
    /// Names other files can use to reach one of `routers`: module-level variables,
    /// functions that return a router or take one as a parameter, controller classes,
    /// and `default` for a JavaScript default export.
    pub exports: Vec<(String, u32)>,
    /// Prefixes applied to every controller class of the language (NestJS
    /// `app.setGlobalPrefix('api')`).
    pub global_prefixes: Vec<PathExpr>,
    /// Module-level string constants other files may use as paths or prefixes
    /// (`const BasePath = "/scim/v2"`), by name.
    pub constants: Vec<(String, String)>,
    /// Path expressions of this file that name another file's constant
    /// (`scim.BasePath`), for composition to resolve.
    pub const_refs: Vec<ConstRef>,
    /// For a configuration file (`application.properties`): the language whose routes its
    /// global prefixes apply to.
    pub applies_to: Option<String>,
    /// Fastify autoload: (directory relative to this file, router that loads it). Every
    /// plugin a file under it default-exports is mounted there, under its folder path.
    pub autoload: Vec<(String, u32)>,
}

/// A path expression that names a constant: `module` as imported, or `None` for a bare
/// name of the same package (Go).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConstRef {
    pub text: String,
    pub module: Option<String>,
    pub name: String,
}

impl RouteFacts {
    pub fn is_empty(&self) -> bool {
        self.routes.is_empty()
            && self.mounts.is_empty()
            && self.global_prefixes.is_empty()
            && self.exports.is_empty()
            && self.constants.is_empty()
            && self.autoload.is_empty()
    }
}

/// A router object: an application, a router/blueprint/group, a controller class, a
/// function's router parameter.
#[derive(Debug, Clone, Serialize)]
pub struct Router {
    /// Its own prefix (`APIRouter(prefix=…)`, `@RequestMapping("/x")` on a class).
    pub prefix: Option<PathExpr>,
    /// A controller class: receives the language's global prefixes.
    pub is_class: bool,
    /// A function parameter known to be a router only because routes are declared on it
    /// (a local wrapper type around chi, say): it serves routes only where something
    /// passes it a router.
    pub inferred: bool,
    pub range: Range,
}

/// A reference to a router: in this file, or by a name another file exports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum NodeRef {
    Local(u32),
    /// `module` as written in the import (`./routes/payments`, `app.routers.payments`,
    /// `payments`), or `None` for a bare name looked up across the workspace.
    External {
        module: Option<String>,
        name: String,
        /// Go: what the method's receiver is, when several packages or types have a
        /// method of that name (`pkg:admin` for a value `admin.NewAPI()` made, or a field
        /// name such as `Accounts` for `a.Accounts.router()`).
        hint: Option<String>,
    },
}

/// `parent` serves `child`'s routes under `prefix`.
#[derive(Debug, Clone, Serialize)]
pub struct Mount {
    pub parent: NodeRef,
    pub prefix: Option<PathExpr>,
    pub child: NodeRef,
    /// Flask's `register_blueprint(bp, url_prefix=…)` replaces the blueprint's own prefix.
    pub replaces_child_prefix: bool,
    pub range: Range,
}

/// A route declaration.
#[derive(Debug, Clone, Serialize)]
pub struct Route {
    /// `None` when the framework attaches routes to their enclosing class or function
    /// and none was found: the route is served from a root.
    pub router: Option<NodeRef>,
    /// Uppercase methods; empty means every method (`app.all`, Go `HandleFunc("/x")`).
    pub methods: Vec<String>,
    pub path: PathExpr,
    /// Where diagnostics sit: the path literal, or the declaration when it has none.
    pub range: Range,
    /// The handler's name, for hover and stubs.
    pub handler: Option<String>,
    /// The router expression as written (`router`, `api`), for stubs in the same style.
    pub receiver: Option<String>,
    /// The method word in the code (`get`, `GetMapping`, `GET` in `"GET /x"`), for the
    /// quick fix that changes it.
    pub method_range: Option<Range>,
    /// The framework the declaration was written for (`express`, `fastapi`, ...), for
    /// handler stubs in the same style.
    pub framework: &'static str,
    /// A file-system route (`app` or `pages` for Next.js): the file's path is the route's
    /// path, and the declaration counts only in such a file.
    pub file_route: Option<&'static str>,
}

impl Route {
    /// `GET|POST`, or `ANY` for a route that takes every method.
    pub fn methods_label(&self) -> String {
        if self.methods.is_empty() {
            "ANY".to_string()
        } else {
            self.methods.join("|")
        }
    }
}

/// A path or prefix as written: a literal, or an expression only configuration knows
/// (`settings.API_PREFIX`), kept as its source text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum PathExpr {
    Lit(String),
    Expr(String),
}
