/// Place and name tables the simulator draws from: plausible, invented, and small enough to read.
enum Gazetteer {
    /// A district (or county-level city) with a few of its sub-district streets.
    struct Region: Sendable {
        var province: String
        /// Empty for the four municipalities, whose province is the city.
        var city: String
        var district: String
        var streets: [String]
    }

    static let regions: [Region] = [
        Region(province: "浙江省", city: "杭州市", district: "西湖区", streets: ["文新街道", "翠苑街道", "古荡街道"]),
        Region(province: "浙江省", city: "杭州市", district: "余杭区", streets: ["五常街道", "仓前街道", "闲林街道"]),
        Region(province: "浙江省", city: "金华市", district: "义乌市", streets: ["稠城街道", "北苑街道", "江东街道"]),
        Region(province: "浙江省", city: "宁波市", district: "鄞州区", streets: ["首南街道", "中河街道"]),
        Region(province: "广东省", city: "深圳市", district: "南山区", streets: ["粤海街道", "蛇口街道", "西丽街道"]),
        Region(province: "广东省", city: "深圳市", district: "福田区", streets: ["华强北街道", "莲花街道"]),
        Region(province: "广东省", city: "广州市", district: "天河区", streets: ["石牌街道", "林和街道", "员村街道"]),
        Region(province: "广东省", city: "广州市", district: "白云区", streets: ["三元里街道", "同和街道"]),
        Region(province: "广东省", city: "东莞市", district: "南城街道", streets: ["宏远社区", "石鼓社区"]),
        Region(province: "江苏省", city: "南京市", district: "鼓楼区", streets: ["湖南路街道", "宁海路街道"]),
        Region(province: "江苏省", city: "苏州市", district: "姑苏区", streets: ["平江街道", "双塔街道"]),
        Region(province: "江苏省", city: "无锡市", district: "梁溪区", streets: ["崇安寺街道", "广益街道"]),
        Region(province: "上海市", city: "", district: "浦东新区", streets: ["陆家嘴街道", "张江镇", "花木街道"]),
        Region(province: "上海市", city: "", district: "徐汇区", streets: ["徐家汇街道", "田林街道"]),
        Region(province: "上海市", city: "", district: "闵行区", streets: ["莘庄镇", "古美路街道"]),
        Region(province: "北京市", city: "", district: "朝阳区", streets: ["望京街道", "三里屯街道", "双井街道"]),
        Region(province: "北京市", city: "", district: "海淀区", streets: ["中关村街道", "学院路街道"]),
        Region(province: "天津市", city: "", district: "南开区", streets: ["学府街道", "长虹街道"]),
        Region(province: "重庆市", city: "", district: "渝中区", streets: ["解放碑街道", "大坪街道"]),
        Region(province: "四川省", city: "成都市", district: "武侯区", streets: ["玉林街道", "浆洗街街道"]),
        Region(province: "四川省", city: "成都市", district: "锦江区", streets: ["春熙路街道", "牛市口街道"]),
        Region(province: "湖北省", city: "武汉市", district: "洪山区", streets: ["珞南街道", "关山街道"]),
        Region(province: "湖南省", city: "长沙市", district: "岳麓区", streets: ["橘子洲街道", "望月湖街道"]),
        Region(province: "山东省", city: "济南市", district: "历下区", streets: ["泉城路街道", "文东街道"]),
        Region(province: "山东省", city: "青岛市", district: "市南区", streets: ["香港中路街道", "八大关街道"]),
        Region(province: "河南省", city: "郑州市", district: "金水区", streets: ["花园路街道", "经八路街道"]),
        Region(province: "福建省", city: "厦门市", district: "思明区", streets: ["鹭江街道", "莲前街道"]),
        Region(province: "陕西省", city: "西安市", district: "雁塔区", streets: ["小寨路街道", "电子城街道"]),
        Region(province: "辽宁省", city: "沈阳市", district: "和平区", streets: ["太原街街道", "南湖街道"]),
        Region(province: "河北省", city: "石家庄市", district: "长安区", streets: ["建北街道", "育才街道"]),
        Region(province: "安徽省", city: "合肥市", district: "蜀山区", streets: ["三里庵街道", "稻香村街道"]),
        Region(province: "江西省", city: "南昌市", district: "东湖区", streets: ["八一桥街道", "豫章街道"]),
        Region(province: "云南省", city: "昆明市", district: "五华区", streets: ["华山街道", "莲华街道"]),
        Region(province: "广西壮族自治区", city: "南宁市", district: "青秀区", streets: ["新竹街道", "中山街道"]),
        Region(province: "黑龙江省", city: "哈尔滨市", district: "南岗区", streets: ["花园街道", "大成街道"]),
        Region(province: "吉林省", city: "长春市", district: "朝阳区", streets: ["桂林街道", "永昌街道"]),
        Region(province: "山西省", city: "太原市", district: "小店区", streets: ["坞城街道", "平阳路街道"]),
        Region(province: "贵州省", city: "贵阳市", district: "云岩区", streets: ["中华路街道", "黔东街道"]),
    ]

