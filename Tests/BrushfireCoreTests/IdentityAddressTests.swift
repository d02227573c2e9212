import BrushfireCore
import Testing

/// Addresses: region recognition (municipalities, autonomous regions and prefectures, leagues, county-level
/// cities, short forms), one canonical form per door, vagueness classes, and displays without the street.
struct IdentityAddressTests {
    struct Expected: CustomTestStringConvertible, Sendable {
        var raw: String
        var province: String?
        var city: String?
        var district: String?
        var testDescription: String { raw }

        init(_ raw: String, _ province: String?, _ city: String?, _ district: String?) {
            self.raw = raw
            self.province = province
            self.city = city
            self.district = district
        }
    }

    @Test(arguments: [
        Expected("北京市朝阳区建国路88号", "北京市", "北京市", "朝阳区"),
        Expected("北京 北京市 海淀区 中关村大街1号", "北京市", "北京市", "海淀区"),
        Expected("上海浦东新区张江路100弄5号", "上海市", "上海市", "浦东新区"),
        Expected("重庆市城口县葛城街道1号", "重庆市", "重庆市", "城口县"),
        Expected("天津市市辖区和平区南京路1号", "天津市", "天津市", "和平区"),
        Expected("内蒙古锡林郭勒盟锡林浩特市额尔敦路12号", "内蒙古自治区", "锡林郭勒盟", "锡林浩特市"),
        Expected("内蒙古自治区鄂尔多斯市鄂托克前旗敖勒召其镇", "内蒙古自治区", "鄂尔多斯市", "鄂托克前旗"),
        Expected("新疆伊犁哈萨克自治州伊宁市解放路3号", "新疆维吾尔自治区", "伊犁哈萨克自治州", "伊宁市"),
        Expected("新疆阿克苏市人民路5号", "新疆维吾尔自治区", "阿克苏地区", "阿克苏市"),
        Expected("广西南宁青秀区民族大道100号", "广西壮族自治区", "南宁市", "青秀区"),
        Expected("西藏拉萨市城关区北京中路1号", "西藏自治区", "拉萨市", "城关区"),
        Expected("宁夏银川兴庆区解放东街1号", "宁夏回族自治区", "银川市", "兴庆区"),
        Expected("湖北恩施州恩施市舞阳大街1号", "湖北省", "恩施土家族苗族自治州", "恩施市"),
        Expected("湖南省邵阳市城步苗族自治县儒林镇1号", "湖南省", "邵阳市", "城步苗族自治县"),
        Expected("黑龙江大兴安岭地区漠河市中华路1号", "黑龙江省", "大兴安岭地区", "漠河市"),
        Expected("浙江省金华市义乌市稠城街道工人北路123号", "浙江省", "金华市", "义乌市"),
        Expected("浙江金华义乌市稠城街道工人北路123号", "浙江省", "金华市", "义乌市"),
        Expected("杭州市西湖区文三路1号", "浙江省", "杭州市", "西湖区"),
        Expected("吉林市船营区解放路1号", "吉林省", "吉林市", "船营区"),
        Expected("吉林省吉林市船营区解放路1号", "吉林省", "吉林市", "船营区"),
        Expected("辽宁朝阳双塔区新华路1号", "辽宁省", "朝阳市", "双塔区"),
        Expected("青海海南州共和县恰卜恰镇1号", "青海省", "海南藏族自治州", "共和县"),
        Expected("海南海口美兰区海府路1号", "海南省", "海口市", "美兰区"),
        Expected("中国广东省深圳市南山区科技园1号", "广东省", "深圳市", "南山区"),
        Expected("朝阳区建国路88号", nil, nil, "朝阳区"),
        Expected("上海市南京东路100号", "上海市", "上海市", nil),
        Expected("杭州市阳光小区3栋", "浙江省", "杭州市", nil),
        Expected("广州市天河区", "广东省", "广州市", "天河区"),
    ])
    func recognisesRegions(expected: Expected) {
        let address = AddressNormalizer.normalize(expected.raw)
        #expect(address.province == expected.province)
        #expect(address.city == expected.city)
        #expect(address.district == expected.district)
    }

    @Test func theIssueExampleSpellingsShareOneCanonicalForm() {
        let a = AddressNormalizer.normalize("浙江省 金华市义乌市稠城街道工人北路１２３号３幢２０１室")
        let b = AddressNormalizer.normalize("浙江金华义乌市稠城街道工人北路123号3栋201")
        #expect(a.canonical == b.canonical)
        #expect(a.canonical == "浙江省金华市义乌市稠城街道工人北路123号3-201")
        #expect(a.vagueness == .specific && b.vagueness == .specific)
        #expect(a.display == "浙江省金华市义乌市…")
    }

