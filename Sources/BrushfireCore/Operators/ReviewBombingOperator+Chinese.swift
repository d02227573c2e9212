extension ReviewBombingOperator.Figures: ChineseSummary {
    /// The `review_bombing` summary in Chinese.
    func chineseSummary(_ incident: Incident) -> String {
        "店铺 \(shopID) 在 \(Say.zhDuration(window)) 内收到 \(Say.count(count)) 条 1–2 星评价，"
            + "为其平时每小时 \(JSONWriter.formatNumber((usual * 10).rounded() / 10)) 条的 \(Say.zhRatio(ratio))；"
            + "\(Say.percent(share)) 的评价者是新账号，或与其他账号共用手机号或地址：很可能是恶意差评轰炸——"
            + "请暂扣这些评价等待审核"
    }
}
