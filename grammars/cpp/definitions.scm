(function_definition declarator: (function_declarator declarator: [(identifier) (field_identifier) (qualified_identifier) (destructor_name) (operator_name)] @name)) @definition.function
(function_definition declarator: (pointer_declarator declarator: (function_declarator declarator: [(identifier) (field_identifier) (qualified_identifier)] @name))) @definition.function
(function_definition declarator: (reference_declarator (function_declarator declarator: [(identifier) (field_identifier) (qualified_identifier)] @name))) @definition.function
(class_specifier name: (_) @name body: (_)) @definition.class
(struct_specifier name: (_) @name body: (_)) @definition.struct
(enum_specifier name: (_) @name body: (_)) @definition.enum
(namespace_definition name: (_) @name) @definition.module
; GoogleTest: TEST(Suite, Name) / TEST_F(Fixture, Name)
(function_definition
  declarator: (function_declarator
    declarator: (identifier) @_m
    parameters: (parameter_list (parameter_declaration) . (parameter_declaration type: (type_identifier) @name)))
  (#any-of? @_m "TEST" "TEST_F" "TEST_P" "TYPED_TEST")) @definition.test
