import Crypto

extension Rules {
    /// A rules file's version: the first 16 hex digits of the SHA-256 of its bytes, as `sha256:…`. It names the
    /// rules in alerts, in `/v1/status` and in metrics, so an alert can be traced to the exact file it came from.
    public static func version(ofFile text: String) -> String {
        let digest = SHA256.hash(data: Array(text.utf8))
        let hex = digest.prefix(8).map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
        }
        return "sha256:" + hex.joined()
    }
}
