/// China's 34 province-level divisions and their prefecture-level divisions, matched at a position in a text.
///
/// Written by hand from the administrative division list; county-level names are not listed, they are found by
/// suffix grammar in `AddressNormalizer`. Lookups go through a dictionary keyed by the first two scalars of every
/// spelling (all names are at least two characters long), so a match costs one hash probe and a few compares.
struct RegionTable: Sendable {
    struct Province: Sendable {
        let name: String
        let isMunicipality: Bool
    }

    struct City: Sendable {
        let name: String
        let province: Int
        /// True when the full name ends in 市 (not 盟, 地区 or 自治州).
        let endsInShi: Bool
    }

    /// Where a name matched: the division's index and the end of the spelling in the text.
    struct Match: Equatable {
        let index: Int
        let end: Int
        /// Where a county-level name may begin: `end`, or the match's start for `阿克苏市` (the seat of the
        /// 阿克苏地区 that shares its short name).
        let countyStart: Int
    }

    private struct Spelling: Sendable {
        let scalars: [UInt32]
        let index: Int
        /// A short form (`浙江`, `金华`) only counts when the next character does not make it part of another name.
        let isShort: Bool
    }

    let provinces: [Province]
    let cities: [City]
    private let provinceSpellings: [UInt64: [Spelling]]
    private let citySpellings: [UInt64: [Spelling]]

    static let shared = RegionTable()

    private init() {
        var provinces: [Province] = []
        var cities: [City] = []
        var provinceSpellings: [UInt64: [Spelling]] = [:]
        var citySpellings: [UInt64: [Spelling]] = [:]
        for (index, entry) in Self.provinceData.enumerated() {
            let names = entry.names.split(separator: " ").map(String.init)
            provinces.append(Province(name: names[0], isMunicipality: entry.municipality))
            Self.add(names[0], index: index, isShort: false, to: &provinceSpellings)
            for alias in names.dropFirst() {
                Self.add(
                    alias, index: index, isShort: !alias.hasSuffix("区") && !alias.hasSuffix("省"), to: &provinceSpellings
                )
            }
            for token in entry.cities.split(separator: " ") {
                let parts = token.split(separator: "/").map(String.init)
                var name = parts[0]
                var short = parts.count > 1 ? parts[1] : name
                if parts.count == 1 {
                    if name.hasSuffix("地区") {
                        short = String(name.dropLast(2))
                    } else if name.hasSuffix("盟") {
                        short = String(name.dropLast())
                    } else {
                        name += "市"
                    }
                }
                let cityIndex = cities.count
                cities.append(City(name: name, province: index, endsInShi: name.hasSuffix("市")))
                Self.add(name, index: cityIndex, isShort: false, to: &citySpellings)
                Self.add(short, index: cityIndex, isShort: true, to: &citySpellings)
                if name.hasSuffix("自治州") { Self.add(short + "州", index: cityIndex, isShort: false, to: &citySpellings) }
            }
        }
        for key in provinceSpellings.keys { provinceSpellings[key]!.sort { $0.scalars.count > $1.scalars.count } }
        for key in citySpellings.keys { citySpellings[key]!.sort { $0.scalars.count > $1.scalars.count } }
        self.provinces = provinces
        self.cities = cities
        self.provinceSpellings = provinceSpellings
        self.citySpellings = citySpellings
    }

    private static func add(_ name: String, index: Int, isShort: Bool, to table: inout [UInt64: [Spelling]]) {
        let scalars = name.unicodeScalars.map(\.value)
        table[key(scalars[0], scalars[1]), default: []].append(
            Spelling(scalars: scalars, index: index, isShort: isShort))
    }

    @inline(__always)
    private static func key(_ first: UInt32, _ second: UInt32) -> UInt64 { UInt64(first) << 32 | UInt64(second) }

    /// The province spelled at `start`, if any.
    func province(in text: [UInt32], at start: Int) -> Match? {
        guard let spelling = Self.longest(in: provinceSpellings, text: text, at: start, where: { _ in true }) else {
            return nil
        }
        let end = start + spelling.scalars.count
        if spelling.isShort && end < text.count && Self.rejectsShortProvince(text[end]) { return nil }
        return Match(index: spelling.index, end: end, countyStart: end)
    }

