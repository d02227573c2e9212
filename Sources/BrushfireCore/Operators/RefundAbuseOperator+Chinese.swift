extension RefundAbuseOperator.Figures: ChineseSummary {
    /// The `refund_abuse` summary in Chinese: the same counts as the English one.
    func chineseSummary(_ incident: Incident) -> String {
        let phones = group.count(of: .phone)
        let addresses = group.count(of: .address)
        var summary =
            "\(Say.zhSubject(group.subject))：\(Say.count(group.accounts.count)) 个关联账号在 "
            + "\(Say.zhDuration(time - group.firstCited)) 内于 \(Say.count(group.shops.count)) 家店铺申请了 "
            + "\(Say.count(group.orders.count)) 笔退款；其订单 \(Say.percent(subjectShare)) 已退款"
            + "（平台平均 \(Say.percent(platformShare))）"
        if phones + addresses > 0 {
            summary += "，由 \(Say.count(phones)) 个共用手机号和 \(Say.count(addresses)) 个共用地址联系在一起"
        }
        return summary + "：很可能是有组织的退款欺诈——付款前请核查这些账号的申请"
    }
}