    /// Relative population of each region, heavier for the coastal cities that dominate online shopping.
    static let regionWeights: [Double] = regions.map { region in
        switch region.province {
        case "广东省", "浙江省", "江苏省", "上海市", "北京市": 3
        case "山东省", "四川省", "福建省", "湖北省", "河南省": 2
        default: 1
        }
    }

    static let roads = [
        "人民路", "解放路", "中山路", "建设路", "工人北路", "文三路", "学院路", "新华路", "和平路", "长江路",
        "黄河路", "振兴路", "科技路", "青年路", "幸福路", "朝阳路", "东风路", "胜利路", "光明路", "南京路",
        "滨江路", "湖滨路", "体育场路", "环城北路", "金城路", "花园路", "商城大道", "紫荆路", "丹桂路", "枫林路",
    ]

    static let communities = [
        "阳光花园", "金色家园", "翠苑一区", "世纪新城", "锦绣华庭", "春江花月", "绿城桂花园", "万科城", "碧桂园",
        "保利花园", "幸福里", "和美家园", "康乐新村", "明珠小区", "滨江花苑", "书香名邸", "中海国际", "龙湖天街",
    ]

    static let landmarks = [
        "地铁站", "人民医院", "第一中学", "汽车站", "万达广场", "菜市场", "沃尔玛", "市政府", "火车站", "公园",
    ]

    static let pickupPoints = ["菜鸟驿站", "丰巢快递柜", "快递代收点", "妈妈驿站", "兔喜快递超市"]

    static let officeBuildings = ["国际大厦", "科技园A座", "金融中心", "软件园3号楼", "创业大厦", "财富广场"]

    /// Common surnames, most frequent first.
    static let surnames = [
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高",
        "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁",
        "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔",
        "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏", "韦", "方", "白", "邹", "孟", "熊", "秦", "邱",
        "江", "尹", "薛", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵", "万", "钱",
    ]

    static let givenCharacters = [
        "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "霞",
        "平", "刚", "英", "华", "玲", "桂", "兰", "红", "建", "文", "辉", "鹏", "飞", "宇", "婷", "雪", "琳", "晨",
        "浩", "欣", "怡", "佳", "子", "涵", "梓", "轩", "萱", "博", "思", "雨", "嘉", "一", "诺", "晓", "志", "国",
        "海", "波", "峰", "斌", "俊", "慧", "颖", "倩", "瑶", "凯", "鑫", "悦", "然", "泽", "宁", "瑞",
    ]

    /// Mainland mobile prefixes across the three carriers (13x–19x).
    static let mobilePrefixes = [
        "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "147", "150", "151", "152", "153",
        "155", "156", "157", "158", "159", "166", "173", "175", "176", "177", "178", "180", "181", "182", "183",
        "184", "185", "186", "187", "188", "189", "191", "198", "199",
    ]
}