    /// The prefecture-level division spelled at `start`, restricted to `province` when that is known.
    func city(in text: [UInt32], at start: Int, province: Int?) -> Match? {
        guard
            let spelling = Self.longest(
                in: citySpellings, text: text, at: start,
                where: { province == nil || cities[$0.index].province == province })
        else { return nil }
        let end = start + spelling.scalars.count
        guard spelling.isShort, end < text.count else {
            return Match(index: spelling.index, end: end, countyStart: end)
        }
        let next = text[end]
        if next == 0x5E02 /* 市 */ && !cities[spelling.index].endsInShi {
            return Match(index: spelling.index, end: end, countyStart: start)
        }
        let rejected = Self.rejectsShortCity(next) || (province == nil && Self.continuesStreetName(next))
        return rejected ? nil : Match(index: spelling.index, end: end, countyStart: end)
    }

    private static func longest(
        in table: [UInt64: [Spelling]], text: [UInt32], at start: Int, where accept: (Spelling) -> Bool
    ) -> Spelling? {
        guard start + 1 < text.count, let candidates = table[key(text[start], text[start + 1])] else { return nil }
        search: for spelling in candidates where start + spelling.scalars.count <= text.count && accept(spelling) {
            for offset in 2..<spelling.scalars.count where text[start + offset] != spelling.scalars[offset] {
                continue search
            }
            return spelling
        }
        return nil
    }

    /// 吉林市, 海南州, 江西路: the short province name is part of a city's or a street's name.
    private static func rejectsShortProvince(_ next: UInt32) -> Bool {
        switch next {
        case 0x5E02, 0x5DDE, 0x53BF, 0x533A, 0x8DEF, 0x8857, 0x9053, 0x5DF7, 0x5F04: return true  // 市州县区路街道巷弄
        default: return false
        }
    }

    /// 朝阳区, 南京路, 吉林街: the short city name is part of a district's or a street's name.
    private static func rejectsShortCity(_ next: UInt32) -> Bool {
        switch next {
        case 0x5DDE, 0x53BF, 0x533A, 0x65D7, 0x8DEF, 0x8857, 0x5DF7, 0x5F04: return true  // 州县区旗路街巷弄
        default: return false
        }
    }

    /// 中山大道, 天津道: without a province before it, a short city name followed by 大 or 道 names a street;
    /// after a province (哈尔滨道里区, 大理大理市) it is the city.
    private static func continuesStreetName(_ next: UInt32) -> Bool { next == 0x5927 || next == 0x9053 }

