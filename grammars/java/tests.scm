(method_declaration
  (modifiers [(marker_annotation name: (identifier) @_a) (annotation name: (identifier) @_a)])
  (#any-of? @_a "Test" "ParameterizedTest" "RepeatedTest" "TestFactory" "TestTemplate")) @test