    @Test func everySpellingOfOneDoorLinks() {
        var generator = IdentityCorpus.Generator(state: 2024)
        let fingerprinter = Fingerprinter.development
        for place in IdentityCorpus.places {
            for _ in 0..<4 {
                let door = IdentityCorpus.door(&generator)
                var canonicals: Set<String> = []
                for region in IdentityCorpus.regionSpellings(place) {
                    for body in IdentityCorpus.doorSpellings(door) {
                        let address = AddressNormalizer.normalize(region + body)
                        canonicals.insert(address.canonical)
                        #expect(address.vagueness == .specific, "\(region + body)")
                        #expect(address.province == place.province, "\(region + body)")
                        #expect(address.city == place.city, "\(region + body)")
                    }
                }
                #expect(canonicals.count == 1, "\(place.city) \(door): \(canonicals.sorted())")
                let fingerprints = Set(canonicals.map { fingerprinter.fingerprint($0, domain: .address) })
                #expect(fingerprints.count == 1)
            }
        }
    }

    @Test func differentDoorsStayApart() {
        let base = AddressNormalizer.normalize("浙江省金华市义乌市工人北路123号3栋201室")
        for other in [
            "浙江省金华市义乌市工人北路123号3栋202室", "浙江省金华市义乌市工人北路123号4栋201室",
            "浙江省金华市义乌市工人北路124号3栋201室", "浙江省金华市东阳市工人北路123号3栋201室",
            "浙江省金华市义乌市工人南路123号3栋201室",
        ] {
            #expect(AddressNormalizer.normalize(other).canonical != base.canonical, "\(other)")
        }
    }

    @Test(arguments: [
        ("", AddressVagueness.empty), ("  ，。 ", .empty),
        ("广东省", .regionOnly), ("广东省深圳市", .regionOnly), ("广东 深圳 南山区", .regionOnly),
        ("北京市朝阳区", .regionOnly),
        ("广东省深圳市南山区科技园", .noNumber), ("杭州市西湖区文三路", .noNumber), ("阳光小区", .noNumber),
        ("深圳市南山区科技园附近", .landmark), ("杭州市西湖区文三路100号门口", .landmark),
        ("义乌市工人北路旁边的小卖部", .landmark), ("人民医院对面", .landmark),
        ("杭州市西湖区文三路菜鸟驿站", .pickup), ("金华市丰巢快递柜", .pickup), ("义乌市稠城街道快递点自取", .pickup),
        ("小区门口快递柜", .pickup), ("学校自取", .pickup),
        ("杭州市西湖区文三路100号", .specific), ("北京市海淀区中关村大街一号", .specific),
        ("阳光小区三栋二单元", .specific),
        // A postal code opening or closing the address is not a door; a number joined to another, or short, is.
        ("北京市海淀区100084", .noNumber), ("100084北京市海淀区中关村大街", .noNumber),
        ("杭州市西湖区文三路100号310012", .specific), ("01310, sao paulo, SP", .noNumber),
        ("13083, campinas, SP", .noNumber), ("Rua Augusta 1508, 01304-001 Sao Paulo", .specific),
        ("杭州市西湖区文三路3栋12345", .specific), ("杭州市西湖区文三路10086号", .specific),
        ("杭州市西湖区文三路1201", .specific),
    ])
    func classifiesVagueness(raw: String, vagueness: AddressVagueness) {
        let address = AddressNormalizer.normalize(raw)
        #expect(address.vagueness == vagueness)
        #expect(address.vagueness.isVague == (vagueness != .specific))
    }

    @Test func displayNeverShowsTheStreet() {
        var generator = IdentityCorpus.Generator(state: 99)
        for place in IdentityCorpus.places {
            let door = IdentityCorpus.door(&generator)
            for region in IdentityCorpus.regionSpellings(place) {
                for body in IdentityCorpus.doorSpellings(door) {
                    let address = AddressNormalizer.normalize(region + body)
                    #expect(address.display.hasSuffix("…"))
                    #expect(!address.display.contains(door.street), "\(address.display)")
                    #expect(!address.display.contains { $0.isASCII && $0.isNumber }, "\(address.display)")
                    let prefix =
                        (address.province ?? "") + (address.city == address.province ? "" : address.city ?? "")
                        + (address.district ?? "")
                    #expect(address.display == prefix + "…")
                }
            }
        }
        #expect(AddressNormalizer.normalize("解放路1号").display == "…")
    }

    @Test func foldsWidthCaseAndPunctuation() {
        let a = AddressNormalizer.normalize("北京市朝阳区建国路８８号ＳＯＨＯ现代城Ａ座１２０１")
        let b = AddressNormalizer.normalize("北京市, 朝阳区 建国路88号 soho现代城 a座 1201")
        #expect(a.canonical == b.canonical)
        #expect(a.canonical == "北京市朝阳区建国路88号SOHO现代城A-1201")
    }
}