    /// Full name first, then short forms and aliases; a province's prefecture-level divisions (default suffix 市,
    /// `full/short` for autonomous prefectures).
    private static let provinceData: [(names: String, municipality: Bool, cities: String)] = [
        ("北京市 北京", true, ""),
        ("天津市 天津", true, ""),
        ("上海市 上海", true, ""),
        ("重庆市 重庆", true, ""),
        ("河北省 河北", false, "石家庄 唐山 秦皇岛 邯郸 邢台 保定 张家口 承德 沧州 廊坊 衡水"),
        ("山西省 山西", false, "太原 大同 阳泉 长治 晋城 朔州 晋中 运城 忻州 临汾 吕梁"),
        ("辽宁省 辽宁", false, "沈阳 大连 鞍山 抚顺 本溪 丹东 锦州 营口 阜新 辽阳 盘锦 铁岭 朝阳 葫芦岛"),
        ("吉林省 吉林", false, "长春 吉林 四平 辽源 通化 白山 松原 白城 延边朝鲜族自治州/延边"),
        (
            "黑龙江省 黑龙江", false,
            "哈尔滨 齐齐哈尔 鸡西 鹤岗 双鸭山 大庆 伊春 佳木斯 七台河 牡丹江 黑河 绥化 大兴安岭地区"
        ),
        ("江苏省 江苏", false, "南京 无锡 徐州 常州 苏州 南通 连云港 淮安 盐城 扬州 镇江 泰州 宿迁"),
        ("浙江省 浙江", false, "杭州 宁波 温州 嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水"),
        ("安徽省 安徽", false, "合肥 芜湖 蚌埠 淮南 马鞍山 淮北 铜陵 安庆 黄山 滁州 阜阳 宿州 六安 亳州 池州 宣城"),
        ("福建省 福建", false, "福州 厦门 莆田 三明 泉州 漳州 南平 龙岩 宁德"),
        ("江西省 江西", false, "南昌 景德镇 萍乡 九江 新余 鹰潭 赣州 吉安 宜春 抚州 上饶"),
        ("山东省 山东", false, "济南 青岛 淄博 枣庄 东营 烟台 潍坊 济宁 泰安 威海 日照 临沂 德州 聊城 滨州 菏泽"),
        (
            "河南省 河南", false,
            "郑州 开封 洛阳 平顶山 安阳 鹤壁 新乡 焦作 濮阳 许昌 漯河 三门峡 南阳 商丘 信阳 周口 驻马店"
        ),
        (
            "湖北省 湖北", false,
            "武汉 黄石 十堰 宜昌 襄阳 鄂州 荆门 孝感 荆州 黄冈 咸宁 随州 恩施土家族苗族自治州/恩施"
        ),
        (
            "湖南省 湖南", false,
            "长沙 株洲 湘潭 衡阳 邵阳 岳阳 常德 张家界 益阳 郴州 永州 怀化 娄底 湘西土家族苗族自治州/湘西"
        ),
        (
            "广东省 广东", false,
            "广州 韶关 深圳 珠海 汕头 佛山 江门 湛江 茂名 肇庆 惠州 梅州 汕尾 河源 阳江 清远 东莞 中山 潮州 揭阳 云浮"
        ),
        (
            "广西壮族自治区 广西 广西自治区 广西省", false,
            "南宁 柳州 桂林 梧州 北海 防城港 钦州 贵港 玉林 百色 贺州 河池 来宾 崇左"
        ),
        ("海南省 海南", false, "海口 三亚 三沙 儋州"),
        (
            "四川省 四川", false,
            "成都 自贡 攀枝花 泸州 德阳 绵阳 广元 遂宁 内江 乐山 南充 眉山 宜宾 广安 达州 雅安 巴中 资阳 "
                + "阿坝藏族羌族自治州/阿坝 甘孜藏族自治州/甘孜 凉山彝族自治州/凉山"
        ),
        (
            "贵州省 贵州", false,
            "贵阳 六盘水 遵义 安顺 毕节 铜仁 黔西南布依族苗族自治州/黔西南 黔东南苗族侗族自治州/黔东南 "
                + "黔南布依族苗族自治州/黔南"
        ),
        (
            "云南省 云南", false,
            "昆明 曲靖 玉溪 保山 昭通 丽江 普洱 临沧 楚雄彝族自治州/楚雄 红河哈尼族彝族自治州/红河 "
                + "文山壮族苗族自治州/文山 西双版纳傣族自治州/西双版纳 大理白族自治州/大理 "
                + "德宏傣族景颇族自治州/德宏 怒江傈僳族自治州/怒江 迪庆藏族自治州/迪庆"
        ),
        ("西藏自治区 西藏", false, "拉萨 日喀则 昌都 林芝 山南 那曲 阿里地区"),
        ("陕西省 陕西", false, "西安 铜川 宝鸡 咸阳 渭南 延安 汉中 榆林 安康 商洛"),
        (
            "甘肃省 甘肃", false,
            "兰州 嘉峪关 金昌 白银 天水 武威 张掖 平凉 酒泉 庆阳 定西 陇南 临夏回族自治州/临夏 甘南藏族自治州/甘南"
        ),
        (
            "青海省 青海", false,
            "西宁 海东 海北藏族自治州/海北 黄南藏族自治州/黄南 海南藏族自治州/海南 果洛藏族自治州/果洛 "
                + "玉树藏族自治州/玉树 海西蒙古族藏族自治州/海西"
        ),
        ("宁夏回族自治区 宁夏 宁夏自治区", false, "银川 石嘴山 吴忠 固原 中卫"),
        (
            "新疆维吾尔自治区 新疆 新疆自治区", false,
            "乌鲁木齐 克拉玛依 吐鲁番 哈密 昌吉回族自治州/昌吉 博尔塔拉蒙古自治州/博尔塔拉 "
                + "巴音郭楞蒙古自治州/巴音郭楞 阿克苏地区 克孜勒苏柯尔克孜自治州/克孜勒苏 喀什地区 和田地区 "
                + "伊犁哈萨克自治州/伊犁 塔城地区 阿勒泰地区"
        ),
        (
            "内蒙古自治区 内蒙古 内蒙", false,
            "呼和浩特 包头 乌海 赤峰 通辽 鄂尔多斯 呼伦贝尔 巴彦淖尔 乌兰察布 兴安盟 锡林郭勒盟 阿拉善盟"
        ),
        ("台湾省 台湾", false, ""),
        ("香港特别行政区 香港", false, ""),
        ("澳门特别行政区 澳门", false, ""),
    ]
}
