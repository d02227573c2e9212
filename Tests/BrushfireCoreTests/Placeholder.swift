import Testing

@Test func placeholderBrushfireCoreTests() { #expect(Bool(true)) }
