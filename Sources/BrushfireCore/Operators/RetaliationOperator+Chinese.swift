extension RetaliationOperator.Figures: ChineseSummary {
    /// The `retaliation` summary in Chinese.
    func chineseSummary(_ incident: Incident) -> String {
        "\(Say.count(victims.count)) 位给店铺 \(shopID) 打出 1–2 星评价的买家投诉其骚扰，"
            + "投诉距评价的中位时间为 \(Say.zhDuration(medianDelay))：很可能是对评价者的报复——"
            + "请联系这些买家，并核查该店铺给他们的消息和电话"
    }
}
