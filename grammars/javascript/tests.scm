(call_expression
  function: [(identifier) @_f (member_expression object: (identifier) @_f)]
  (#any-of? @_f "describe" "it" "test")) @test
