// Micro-benchmark of identity normalisation + fingerprinting per order; run through Scripts/identity_bench.sh.
import Crypto
import Ident

/// SplitMix64, so every run measures the same inputs.
struct Generator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    mutating func digits(_ count: Int) -> String { String((0..<count).map { _ in Character(String(below(10))) }) }
}

func benchmark() {
    let regions = [
        "浙江省金华市义乌市", "浙江金华义乌市", "北京市朝阳区", "广东省 深圳市 南山区 ", "内蒙古锡林郭勒盟锡林浩特市",
        "新疆伊犁哈萨克自治州伊宁市", "湖北恩施州恩施市", "上海浦东新区", "杭州市西湖区", "江苏省苏州市昆山市",
    ]
    let bodies = [
        "稠城街道工人北路123号3幢201室", "建国路88号SOHO现代城A座1201", "科技园南区１８号２栋", "解放路45号",
        "幸福小区5栋2单元302", "文三路菜鸟驿站", "人民医院对面", "城关镇幸福街107号阳光小区18号楼1单元3001",
    ]
    let names = ["张三", " 李 四 ", "ＷＡＮＧ　Ｗｕ", "阿卜杜・热合曼", "欧阳娜娜"]

    var g = Generator(state: 42)
    var orders: [(phone: String, address: String, name: String)] = []
    for _ in 0..<20_000 {
        let number = "1" + ["38", "39", "58", "86", "70", "99", "77"][g.below(7)] + g.digits(8)
        let phone = [
            "+86 " + number, number, "0086-" + number, String(number.prefix(3)) + "****" + String(number.suffix(4)),
        ][g.below(4)]
        orders.append(
            (phone, regions[g.below(regions.count)] + bodies[g.below(bodies.count)], names[g.below(names.count)]))
    }

    let fingerprinter = Fingerprinter(key: Array(repeating: 0x5A, count: 32), keyVersion: 1)
    let clock = ContinuousClock()

    func measure(_ label: String, passes: Int = 5, _ body: (Int) -> UInt64) {
        var best = Duration.seconds(1_000)
        var sink: UInt64 = 0
        for _ in 0..<passes {
            let start = clock.now
            for index in orders.indices { sink &+= body(index) }
            best = min(best, clock.now - start)
        }
        let seconds = Double(best.components.seconds) + Double(best.components.attoseconds) / 1e18
        let perOrder = seconds / Double(orders.count) * 1e9
        let label = label + String(repeating: " ", count: max(0, 44 - label.count))
        print("\(label) \(Int(perOrder)) ns/order  \(Int(Double(orders.count) / seconds)) orders/s  (sink \(sink & 1))")
    }

    measure("phone normalise") { UInt64(PhoneNormalizer.normalize(orders[$0].phone).canonical.utf8.count) }
    measure("address normalise") { UInt64(AddressNormalizer.normalize(orders[$0].address).canonical.utf8.count) }
    measure("name normalise") { UInt64(NameNormalizer.normalize(orders[$0].name).utf8.count) }
    measure("fingerprint (one 11-byte value)") { _ in fingerprinter.fingerprint("13812345678", domain: .phone).value }
    let key = SymmetricKey(data: Array(repeating: UInt8(0x5A), count: 32))
    measure("fingerprint, HMAC keyed per call (baseline)") { _ in
        var mac = HMAC<SHA256>(key: key)
        mac.update(data: Array("phone".utf8) + [0] + Array("13812345678".utf8))
        return mac.finalize().withUnsafeBytes { UInt64($0[0]) }
    }
    measure("order: normalise + fingerprint all three") { index in
        let order = orders[index]
        let phone = PhoneNormalizer.normalize(order.phone)
        let address = AddressNormalizer.normalize(order.address)
        let name = NameNormalizer.normalize(order.name)
        return fingerprinter.fingerprint(phone.canonical, domain: .phone).value
            ^ fingerprinter.fingerprint(address.canonical, domain: .address).value
            ^ fingerprinter.fingerprint(name, domain: .name).value
    }
}

benchmark()
