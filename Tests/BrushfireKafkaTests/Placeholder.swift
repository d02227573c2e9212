import Testing

@Test func placeholderBrushfireKafkaTests() { #expect(Bool(true)) }
