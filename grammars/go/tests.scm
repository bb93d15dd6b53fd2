(function_declaration name: (identifier) @_n (#match? @_n "^(Test|Benchmark|Fuzz|Example)")) @test
