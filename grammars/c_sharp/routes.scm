; Routes in C#: ASP.NET Core controllers and minimal APIs.
; Capture names are documented in server/src/routes/extract.rs.

; Controllers: `[Route("api/[controller]")]`, `[ApiController]`.
((class_declaration
   (attribute_list (attribute name: (identifier) @_a))
   name: (identifier) @router.name
   body: (declaration_list) @router.scope) @router
  (#match? @_a "^(ApiController|Controller)$")
  (#set! class "true") (#set! framework "aspnet"))
((class_declaration
   (attribute_list (attribute name: (identifier) @_a (attribute_argument_list . (attribute_argument) @router.prefix)))
   name: (identifier) @router.name
   body: (declaration_list) @router.scope) @router
  (#eq? @_a "Route")
  (#set! class "true") (#set! framework "aspnet"))

; `[HttpGet("{id}")]`, `[HttpPost]` on actions.
((method_declaration
   (attribute_list
     (attribute name: (identifier) @route.method (attribute_argument_list . (attribute_argument) @route.path)) @route)
   name: (identifier) @route.handler)
  (#match? @route.method "^Http(Get|Post|Put|Delete|Patch|Head|Options)$")
  (#set! framework "aspnet"))
((method_declaration
   (attribute_list (attribute name: (identifier) @route.method) @route)
   name: (identifier) @route.handler)
  (#match? @route.method "^Http(Get|Post|Put|Delete|Patch|Head|Options)$")
  (#set! framework "aspnet"))

; Minimal APIs: `app.MapGet("/x", handler)`, groups `app.MapGroup("/api")`.
((invocation_expression
   function: (member_access_expression expression: (_) @route.receiver name: (identifier) @route.method)
   arguments: (argument_list . (argument) @route.path)) @route
  (#match? @route.method "^Map(Get|Post|Put|Delete|Patch)$")
  (#set! framework "aspnet-minimal"))
((invocation_expression
   function: (member_access_expression expression: (_) @router.parent name: (identifier) @_g)
   arguments: (argument_list . (argument) @router.prefix)) @router
  (#eq? @_g "MapGroup"))
; The application: `var app = builder.Build();`.
((invocation_expression
   function: (member_access_expression name: (identifier) @_b)) @router
  (#eq? @_b "Build")
  (#set! framework "aspnet-minimal"))
; Extension methods that map endpoints: `static void MapRefunds(this IEndpointRouteBuilder app)`,
; called as `app.MapRefunds()`.
((method_declaration
   name: (identifier) @router.export
   parameters: (parameter_list (parameter type: (_) @_t name: (identifier) @router.name))
   body: (_) @router.scope) @router
  (#match? @_t "(IEndpointRouteBuilder|WebApplication|RouteGroupBuilder)$"))
((invocation_expression
   function: (member_access_expression expression: (identifier) @mount.parent name: (identifier) @mount.child)
   arguments: (argument_list) @_args) @mount
  (#eq? @_args "()")
  (#set! local-parent "true"))

; Variables.
((local_declaration_statement
   (variable_declaration (variable_declarator name: (identifier) @bind.name (_) @bind.value))) @bind)
