; Routes in JavaScript, TypeScript and TSX: Express, Fastify, Koa (`@koa/router`,
; `koa-router`), Hono, NestJS and Next.js (the three grammars share these node names, so
; one file serves them all).
; Capture names are documented in server/src/routes/extract.rs.
;
; The patterns before the first `;; section:` line are compiled for every file that may
; declare routes; a section is compiled (once, lazily) only for files that contain one of
; its `;; markers:` words, or, with `;; files: next`, that sit where Next.js routes live.
; Compiling a query costs time per pattern, so frameworks a repository does not use cost
; nothing.

; --- Express, and the route and mount shapes Koa, Hono and Fastify share with it --------

; Router objects: `express()`, `express.Router()`, `Router()`.
((call_expression function: (identifier) @_f) @router
  (#match? @_f "^(express|Router)$")
  (#set! framework "express"))
((call_expression
   function: (member_expression object: (identifier) @_e property: (property_identifier) @_f)) @router
  (#eq? @_e "express") (#eq? @_f "Router")
  (#set! framework "express"))

; `router.route('/x')`: a router with a prefix, for `.get(h).post(h)` chains.
((call_expression
   function: (member_expression object: (_) @router.parent property: (property_identifier) @_r)
   arguments: (arguments . [(string) (template_string)] @router.prefix .)) @router
  (#eq? @_r "route")
  (#set! framework "express"))

; `app.get('/x', handler)`, `router.post(...)`, `app.all(...)`.
((call_expression
   function: (member_expression object: (_) @route.receiver property: (property_identifier) @route.method)
   arguments: (arguments . [(string) (template_string)] @route.path (_)? @route.handler .)) @route
  (#match? @route.method "^(get|post|put|delete|del|patch|head|options|all)$")
  (#set! framework "express"))
((call_expression
   function: (member_expression object: (_) @route.receiver property: (property_identifier) @route.method)
   arguments: (arguments . [(string) (template_string)] @route.path)) @route
  (#match? @route.method "^(get|post|put|delete|del|patch|head|options|all)$")
  (#set! framework "express"))

; `.get(handler)` on a `router.route('/x')` chain: the path is the chain's.
((call_expression
   function: (member_expression object: (call_expression) @route.receiver property: (property_identifier) @route.method)
   arguments: (arguments . [(identifier) (member_expression) (arrow_function) (function_expression)] @route.handler)) @route
  (#match? @route.method "^(get|post|put|delete|del|patch|head|options|all)$")
  (#set! framework "express"))

; `app.use('/api', router)`, `app.use('/api', auth, router)`, `app.use(router)`.
((call_expression
   function: (member_expression object: (_) @mount.parent property: (property_identifier) @_u)
   arguments: (arguments . [(string) (template_string) (member_expression)] @mount.prefix (_)* [(identifier) (member_expression) (call_expression)] @mount.child .)) @mount
  (#eq? @_u "use"))
; `Router().use(tags, articles)`: every router argument is mounted (middleware arguments
; resolve to no router and drop out).
((call_expression
   function: (member_expression object: (_) @mount.parent property: (property_identifier) @_u)
   arguments: (arguments . [(identifier) (member_expression) (call_expression)] (_)* [(identifier) (member_expression)] @mount.child)) @mount
  (#eq? @_u "use"))
((call_expression
   function: (member_expression object: (_) @mount.parent property: (property_identifier) @_u)
   arguments: (arguments . [(identifier) (call_expression)] @mount.child)) @mount
  (#eq? @_u "use"))

; --- Variables, exports, imports ---------------------------------------------

((lexical_declaration (variable_declarator name: (identifier) @bind.name value: (_) @bind.value)) @bind)
((variable_declaration (variable_declarator name: (identifier) @bind.name value: (_) @bind.value)) @bind)
((export_statement "default" @bind.export value: (_) @bind.value) @bind)
((export_statement "default" @bind.export declaration: (_) @bind.value) @bind)
((expression_statement
   (assignment_expression
     left: (member_expression object: (identifier) @_m property: (property_identifier) @bind.export)
     right: (_) @bind.value)) @bind
  (#eq? @_m "module") (#eq? @bind.export "exports"))
; A function that returns a router: `export function paymentsRouter() { ...; return r; }`.
((function_declaration name: (identifier) @bind.export
   body: (statement_block (return_statement (_) @bind.value))) @bind)

((import_statement (import_clause (identifier) @import.local) source: (string) @import.module) @import)
((import_statement
   (import_clause (named_imports (import_specifier name: (identifier) @import.name !alias)))
   source: (string) @import.module) @import)
((import_statement
   (import_clause (named_imports (import_specifier name: (identifier) @import.name alias: (identifier) @import.local)))
   source: (string) @import.module) @import)
((variable_declarator
   name: (identifier) @import.local
   value: (call_expression function: (identifier) @_r arguments: (arguments . (string) @import.module .))) @import
  (#eq? @_r "require"))

;; section: nestjs
;; markers: @nestjs @Controller setGlobalPrefix

((class_declaration
   decorator: (decorator (call_expression function: (identifier) @_c arguments: (arguments . (_)? @router.prefix)))
   name: (_) @router.name
   body: (class_body) @router.scope) @router
  (#eq? @_c "Controller")
  (#set! class "true") (#set! framework "nestjs"))
((export_statement
   decorator: (decorator (call_expression function: (identifier) @_c arguments: (arguments . (_)? @router.prefix)))
   declaration: (class_declaration name: (_) @router.name body: (class_body) @router.scope)) @router
  (#eq? @_c "Controller")
  (#set! class "true") (#set! framework "nestjs"))

((decorator
   (call_expression function: (identifier) @route.method arguments: (arguments . [(string) (template_string)]? @route.path))) @route
  (#match? @route.method "^(Get|Post|Put|Delete|Patch|Head|Options|All)$")
  (#set! framework "nestjs"))

; `app.setGlobalPrefix('api')` in main.ts.
((call_expression
   function: (member_expression property: (property_identifier) @_g)
   arguments: (arguments . (_) @global.prefix)) (#eq? @_g "setGlobalPrefix"))

;; section: fastify
;; markers: fastify Fastify

; Fastify `Fastify()`.
((call_expression function: (identifier) @_f) @router
  (#match? @_f "^(fastify|Fastify)$")
  (#set! framework "fastify"))

; Fastify `fastify.route({ method: 'PUT', url: '/x', handler })`, either key first.
((call_expression
   function: (member_expression object: (_) @route.receiver property: (property_identifier) @_r)
   arguments: (arguments . (object
     (pair key: (property_identifier) @_m value: (_) @route.methods)
     (pair key: (property_identifier) @_u value: (_) @route.path)))) @route
  (#eq? @_r "route") (#eq? @_m "method") (#eq? @_u "url")
  (#set! framework "fastify"))
((call_expression
   function: (member_expression object: (_) @route.receiver property: (property_identifier) @_r)
   arguments: (arguments . (object
     (pair key: (property_identifier) @_u value: (_) @route.path)
     (pair key: (property_identifier) @_m value: (_) @route.methods)))) @route
  (#eq? @_r "route") (#eq? @_m "method") (#eq? @_u "url")
  (#set! framework "fastify"))
; Fastify `app.register(autoload, { dir: path.join(__dirname, 'routes') })`: every plugin
; in that directory, prefixed with its folder path.
((call_expression
   function: (member_expression object: (_) @autoload.parent property: (property_identifier) @_r)
   arguments: (arguments . (identifier) @_a . (object (pair key: (property_identifier) @_k value: (_) @autoload.dir))))
  (#eq? @_r "register") (#match? @_a "[Aa]uto[Ll]oad") (#eq? @_k "dir"))

; Fastify `app.register(plugin, { prefix: '/api' })`, `app.register(plugin)`.
((call_expression
   function: (member_expression object: (_) @mount.parent property: (property_identifier) @_r)
   arguments: (arguments . (_) @mount.child . (object (pair key: (property_identifier) @_k value: (_) @mount.prefix)))) @mount
  (#eq? @_r "register") (#eq? @_k "prefix"))
((call_expression
   function: (member_expression object: (_) @mount.parent property: (property_identifier) @_r)
   arguments: (arguments . (_) @mount.child)) @mount
  (#eq? @_r "register"))

;; section: koa
;; markers: koa

; Koa `new Router()`, `new Router({ prefix: '/api' })`.
((new_expression constructor: (identifier) @_r) @router
  (#match? @_r "^(Router|KoaRouter)$")
  (#set! framework "koa"))
((new_expression
   constructor: (identifier) @_r
   arguments: (arguments . (object (pair key: (property_identifier) @_k value: (_) @router.prefix)))) @router
  (#match? @_r "^(Router|KoaRouter)$") (#eq? @_k "prefix")
  (#set! framework "koa"))
; Koa `router.prefix('/admin')` sets the router's own prefix.
((call_expression
   function: (member_expression object: (identifier) @prefix.router property: (property_identifier) @_p)
   arguments: (arguments . [(string) (template_string)] @prefix.value .))
  (#eq? @_p "prefix"))

;; section: hono
;; markers: hono Hono

; Hono `new Hono()`.
((new_expression constructor: (identifier) @_r) @router
  (#match? @_r "^(Hono|OpenAPIHono)$")
  (#set! framework "hono"))
; Hono `new Hono().basePath('/api')`.
((call_expression
   function: (member_expression object: (_) @router.parent property: (property_identifier) @_b)
   arguments: (arguments . [(string) (template_string)] @router.prefix .)) @router
  (#eq? @_b "basePath")
  (#set! framework "hono"))
; Hono `app.route('/books', books)`.
((call_expression
   function: (member_expression object: (_) @mount.parent property: (property_identifier) @_r)
   arguments: (arguments . [(string) (template_string)] @mount.prefix . [(identifier) (member_expression) (call_expression)] @mount.child .)) @mount
  (#eq? @_r "route"))

;; section: nextjs
;; files: next

; Next.js file-system routes, counted only in `app/**/route.ts` (App Router) and `pages/api/**` (Pages Router) files.

((export_statement declaration: (function_declaration name: (identifier) @route.method)) @route
  (#match? @route.method "^(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)$")
  (#set! file-route "app") (#set! framework "nextjs"))
((export_statement
   declaration: (lexical_declaration (variable_declarator name: (identifier) @route.method))) @route
  (#match? @route.method "^(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)$")
  (#set! file-route "app") (#set! framework "nextjs"))
((export_statement (export_clause (export_specifier alias: (identifier) @route.method) @route))
  (#match? @route.method "^(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)$")
  (#set! file-route "app") (#set! framework "nextjs"))
((export_statement (export_clause (export_specifier name: (identifier) @route.method !alias) @route))
  (#match? @route.method "^(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)$")
  (#set! file-route "app") (#set! framework "nextjs"))
; `export default handler`, `export default NextAuth(options)`.
((export_statement "default" [(function_declaration) (function_expression) (arrow_function) (identifier) (call_expression)]) @route
  (#set! file-route "pages") (#set! framework "nextjs"))
