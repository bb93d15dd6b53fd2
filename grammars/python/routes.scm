; Routes in Python: FastAPI, Flask, Django and Django REST framework.
; Capture names are documented in server/src/routes/extract.rs.

; Applications and routers, with their own prefixes.
((call function: (_) @_f) @router
  (#match? @_f "(^|\\.)(FastAPI|APIRouter)$")
  (#set! framework "fastapi"))
((call function: (_) @_f
   arguments: (argument_list (keyword_argument name: (identifier) @_k value: (_) @router.prefix))) @router
  (#match? @_f "(^|\\.)APIRouter$") (#eq? @_k "prefix")
  (#set! framework "fastapi"))
((call function: (_) @_f) @router
  (#match? @_f "(^|\\.)(Flask|Blueprint)$")
  (#set! framework "flask"))
((call function: (_) @_f
   arguments: (argument_list (keyword_argument name: (identifier) @_k value: (_) @router.prefix))) @router
  (#match? @_f "(^|\\.)Blueprint$") (#eq? @_k "url_prefix")
  (#set! framework "flask"))

; `@router.get("/x")`, `@app.post(...)`, Flask 2 `@bp.get(...)`.
((decorated_definition
   (decorator
     (call
       function: (attribute object: (_) @route.receiver attribute: (identifier) @route.method)
       arguments: (argument_list . (_) @route.path))) @route
   definition: (function_definition name: (identifier) @route.handler))
  (#match? @route.method "^(get|post|put|delete|patch|head|options|trace)$"))

; Flask `@bp.route("/x", methods=["GET", "POST"])` (GET when no methods are given).
((decorated_definition
   (decorator
     (call
       function: (attribute object: (_) @route.receiver attribute: (identifier) @route.method)
       arguments: (argument_list . (_) @route.path) @route.methods)) @route
   definition: (function_definition name: (identifier) @route.handler))
  (#eq? @route.method "route")
  (#set! framework "flask"))

; FastAPI `@router.api_route("/x", methods=["GET"])`.
((decorated_definition
   (decorator
     (call
       function: (attribute object: (_) @route.receiver attribute: (identifier) @_m)
       arguments: (argument_list . (_) @route.path (keyword_argument name: (identifier) @_k value: (_) @route.methods)))) @route
   definition: (function_definition name: (identifier) @route.handler))
  (#eq? @_m "api_route") (#eq? @_k "methods")
  (#set! framework "fastapi"))

; `app.include_router(payments.router, prefix="/api")`.
((call
   function: (attribute object: (_) @mount.parent attribute: (identifier) @_m)
   arguments: (argument_list . (_) @mount.child)) @mount
  (#eq? @_m "include_router"))
((call
   function: (attribute object: (_) @mount.parent attribute: (identifier) @_m)
   arguments: (argument_list . (_) @mount.child (keyword_argument name: (identifier) @_k value: (_) @mount.prefix))) @mount
  (#eq? @_m "include_router") (#eq? @_k "prefix"))

; Flask `app.register_blueprint(bp, url_prefix="/x")`: the given prefix replaces the
; blueprint's own.
((call
   function: (attribute object: (_) @mount.parent attribute: (identifier) @_m)
   arguments: (argument_list . (_) @mount.child)) @mount
  (#eq? @_m "register_blueprint"))
((call
   function: (attribute object: (_) @mount.parent attribute: (identifier) @_m)
   arguments: (argument_list . (_) @mount.child (keyword_argument name: (identifier) @_k value: (_) @mount.prefix-override))) @mount
  (#eq? @_m "register_blueprint") (#eq? @_k "url_prefix"))

; Variables and imports.
((expression_statement (assignment left: (identifier) @bind.name right: (_) @bind.value)) @bind)

((import_from_statement
   module_name: (_) @import.module
   name: (dotted_name) @import.name) @import)
((import_from_statement
   module_name: (_) @import.module
   name: (aliased_import name: (dotted_name) @import.name alias: (identifier) @import.local)) @import)
((import_statement
   name: (aliased_import name: (dotted_name) @import.module alias: (identifier) @import.local)) @import)

;; section: django
;; markers: urlpatterns DefaultRouter SimpleRouter ExtendedDefaultRouter

; Django: a module's `urlpatterns = [...]` is a router; `path("x/", view)`, `re_path(r"^x/$", view)`
; and `url(r"^x/$", view)` in it are routes for every method; `path("x/", include("app.urls"))`
; mounts another module's `urlpatterns`, `include(router.urls)` a Django REST framework router.
; `url(r"^admin/", admin.site.urls)` mounts a site that is no API.
((expression_statement
   (assignment left: (identifier) @_u right: (list) @router @router.scope))
  (#eq? @_u "urlpatterns")
  (#set! framework "django"))
((call
   function: (identifier) @_p
   arguments: (argument_list . (string) @route.path . (_) @route.handler)) @route
  (#eq? @_p "path")
  (#not-match? @route.handler "^include\\(|\\.urls$")
  (#set! needs-router "true") (#set! framework "django"))
((call
   function: (identifier) @_p
   arguments: (argument_list . (string) @route.path . (_) @route.handler)) @route
  (#match? @_p "^(re_path|url)$")
  (#not-match? @route.handler "^include\\(|\\.urls$")
  (#set! path-syntax "regex") (#set! needs-router "true") (#set! framework "django"))
((list
   (call
     function: (identifier) @_p
     arguments: (argument_list . (string) @mount.prefix .
       (call function: (identifier) @_i arguments: (argument_list . (string) @mount.child)))) @mount) @mount.parent
  (#eq? @_p "path") (#eq? @_i "include")
  (#set! child-module "urlpatterns"))
((list
   (call
     function: (identifier) @_p
     arguments: (argument_list . (string) @mount.prefix .
       (call function: (identifier) @_i arguments: (argument_list . (string) @mount.child)))) @mount) @mount.parent
  (#match? @_p "^(re_path|url)$") (#eq? @_i "include")
  (#set! child-module "urlpatterns") (#set! path-syntax "regex"))
((list
   (call
     function: (identifier) @_p
     arguments: (argument_list . (string) @mount.prefix .
       (call function: (identifier) @_i arguments: (argument_list . [(identifier) (attribute)] @mount.child)))) @mount) @mount.parent
  (#eq? @_p "path") (#eq? @_i "include"))
((list
   (call
     function: (identifier) @_p
     arguments: (argument_list . (string) @mount.prefix .
       (call function: (identifier) @_i arguments: (argument_list . [(identifier) (attribute)] @mount.child)))) @mount) @mount.parent
  (#match? @_p "^(re_path|url)$") (#eq? @_i "include")
  (#set! path-syntax "regex"))

; Django REST framework: `router = DefaultRouter()`; `router.register(r"products", ViewSet)`
; generates a list route and a detail route (`products/{pk}/`).
((call function: (_) @_f) @router
  (#match? @_f "(^|\\.)(DefaultRouter|SimpleRouter|ExtendedDefaultRouter)$")
  (#set! framework "drf"))
((call
   function: (attribute object: (_) @route.receiver attribute: (identifier) @_r)
   arguments: (argument_list . (string) @route.path . (_) @route.handler)) @route
  (#eq? @_r "register")
  (#set! expand "detail") (#set! framework "drf"))
