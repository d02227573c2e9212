/// The words that make an address a pickup point or a landmark, with a 256-bit filter of their first scalars so
/// most positions of an address are dismissed with one bit test.
struct CueWords: Sendable {
    let pickup: [[UInt32]]
    let landmark: [[UInt32]]
    private let filter: (UInt64, UInt64, UInt64, UInt64)

    static let shared = CueWords(
        pickup: "驿站 丰巢 快递点 快递柜 快递站 快递超市 代收点 自取 自提 智能柜 兔喜 门卫 收发室",
        landmark: "附近 门口 旁边 对面 周边 隔壁 一带 路口")

    private init(pickup: String, landmark: String) {
        func words(_ list: String) -> [[UInt32]] { list.split(separator: " ").map { $0.unicodeScalars.map(\.value) } }
        self.pickup = words(pickup)
        self.landmark = words(landmark)
        var bits: [UInt64] = [0, 0, 0, 0]
        for word in self.pickup + self.landmark { bits[Int(word[0] >> 6 & 3)] |= 1 << (word[0] & 63) }
        filter = (bits[0], bits[1], bits[2], bits[3])
    }

    @inline(__always)
    func mayStart(_ value: UInt32) -> Bool {
        let word: UInt64
        switch value >> 6 & 3 {
        case 0: word = filter.0
        case 1: word = filter.1
        case 2: word = filter.2
        default: word = filter.3
        }
        return word >> (value & 63) & 1 != 0
    }

    /// True when one of `words` starts at `start`.
    func matches(_ text: [UInt32], at start: Int, _ words: [[UInt32]]) -> Bool {
        search: for word in words where word[0] == text[start] && start + word.count <= text.count {
            for offset in 1..<word.count where text[start + offset] != word[offset] { continue search }
            return true
        }
        return false
    }
}
