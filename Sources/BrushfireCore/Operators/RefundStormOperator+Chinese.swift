extension RefundStormOperator.Figures: ChineseSummary {
    /// The `refund_storm` summary in Chinese.
    func chineseSummary(_ incident: Incident) -> String {
        "店铺 \(shopID) 在 \(Say.zhDuration(window)) 内出现 \(Say.count(refunds)) 笔退款，"
            + "为其近期订单和平时退款比例所能解释的 \(Say.zhRatio(ratio))：请检查是否存在退款欺诈或批次质量问题"
    }
}
