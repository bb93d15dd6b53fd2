; #[test], #[tokio::test], #[rstest], ... possibly followed by more attributes.
((attribute_item) @_attr . (attribute_item)* . (function_item) @test
  (#match? @_attr "^#\\[([a-z_]+::)?(test|rstest|test_case|quickcheck|proptest)\\b"))
; #[cfg(test)] mod tests { ... }
((attribute_item) @_attr . (attribute_item)* . (mod_item) @test
  (#match? @_attr "^#\\[cfg\\(test\\)\\]"))
