import Testing

@Test func placeholderBrushfireSinksTests() { #expect(Bool(true)) }
