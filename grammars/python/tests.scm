(function_definition name: (identifier) @_n (#match? @_n "^test")) @test
(class_definition name: (identifier) @_n (#match? @_n "^Test")) @test
