import Foundation
import Testing

/// The reference comparisons skip themselves on a machine without Python's reference libraries, so that a
/// developer can still run the rest. The test script sets `BRUSHFIRE_REQUIRE_REFERENCES=1` after installing
/// them: there a missing reference is a failure, not a silent skip.
@Suite struct ReferenceToolsTests {
    static let required = ProcessInfo.processInfo.environment["BRUSHFIRE_REQUIRE_REFERENCES"] == "1"

    @Test(.enabled(if: required, "BRUSHFIRE_REQUIRE_REFERENCES is not set"))
    func schemaValidatorIsInstalled() {
        #expect(SchemaValidator.isAvailable, "\(SchemaValidator.unavailableReason ?? "")")
    }

    @Test(.enabled(if: required, "BRUSHFIRE_REQUIRE_REFERENCES is not set"))
    func identityReferencesAreInstalled() {
        #expect(IdentityReference.isAvailable, "\(IdentityReference.unavailableReason ?? "")")
    }

    @Test(.enabled(if: required, "BRUSHFIRE_REQUIRE_REFERENCES is not set"))
    func kcatIsInstalled() {
        let found = ["/usr/bin/kcat", "/usr/local/bin/kcat"].contains {
            FileManager.default.isExecutableFile(atPath: $0)
        }
        #expect(found, "kcat is needed by the Kafka interoperability test (apt-get install kcat)")
    }
}
