extension FingerprintRingOperator.Figures: ChineseSummary {
    /// The `fingerprint_ring` summary in Chinese: the same counts as the English one.
    func chineseSummary(_ incident: Incident) -> String {
        let extortion = group.extortionOrders.count
        var summary =
            "\(Say.zhSubject(group.subject)) 关联 \(Say.count(group.accounts.count)) 个买家账号，"
            + "它们在 \(Say.zhDuration(time - group.firstCited)) 内对 \(Say.count(group.shops.count)) 家店铺下了 "
            + "\(Say.count(group.orders.count)) 笔订单，随后给出 1–2 星评价或被店铺投诉敲诈"
            + "（店铺投诉敲诈 \(Say.count(extortion)) 次）；\(Say.count(group.count(of: .phone))) 个共用手机号和 "
            + "\(Say.count(group.count(of: .address))) 个共用地址把这些账号联系在一起："
        summary +=
            extortion > 0
            ? "很可能是敲诈团伙——请提醒这些店铺，拒绝其要求，并暂停向这些账号退款"
            : "很可能是有组织的差评团伙——请暂扣这些评价和退款以待核查"
        return summary
    }
}
