; Routes in Go: Gin, Echo, chi, Fiber, gorilla/mux and net/http (1.22 patterns).
; Capture names are documented in server/src/routes/extract.rs.

; Router objects.
((call_expression
   function: (selector_expression operand: (identifier) @_p field: (field_identifier) @_f)) @router
  (#match? @_p "^(gin|echo|chi|http|mux|fiber)$")
  (#match? @_f "^(Default|New|NewRouter|NewServeMux)$"))
; gorilla/mux: `s := r.PathPrefix("/api").Subrouter()`.
((call_expression
   function: (selector_expression
     operand: (call_expression
       function: (selector_expression operand: (_) @router.parent field: (field_identifier) @_p)
       arguments: (argument_list . (_) @router.prefix))
     field: (field_identifier) @_s)) @router
  (#eq? @_p "PathPrefix") (#eq? @_s "Subrouter")
  (#set! framework "gorilla"))
; gorilla/mux: `r.HandleFunc("/x", h).Methods("GET", "PUT")`.
((call_expression
   function: (selector_expression
     operand: (call_expression
       function: (selector_expression operand: (_) @route.receiver field: (field_identifier) @_h)
       arguments: (argument_list . (_) @route.path . (_) @route.handler))
     field: (field_identifier) @_m)
   arguments: (argument_list) @route.methods) @route
  (#match? @_h "^Handle(Func)?$") (#eq? @_m "Methods")
  (#set! framework "gorilla"))
; The default mux: `http.HandleFunc("GET /x", h)`.
((call_expression
   function: (selector_expression operand: (identifier) @router field: (field_identifier) @_f))
  (#eq? @router "http") (#match? @_f "^Handle(Func)?$")
  (#set! framework "net/http"))

; Groups: `api := r.Group("/api")` (Gin, Echo), with middleware: `r.Group("/user", jwt)`.
((call_expression
   function: (selector_expression operand: (_) @router.parent field: (field_identifier) @_g)
   arguments: (argument_list . [(interpreted_string_literal) (raw_string_literal) (identifier) (selector_expression) (binary_expression)] @router.prefix)) @router
  (#eq? @_g "Group"))
; chi: `r.Route("/x", func(r chi.Router) { ... })` and `r.Group(func(r chi.Router) { ... })`.
((call_expression
   function: (selector_expression operand: (_) @router.parent field: (field_identifier) @_g)
   arguments: (argument_list . (_) @router.prefix .
     (func_literal
       parameters: (parameter_list (parameter_declaration name: (identifier) @router.name))
       body: (block) @router.scope))) @router
  (#eq? @_g "Route")
  (#set! framework "chi"))
((call_expression
   function: (selector_expression operand: (_) @router.parent field: (field_identifier) @_g)
   arguments: (argument_list .
     (func_literal
       parameters: (parameter_list (parameter_declaration name: (identifier) @router.name))
       body: (block) @router.scope) .)) @router
  (#eq? @_g "Group")
  (#set! framework "chi"))

; Functions and methods that receive a router: `func Register(g *gin.RouterGroup)`.
((function_declaration
   name: (identifier) @router.export
   parameters: (parameter_list (parameter_declaration name: (identifier) @router.name type: (_) @_t))
   body: (block) @router.scope) @router
  (#match? @_t "^\\*?(gin\\.(RouterGroup|Engine|IRouter|IRoutes)|echo\\.(Echo|Group)|chi\\.(Router|Mux)|http\\.ServeMux|mux\\.Router|fiber\\.(App|Router|Group))$"))
((method_declaration
   name: (field_identifier) @router.export
   parameters: (parameter_list (parameter_declaration name: (identifier) @router.name type: (_) @_t))
   body: (block) @router.scope) @router
  (#match? @_t "^\\*?(gin\\.(RouterGroup|Engine|IRouter|IRoutes)|echo\\.(Echo|Group)|chi\\.(Router|Mux)|http\\.ServeMux|mux\\.Router|fiber\\.(App|Router|Group))$"))

; `r.GET("/x", h)` (Gin, Echo), `r.Get("/x", h)` (chi), `r.Any(...)`.
((call_expression
   function: (selector_expression operand: (_) @route.receiver field: (field_identifier) @route.method)
   arguments: (argument_list . (_) @route.path . (_) @route.handler)) @route
  (#match? @route.method "^(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS|Any|All|Get|Post|Put|Delete|Patch|Head|Options)$"))
; chi: `r.Method("GET", "/x", h)`.
((call_expression
   function: (selector_expression operand: (_) @route.receiver field: (field_identifier) @_m)
   arguments: (argument_list . (_) @route.methods . (_) @route.path)) @route
  (#eq? @_m "Method")
  (#set! framework "chi"))
; net/http and chi: `mux.HandleFunc("GET /items/{id}", h)`.
((call_expression
   function: (selector_expression operand: (_) @route.receiver field: (field_identifier) @_h)
   arguments: (argument_list . (interpreted_string_literal) @route.pattern . (_) @route.handler)) @route
  (#match? @_h "^Handle(Func)?$")
  (#set! framework "net/http"))

; chi `r.Mount("/x", sub)`.
((call_expression
   function: (selector_expression operand: (_) @mount.parent field: (field_identifier) @_m)
   arguments: (argument_list . (_) @mount.prefix . (_) @mount.child .)) @mount
  (#eq? @_m "Mount"))
; A router passed to a registration function: `payments.Register(api)`, `s.routes(mux)`,
; `users.Register(v1.Group("/users"))`, `handlers.Setup(db, api)`. Only arguments that
; resolve to a router of this file count.
((call_expression
   function: [(identifier) (selector_expression)] @mount.child
   arguments: (argument_list [(identifier) (call_expression)] @mount.parent)) @mount
  (#set! local-parent "true"))

; A type that holds a router: `a.Router = mux.NewRouter()` in a method of `App`.
((assignment_statement
   left: (expression_list (selector_expression operand: (identifier) @holder.var))
   right: (expression_list
     (call_expression function: (selector_expression operand: (identifier) @_p field: (field_identifier) @_f))))
  (#match? @_p "^(gin|echo|chi|http|mux|fiber)$")
  (#match? @_f "^(Default|New|NewRouter|NewServeMux)$"))

; Variables, function results, imports.
((short_var_declaration
   left: (expression_list . (identifier) @bind.name)
   right: (expression_list . (_) @bind.value)) @bind)
((var_spec name: (identifier) @bind.name value: (expression_list . (_) @bind.value)) @bind)
((const_spec name: (identifier) @bind.name value: (expression_list . (_) @bind.value)) @bind)
((function_declaration
   name: (identifier) @bind.export
   body: (block (statement_list (return_statement (expression_list . (_) @bind.value))))) @bind)
; A method that returns a router: `func (rs *AccountResource) router() *chi.Mux`.
((method_declaration
   receiver: (parameter_list (parameter_declaration type: (_) @bind.receiver))
   name: (field_identifier) @bind.export
   body: (block (statement_list (return_statement (expression_list . (_) @bind.value))))) @bind)

((import_spec name: (package_identifier) @import.local path: (_) @import.module) @import)
((import_spec !name path: (_) @import.module) @import)
