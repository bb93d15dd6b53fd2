; Routes in Rust: axum, actix-web and Rocket.
; Capture names are documented in server/src/routes/extract.rs.

; Router objects: `Router::new()` (axum), `App::new()`, `web::scope("/x")`,
; `web::resource("/x")` (actix).
((call_expression function: (scoped_identifier path: (identifier) @_t name: (identifier) @_n)) @router
  (#eq? @_t "Router") (#eq? @_n "new")
  (#set! framework "axum"))
((call_expression function: (scoped_identifier path: (identifier) @_t name: (identifier) @_n)) @router
  (#eq? @_t "App") (#eq? @_n "new")
  (#set! framework "actix"))
((call_expression
   function: (scoped_identifier path: (identifier) @_w name: (identifier) @_n)
   arguments: (arguments . (_) @router.prefix)) @router
  (#eq? @_w "web") (#match? @_n "^(scope|resource)$")
  (#set! framework "actix"))

; Functions that receive a router: `fn config(cfg: &mut web::ServiceConfig)`,
; `fn routes(router: Router) -> Router`.
((function_item
   name: (identifier) @router.export
   parameters: (parameters (parameter pattern: (identifier) @router.name type: (_) @_t))
   body: (block) @router.scope) @router
  (#match? @_t "(ServiceConfig|Router)(<.*>)?$"))

; axum: `.route("/x", get(a).post(b))`; actix: `.route("/x", web::get().to(h))`.
((call_expression
   function: (field_expression value: (_) @route.receiver field: (field_identifier) @_r)
   arguments: (arguments . (_) @route.path . (_) @route.methods .)) @route
  (#eq? @_r "route")
  (#set! framework "axum"))
; actix: `web::resource("/x").route(web::get().to(h))`.
((call_expression
   function: (field_expression value: (_) @route.receiver field: (field_identifier) @_r)
   arguments: (arguments . (_) @route.methods .)) @route
  (#eq? @_r "route")
  (#set! framework "actix"))

; actix: `#[get("/x")] async fn handler(...)`; the function is a router of its own,
; mounted with `.service(handler)`.
((attribute_item
   (attribute (identifier) @route.method arguments: (token_tree . (string_literal) @route.path))) @route
  .
  (function_item name: (identifier) @route.receiver)
  (#match? @route.method "^(get|post|put|delete|patch|head|options|trace)$")
  (#set! framework "actix"))
((attribute_item (attribute (identifier) @_m arguments: (token_tree . (string_literal))))
  .
  (function_item name: (identifier) @router.export) @router
  (#match? @_m "^(get|post|put|delete|patch|head|options|trace)$")
  (#set! framework "actix"))

; Mounts: axum `.nest("/x", sub)`, `.merge(sub)`; actix `.service(x)`, `.configure(f)`.
((call_expression
   function: (field_expression value: (_) @mount.parent field: (field_identifier) @_n)
   arguments: (arguments . (_) @mount.prefix . (_) @mount.child .)) @mount
  (#eq? @_n "nest"))
((call_expression
   function: (field_expression value: (_) @mount.parent field: (field_identifier) @_n)
   arguments: (arguments . (_) @mount.child .)) @mount
  (#match? @_n "^(merge|service|configure)$"))

; Variables, function results, imports.
((let_declaration pattern: (identifier) @bind.name value: (_) @bind.value) @bind)
((function_item name: (identifier) @bind.export body: (block (_) @bind.value .)) @bind)

((use_declaration argument: (scoped_identifier path: (_) @import.module name: (identifier) @import.name)) @import)
((use_declaration
   argument: (use_as_clause path: (scoped_identifier path: (_) @import.module name: (identifier) @import.name) alias: (identifier) @import.local)) @import)

;; section: rocket
;; markers: rocket routes!

; Rocket: `rocket::build()`, `.mount("/api", routes![a, b])`, `.mount("/api", books::routes())`
; with `fn routes() -> Vec<Route> { routes![a, b] }`. Handlers are the attribute routes above.
((call_expression function: (scoped_identifier path: (identifier) @_r name: (identifier) @_n)) @router
  (#eq? @_r "rocket") (#match? @_n "^(build|ignite|custom)$")
  (#set! framework "rocket"))
((call_expression
   function: (field_expression value: (_) @mount.parent field: (field_identifier) @_m)
   arguments: (arguments . (_) @mount.prefix . (macro_invocation macro: (identifier) @_r (token_tree (identifier) @mount.child)))) @mount
  (#eq? @_m "mount") (#eq? @_r "routes"))
((call_expression
   function: (field_expression value: (_) @mount.parent field: (field_identifier) @_m)
   arguments: (arguments . (_) @mount.prefix . [(call_expression) (identifier) (scoped_identifier)] @mount.child .)) @mount
  (#eq? @_m "mount"))
((function_item
   name: (identifier) @router.export
   body: (block [
     (macro_invocation macro: (identifier) @_r (token_tree (identifier) @mount.child))
     (expression_statement (macro_invocation macro: (identifier) @_r (token_tree (identifier) @mount.child)))
   ] @mount)) @router @mount.parent
  (#eq? @_r "routes")
  (#set! framework "rocket"))
