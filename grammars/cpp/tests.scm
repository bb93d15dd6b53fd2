(function_definition
  declarator: (function_declarator declarator: (identifier) @_m)
  (#any-of? @_m "TEST" "TEST_F" "TEST_P" "TYPED_TEST")) @test
(function_definition declarator: (function_declarator declarator: (identifier) @_n) (#match? @_n "^(test_|Test)")) @test
