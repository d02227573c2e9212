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
        if let item {
            summary +=
                "；其中 \(Say.count(item.orders)) 笔是最近 \(Say.zhDuration(item.window)) 内商品 \(item.id) 的订单，"
                + Self.zhShares(item)
        } else if let excess {
            summary += "；高出平时水平的 \(Say.count(excess.orders)) 笔订单中，" + Self.zhShares(excess)
        }
        summary +=
            incident.severity >= .high
            ? "：很可能是针对本店的反向刷单——请暂缓发货，并保留此告警用于申诉；"
            : "：攻击指标接近正常（促销或爆款？）；"
        return summary + "目前已有 \(Say.count(refunded)) 笔退款"
    }

    private static func zhShares(_ cohort: OrderBurstOperator.Cohort) -> String {
        "\(Say.percent(cohort.vague.share)) 模糊地址，\(Say.percent(cohort.fresh.share)) 为首次下单的买家，"
            + "\(Say.percent(cohort.mismatch.share)) 收件人不符"
    }
}
