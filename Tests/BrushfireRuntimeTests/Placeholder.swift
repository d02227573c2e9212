import Testing

@Test func placeholderBrushfireRuntimeTests() { #expect(Bool(true)) }
