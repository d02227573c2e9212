/// Scalar values of the Chinese characters the address grammar looks for.
enum Scalar {
    static let hao: UInt32 = 0x53F7  // 号
    static let lou: UInt32 = 0x697C  // 楼
    static let dong: UInt32 = 0x680B  // 栋
    static let zhuang: UInt32 = 0x5E62  // 幢
    static let zuo: UInt32 = 0x5EA7  // 座
    static let dan: UInt32 = 0x5355  // 单
    static let yuan: UInt32 = 0x5143  // 元
    static let shi: UInt32 = 0x5E02  // 市
    static let room: UInt32 = 0x5BA4  // 室
    static let qu: UInt32 = 0x533A  // 区
    static let zi: UInt32 = 0x81EA  // 自
    static let zhi: UInt32 = 0x6CBB  // 治
    static let chang: UInt32 = 0x573A  // 场
    static let zheng: UInt32 = 0x653F  // 政
    static let shiXiaQu: [UInt32] = [0x5E02, 0x8F96, 0x533A]  // 市辖区

    @inline(__always)
    static func isCountySuffix(_ value: UInt32) -> Bool {
        value == 0x533A || value == 0x53BF || value == 0x5E02 || value == 0x65D7  // 区县市旗
    }

    /// Street-level words: 路街道巷号村镇乡弄栋幢室 (not 楼: 鼓楼区, 钟楼区).
    @inline(__always)
    static func endsCountySearch(_ value: UInt32) -> Bool {
        switch value {
        case 0x8DEF, 0x8857, 0x9053, 0x5DF7, 0x53F7, 0x6751, 0x9547, 0x4E61, 0x5F04, 0x680B, 0x5E62, 0x5BA4:
            return true
        default:
            return false
        }
    }

    /// 小区, 社区, 园区, 校区, 景区, 厂区, 片区, 商区, 住宅区, 居住区, 病区, 宿舍区: areas, not counties.
    @inline(__always)
    static func isNonCountyArea(_ before: UInt32) -> Bool {
        switch before {
        case 0x5C0F, 0x793E, 0x56ED, 0x6821, 0x666F, 0x5382, 0x7247, 0x5546, 0x5B85, 0x4F4F, 0x75C5, 0x820D:
            return true
        default:
            return false
        }
    }

    /// 一 to 九 and 零 as digit values.
    @inline(__always)
    static func chineseDigit(_ value: UInt32) -> UInt32? {
        switch value {
        case 0x96F6: return 0
        case 0x4E00: return 1
        case 0x4E8C: return 2
        case 0x4E09: return 3
        case 0x56DB: return 4
        case 0x4E94: return 5
        case 0x516D: return 6
        case 0x4E03: return 7
        case 0x516B: return 8
        case 0x4E5D: return 9
        default: return nil
        }
    }

    /// 号 (or `#`), 栋, 幢, 座, 单(元), 楼, 层, 室: what follows a house, building, unit, floor or room number.
    @inline(__always)
    static func isUnitAfterNumber(_ value: UInt32) -> Bool {
        switch value {
        case 0x53F7, 0x680B, 0x5E62, 0x5EA7, 0x5355, 0x697C, 0x5C42, 0x5BA4, 0x23: return true
        default: return false
        }
    }
}
