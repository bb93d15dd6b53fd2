(function_declaration name: (identifier) @name) @definition.function
(generator_function_declaration name: (identifier) @name) @definition.function
(class_declaration name: (identifier) @name) @definition.class
(method_definition name: (_) @name) @definition.method
(variable_declarator name: (identifier) @name value: [(arrow_function) (function_expression)]) @definition.function
(assignment_expression left: (member_expression property: (property_identifier) @name) right: [(arrow_function) (function_expression)]) @definition.function
(pair key: (property_identifier) @name value: [(arrow_function) (function_expression)]) @definition.function
; describe/it/test blocks (Jest, Vitest, Mocha), also it.only / test.skip / describe.each
(call_expression
  function: [(identifier) @_f (member_expression object: (identifier) @_f)]
  arguments: (arguments . [(string (string_fragment) @name) (template_string) @name])
  (#any-of? @_f "describe" "it" "test")) @definition.test
