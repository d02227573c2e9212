/// Deterministic generators of phone numbers and addresses in the many spellings real orders carry.
///
/// Shared by the property tests (every spelling of one number or door must normalise alike) and the reference
/// comparison (the corpus is judged by libphonenumber and cpca as well).
struct IdentityCorpus {
    /// SplitMix64: small, seedable, and the same on every platform.
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

        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

        mutating func digits(_ count: Int) -> String {
            String((0..<count).map { _ in Character(String(below(10))) })
        }
    }

    /// Three-digit mobile prefixes in public use (the ranges every carrier sells).
    static let commonMobilePrefixes: [String] =
        (130...139).map(String.init) + ["145", "147", "150", "151", "152", "153", "155", "156", "157", "158", "159"]
        + ["162", "165", "166", "167", "170", "171", "172", "173", "175", "176", "177", "178"]
        + (180...189).map(String.init) + ["190", "191", "192", "193", "195", "196", "197", "198", "199"]

    /// Area codes of real cities, with the trunk 0.
    static let areaCodes = [
        "010", "020", "021", "022", "023", "024", "025", "027", "028", "029", "0311", "0351", "0371", "0431",
        "0451", "0471", "0531", "0532", "0551", "0571", "0574", "0579", "0591", "0592", "0731", "0755", "0757",
        "0769", "0771", "0791", "0851", "0871", "0898", "0931", "0951", "0971", "0991",
    ]

    /// Foreign numbers as (country code, national number generator) templates of valid mobile or fixed ranges.
    static let foreignTemplates: [(code: String, make: @Sendable (inout Generator) -> String)] = [
        ("1", { g in "\(2 + g.below(8))\(g.digits(2)) \(2 + g.below(8))\(g.digits(2)) \(g.digits(4))" }),
        ("44", { g in "7\(4 + g.below(6))\(g.digits(2)) \(g.digits(6))" }),
        ("49", { g in "15\(1 + g.below(2))\(g.digits(8))" }),
        ("852", { g in "\(5 + g.below(5))\(g.digits(3)) \(g.digits(4))" }),
        ("81", { g in "90 \(g.digits(4)) \(g.digits(4))" }),
        ("65", { g in "\(8 + g.below(2))\(g.digits(3)) \(g.digits(4))" }),
        ("886", { g in "9\(g.digits(2)) \(g.digits(3)) \(g.digits(3))" }),
        ("82", { g in "10 \(g.digits(4)) \(g.digits(4))" }),
        ("61", { g in "4\(g.digits(2)) \(g.digits(3)) \(g.digits(3))" }),
        ("33", { g in "6 \(g.digits(2)) \(g.digits(2)) \(g.digits(2)) \(g.digits(2))" }),
    ]

    /// Full-width digits and plus, as pasted from Chinese input methods.
    static func fullWidth(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { scalar in
                    (0x21...0x7E).contains(scalar.value) ? Unicode.Scalar(scalar.value + 0xFEE0)! : scalar
                }))
    }

    /// Ways to write the eleven digits of a mainland mobile number, with or without the country code.
    static func mobileSpellings(_ number: String) -> [String] {
        let a = String(number.prefix(3))
        let b = String(number.dropFirst(3).prefix(4))
        let c = String(number.suffix(4))
        return [
            number, "+86\(number)", "+86 \(number)", "+86-\(a)-\(b)-\(c)", "0086\(number)", "0086 \(a) \(b) \(c)",
            "86-\(number)", "86 \(a) \(b) \(c)", "(+86) \(a) \(b) \(c)", "\(a)-\(b)-\(c)", "\(a) \(b) \(c)",
            " \(number) ", fullWidth(number), fullWidth("+86 \(a) \(b) \(c)"), "\(a)\u{3000}\(b)\u{3000}\(c)",
            "（+86）\(a)—\(b)—\(c)",
        ]
    }

    /// Ways to write a mainland fixed line given its area code (with trunk 0) and subscriber number.
    static func landlineSpellings(area: String, subscriber: String) -> [String] {
        let bare = String(area.dropFirst())
        return [
            "\(area)\(subscriber)", "\(area)-\(subscriber)", "(\(area)) \(subscriber)", "+86 \(bare) \(subscriber)",
            "0086-\(bare)-\(subscriber)", "+86 (\(area)) \(subscriber)", fullWidth("\(area)-\(subscriber)"),
        ]
    }

    /// One county-level division with its prefecture and province, as cpca's data names them.
    struct Place: Sendable {
        var province: String
        var city: String
        var district: String?
        var shortProvince: String
        var shortCity: String
    }

    static let places: [Place] = [
        .init("浙江省", "金华市", "义乌市", "浙江", "金华"), .init("浙江省", "杭州市", "西湖区", "浙江", "杭州"),
        .init("浙江省", "宁波市", "鄞州区", "浙江", "宁波"), .init("浙江省", "温州市", "乐清市", "浙江", "温州"),
        .init("江苏省", "苏州市", "昆山市", "江苏", "苏州"), .init("江苏省", "南京市", "鼓楼区", "江苏", "南京"),
        .init("广东省", "深圳市", "南山区", "广东", "深圳"), .init("广东省", "广州市", "天河区", "广东", "广州"),
        .init("广东省", "佛山市", "顺德区", "广东", "佛山"), .init("广东省", "东莞市", nil, "广东", "东莞"),
        .init("北京市", "北京市", "朝阳区", "北京", "北京"), .init("北京市", "北京市", "海淀区", "北京", "北京"),
        .init("上海市", "上海市", "浦东新区", "上海", "上海"), .init("上海市", "上海市", "闵行区", "上海", "上海"),
        .init("天津市", "天津市", "和平区", "天津", "天津"), .init("重庆市", "重庆市", "渝中区", "重庆", "重庆"),
        .init("重庆市", "重庆市", "城口县", "重庆", "重庆"),
        .init("内蒙古自治区", "呼和浩特市", "新城区", "内蒙古", "呼和浩特"),
        .init("内蒙古自治区", "锡林郭勒盟", "锡林浩特市", "内蒙古", "锡林郭勒"),
        .init("内蒙古自治区", "呼伦贝尔市", "满洲里市", "内蒙古", "呼伦贝尔"),
        .init("内蒙古自治区", "鄂尔多斯市", "鄂托克前旗", "内蒙古", "鄂尔多斯"),
        .init("广西壮族自治区", "南宁市", "青秀区", "广西", "南宁"),
        .init("广西壮族自治区", "桂林市", "阳朔县", "广西", "桂林"),
        .init("宁夏回族自治区", "银川市", "兴庆区", "宁夏", "银川"),
        .init("新疆维吾尔自治区", "乌鲁木齐市", "天山区", "新疆", "乌鲁木齐"),
        .init("新疆维吾尔自治区", "伊犁哈萨克自治州", "伊宁市", "新疆", "伊犁"),
        .init("新疆维吾尔自治区", "喀什地区", "喀什市", "新疆", "喀什"),
        .init("西藏自治区", "拉萨市", "城关区", "西藏", "拉萨"),
        .init("湖北省", "恩施土家族苗族自治州", "恩施市", "湖北", "恩施州"),
        .init("湖北省", "武汉市", "洪山区", "湖北", "武汉"),
        .init("湖南省", "湘西土家族苗族自治州", "吉首市", "湖南", "湘西州"),
        .init("湖南省", "邵阳市", "城步苗族自治县", "湖南", "邵阳"), .init("湖南省", "长沙市", "岳麓区", "湖南", "长沙"),
        .init("吉林省", "延边朝鲜族自治州", "延吉市", "吉林", "延边"), .init("吉林省", "吉林市", "船营区", "吉林", "吉林"),
        .init("黑龙江省", "大兴安岭地区", "漠河市", "黑龙江", "大兴安岭"),
        .init("黑龙江省", "哈尔滨市", "道里区", "黑龙江", "哈尔滨"), .init("辽宁省", "大连市", "甘井子区", "辽宁", "大连"),
        .init("辽宁省", "朝阳市", "双塔区", "辽宁", "朝阳"), .init("云南省", "大理白族自治州", "大理市", "云南", "大理"),
        .init("云南省", "西双版纳傣族自治州", "景洪市", "云南", "西双版纳"),
        .init("云南省", "昆明市", "五华区", "云南", "昆明"), .init("四川省", "成都市", "武侯区", "四川", "成都"),
        .init("四川省", "凉山彝族自治州", "西昌市", "四川", "凉山"),
        .init("四川省", "阿坝藏族羌族自治州", "马尔康市", "四川", "阿坝"),
        .init("贵州省", "黔东南苗族侗族自治州", "凯里市", "贵州", "黔东南"),
        .init("贵州省", "贵阳市", "南明区", "贵州", "贵阳"), .init("山东省", "青岛市", "黄岛区", "山东", "青岛"),
        .init("山东省", "济南市", "历下区", "山东", "济南"), .init("河南省", "郑州市", "金水区", "河南", "郑州"),
        .init("河北省", "石家庄市", "长安区", "河北", "石家庄"), .init("山西省", "太原市", "小店区", "山西", "太原"),
        .init("陕西省", "西安市", "雁塔区", "陕西", "西安"), .init("甘肃省", "兰州市", "城关区", "甘肃", "兰州"),
        .init("甘肃省", "临夏回族自治州", "临夏市", "甘肃", "临夏"), .init("青海省", "西宁市", "城中区", "青海", "西宁"),
        .init("海南省", "海口市", "美兰区", "海南", "海口"), .init("福建省", "厦门市", "思明区", "福建", "厦门"),
        .init("江西省", "南昌市", "东湖区", "江西", "南昌"), .init("安徽省", "合肥市", "蜀山区", "安徽", "合肥"),
    ]

    static let streets = ["工人北路", "解放路", "人民大道", "建设东路", "中山路", "幸福街", "滨江大道", "文化路"]
    static let compounds = ["阳光小区", "锦绣花园", "金色家园", "翠苑", "新村", "国际公寓"]
    static let townships = ["稠城街道", "城关镇", "新华街道", ""]

    /// A door: street, number, and often a compound with building, unit and room, in canonical spelling
    /// (`123号3栋2单元201`) so variants can be derived from it.
    struct Door {
        var township: String
        var street: String
        var number: Int
        var compound: String?
        var building: Int
        var unit: Int?
        var room: Int
    }

    static func door(_ g: inout Generator) -> Door {
        Door(
            township: g.pick(townships), street: g.pick(streets), number: 1 + g.below(400),
            compound: g.below(2) == 0 ? g.pick(compounds) : nil, building: 1 + g.below(30),
            unit: g.below(2) == 0 ? 1 + g.below(6) : nil, room: 100 * (1 + g.below(30)) + 1 + g.below(4))
    }

    /// Several spellings of one door that a person would read as the same place.
    static func doorSpellings(_ d: Door) -> [String] {
        let head = d.township + d.street + "\(d.number)号" + (d.compound ?? "")
        let unit = d.unit.map { "\($0)单元" } ?? ""
        let dashUnit = d.unit.map { "\($0)-" } ?? ""
        return [
            head + "\(d.building)栋" + unit + "\(d.room)室",
            head + "\(d.building)幢" + unit + "\(d.room)",
            head + "\(d.building)号楼" + unit + "\(d.room)室",
            head + "\(d.building)-" + dashUnit + "\(d.room)",
            fullWidth(head + "\(d.building)栋" + unit + "\(d.room)"),
            head + " \(d.building)#楼 " + unit + "\(d.room)室",
        ]
    }

    /// Ways to write the region part of `place`, all naming the same province, city and district.
    static func regionSpellings(_ p: Place) -> [String] {
        let district = p.district ?? ""
        let municipality = p.province == p.city
        var spellings = [
            p.province + (municipality ? "" : p.city) + district,
            p.province + " " + (municipality ? "" : p.city + " ") + district + " ",
            p.shortProvince + (municipality ? "" : p.shortCity) + district,
        ]
        if municipality {
            spellings.append(p.shortProvince + " " + p.city + " " + district)
        } else {
            spellings.append(p.city + district)
            spellings.append(p.province + "\u{3000}" + p.shortCity + district)
        }
        return spellings
    }
}

extension IdentityCorpus.Place {
    init(_ province: String, _ city: String, _ district: String?, _ shortProvince: String, _ shortCity: String) {
        self.init(
            province: province, city: city, district: district, shortProvince: shortProvince, shortCity: shortCity)
    }
}
