; Routes in Java: Spring MVC / WebFlux annotations and JAX-RS.
; Capture names are documented in server/src/routes/extract.rs.

; Controllers, with a class-level `@RequestMapping("/prefix")`.
((class_declaration
   (modifiers [(marker_annotation name: (identifier) @_a) (annotation name: (identifier) @_a)])
   name: (identifier) @router.name
   body: (class_body) @router.scope) @router
  (#match? @_a "^(RestController|Controller)$")
  (#set! class "true") (#set! framework "spring"))
((class_declaration
   (modifiers (annotation name: (identifier) @_a arguments: (annotation_argument_list . (_) @router.prefix)))
   name: (identifier) @router.name
   body: (class_body) @router.scope) @router
  (#eq? @_a "RequestMapping")
  (#set! class "true") (#set! framework "spring"))

; `@GetMapping("/x")`, `@PostMapping(path = "/x")`, `@RequestMapping(value = "/x", method = RequestMethod.PUT)`.
((method_declaration
   (modifiers
     (annotation name: (identifier) @route.method arguments: (annotation_argument_list . (_) @route.path) @route.methods) @route)
   name: (identifier) @route.handler)
  (#match? @route.method "^(Get|Post|Put|Delete|Patch|Request)Mapping$")
  (#set! framework "spring"))
; `@GetMapping` and `@GetMapping()`: the class's path.
((method_declaration
   (modifiers [(marker_annotation name: (identifier) @route.method) (annotation name: (identifier) @route.method)] @route)
   name: (identifier) @route.handler)
  (#match? @route.method "^(Get|Post|Put|Delete|Patch)Mapping$")
  (#set! framework "spring"))

; JAX-RS (Jakarta/javax, Quarkus, Jersey, RESTEasy, Micronaut-style): resources with a
; class `@Path("/x")`, methods with `@GET`/`@POST`/... and an optional method `@Path`.
((class_declaration
   (modifiers (annotation name: (identifier) @_a arguments: (annotation_argument_list . (_) @router.prefix)))
   name: (identifier) @router.name
   body: (class_body) @router.scope) @router
  (#eq? @_a "Path")
  (#set! class "true") (#set! framework "jaxrs"))
((method_declaration
   (modifiers
     (marker_annotation name: (identifier) @route.method)
     (annotation name: (identifier) @_p arguments: (annotation_argument_list . (_) @route.path)))
   name: (identifier) @route.handler) @route
  (#match? @route.method "^(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)$") (#eq? @_p "Path")
  (#set! framework "jaxrs"))
((method_declaration
   (modifiers
     (annotation name: (identifier) @_p arguments: (annotation_argument_list . (_) @route.path))
     (marker_annotation name: (identifier) @route.method))
   name: (identifier) @route.handler) @route
  (#match? @route.method "^(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)$") (#eq? @_p "Path")
  (#set! framework "jaxrs"))
((method_declaration
   (modifiers (marker_annotation name: (identifier) @route.method))
   name: (identifier) @route.handler) @route
  (#match? @route.method "^(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)$")
  (#set! framework "jaxrs"))

; `@ApplicationPath("/api")` prefixes every resource.
((class_declaration
   (modifiers (annotation name: (identifier) @_a arguments: (annotation_argument_list . (_) @global.prefix))))
  (#eq? @_a "ApplicationPath"))
