; Unity / CMocka / Check style: test functions named test_*
(function_definition declarator: (function_declarator declarator: (identifier) @_n) (#match? @_n "^(test_|Test)")) @test
