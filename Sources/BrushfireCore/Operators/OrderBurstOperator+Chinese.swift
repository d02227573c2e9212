extension OrderBurstOperator.Figures: ChineseSummary {
    /// The `order_burst` summary in Chinese: the same figures as the English one.
    func chineseSummary(_ incident: Incident) -> String {
        let span = incident.windowEnd - incident.windowStart
        var summary =
            "店铺 \(shopID) 在 \(Say.zhDuration(span)) 内收到 \(Say.count(counts.orders)) 笔订单，"
            + (hasHistory ? "为平时的 \(Say.zhRatio(ratio))，" : "没有可比较的历史订单，")
            + (distinct.span < span ? "最近 \(Say.zhDuration(distinct.span)) 内" : "")
            + "来自 \(Say.count(distinct.addresses)) 个不同地址（\(Say.percent(vague.share)) 模糊，"
            + "平时 \(Say.percent(vague.baseline))），\(Say.percent(fresh.share)) 为首次下单的买家，"
            + "\(Say.percent(mismatch.share)) 收件人不符"
        summary +=
            incident.severity >= .high
            ? "：很可能是针对本店的反向刷单——请暂缓发货，并保留此告警用于申诉；"
            : "：攻击指标接近正常（促销或爆款？）；"
        return summary + "目前已有 \(Say.count(refunded)) 笔退款"
    }
}
