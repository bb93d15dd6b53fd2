(method_declaration
  (attribute_list (attribute name: (identifier) @_a))
  (#any-of? @_a "Fact" "Theory" "Test" "TestCase" "TestMethod" "DataTestMethod")) @test
(class_declaration
  (attribute_list (attribute name: (identifier) @_a))
  (#any-of? @_a "TestFixture" "TestClass")) @test
