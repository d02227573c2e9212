/// Benign: places where many honest people share one address — a university dormitory, an office front
/// desk, a parcel locker — and a household of three; each account has its own name and phone and shops
/// normally throughout the run.
struct SharedDormStory: Story {
    static let places: [(address: PostalAddress, accounts: Int)] = [
        (
            PostalAddress(
                province: "浙江省", city: "杭州市", district: "西湖区", street: "",
                detail: "余杭塘路866号浙江大学紫金港校区白沙3舍"), 40
        ),
        (
            PostalAddress(
                province: "上海市", city: "", district: "浦东新区", street: "张江镇",
                detail: "博云路2号浦软大厦1楼前台"), 25
        ),
        (
            PostalAddress(
                province: "广东省", city: "深圳市", district: "南山区", street: "粤海街道",
                detail: "科技园中区丰巢快递柜"), 30
        ),
    ]

    func play(in context: inout StoryContext, log: inout EventLog) -> ScenarioTruth {
        let world = context.world
        let factory = context.factory
        var residents: [(id: String, persona: Persona)] = []
        for place in Self.places {
            for _ in 0..<place.accounts {
                residents.append((context.newAccountID(), factory.persona(&context.rng, at: place.address)))
            }
        }
        let household = factory.home(&context.rng)
        for _ in 0..<3 { residents.append((context.newAccountID(), factory.persona(&context.rng, at: household))) }

        let shopSampler = WeightedSampler(weights: world.shops.map(\.dailyOrders))
        var orderIDs: [String] = []
        var shopsVisited = Set<String>()
        var times: [Int64] = []
        for resident in residents {
            for day in 0..<world.days {
                for _ in 0..<context.rng.int(in: 0...2) {
                    let shop = world.shops[shopSampler.sample(&context.rng)]
                    let time = world.dayStart(day) + world.rhythm.sampleOffset(&context.rng)
                    let orderID = context.model.place(
                        shop: shop, item: context.rng.pick(shop.items), buyer: resident.id,
                        receiver: resident.persona.receiver(&context.rng, provinceOnly: shop.provinceOnly), at: time,
                        refundRate: shop.category.refundRate, log: &log, rng: &context.rng)
                    orderIDs.append(orderID)
                    shopsVisited.insert(shop.id)
                    times.append(time)
                }
            }
        }
        return ScenarioTruth(
            scenario: .sharedDorm, subjectShopIDs: shopsVisited.sorted(), start: times.min() ?? world.start,
            end: times.max() ?? world.start, attackOrderIDs: orderIDs, attackBuyerIDs: residents.map(\.id).sorted(),
            benign: true, expectedRules: [])
    }
}
