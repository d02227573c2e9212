extension ReverseBrushingOperator.Figures: ChineseSummary {
    /// The `reverse_brushing` summary in Chinese: the shop as the victim, with the same figures as the English one.
    func chineseSummary(_ incident: Incident) -> String {
        "店铺 \(shopID) 很可能是反向刷单的受害者：它在 \(Say.zhDuration(end - record.start)) 内"
            + "（\(Timestamp.format(record.start)) 至 \(Timestamp.format(end))）收到的 \(Say.count(record.orders)) 笔订单中，"
            + "有 \(Say.count(record.refunded)) 笔已退款（\(Say.percent(rawShare))；超出其正常水平的订单中 "
            + "\(Say.percent(share)) 退款）。先刷单后退款：本店是被攻击的目标，而非受益者——可将此作为申诉证据"
    }
}
