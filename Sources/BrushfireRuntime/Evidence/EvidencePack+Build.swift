import BrushfireCore
import Foundation

extension EvidencePack {
    /// The pack of `incident`, one of `shop`'s, from what the collector kept.
    init(shop: ShopEvidence, incident: ShopEvidence.IncidentEntry, rules: Rules) {
        let first = incident.alerts[0]
        let latest = incident.latest
        alertID = incident.alertID
        rule = incident.rule
        severity = incident.severity.description
        status = latest.status
        shopID = shop.shopID
        openedAt = first.eventTime
        baseline = shop.baseline

        // The burst: the incident's window, as its latest alert gives it.
        let start = min(first.windowStart, latest.windowStart)
        let end = max(latest.windowEnd, start + 60_000)
        let burstOrders = shop.orders.filter { $0.timestamp >= start && $0.timestamp < end }
        var refundedAt: [String: Int64] = [:]
        for refund in shop.refunds {
            guard let order = refund.orderID, refundedAt[order] == nil else { continue }
            refundedAt[order] = refund.timestamp
        }
        let expected = Self.expectedOrders(from: start, to: end, baseline: shop.baseline)
        func indicator(_ count: Int, normal: Double) -> Indicator {
            Indicator(
                count: count, share: Self.rounded(Double(count) / Double(max(burstOrders.count, 1))),
                normal: Self.rounded(normal))
        }
        let refundedOrders = burstOrders.filter { refundedAt[$0.orderID] != nil }
        burst = Burst(
            start: start, end: end, orders: burstOrders.count, expectedOrders: Self.rounded(expected),
            vagueAddresses: indicator(burstOrders.count(where: \.vague), normal: shop.baseline.vagueShare),
            mismatchedReceivers: indicator(
                burstOrders.count(where: \.mismatched), normal: shop.baseline.mismatchedShare),
            newAccounts: indicator(burstOrders.count(where: \.newBuyer), normal: shop.baseline.newBuyerShare),
            refunded: indicator(refundedOrders.count, normal: shop.baseline.refundedShare))

        items = Self.items(burstOrders)
        let delays = refundedOrders.map { refundedAt[$0.orderID]! - $0.timestamp }
        refundDelays = Self.refundDelays(delays)

        // The chart: an hour before the window to a quarter of an hour after the last alert or refund.
        let lastRefund = refundedOrders.map { refundedAt[$0.orderID]! }.max() ?? end
        let lastAlert = incident.alerts.map(\.eventTime).max() ?? end
        let chartStart = (start - Self.leadMillis) / 60_000 * 60_000
        let chartEnd = ((max(end, lastRefund, lastAlert) + Self.tailMillis) / 60_000 + 1) * 60_000
        chart = Self.chart(shop, from: chartStart, to: chartEnd)
        burstChart =
            chartEnd - chartStart > Self.closeUpAbove
            ? Self.chart(
                shop, from: (start - Self.closeUpMargin) / 60_000 * 60_000,
                to: ((end + Self.closeUpMargin) / 60_000 + 1) * 60_000) : nil

        rulesFired = shop.incidents.filter { other in
            other.alerts[0].eventTime < chartEnd && other.latest.eventTime >= chartStart
        }.map { Self.ruleFired($0, rules: rules) }

        orders = burstOrders.map { order in
            var flags: [String] = []
            if order.vague { flags.append("vague_address") }
            if order.mismatched { flags.append("mismatched_receiver") }
            if order.newBuyer { flags.append("new_account") }
            let refunded = refundedAt[order.orderID]
            if refunded != nil { flags.append("refunded") }
            return ListedOrder(
                orderID: order.orderID, timestamp: order.timestamp, itemID: order.itemID, buyerID: order.buyerID,
                phone: order.phone, address: order.address, flags: flags, refundedAt: refunded)
        }

        var notes: [Bilingual] = []
        if shop.ordersNotKept > 0 {
            notes.append(
                Bilingual(
                    en: "The order list is capped: \(shop.ordersNotKept) later orders of this shop were counted in "
                        + "the charts but not listed.",
                    zh: "订单列表已达上限：本店之后的 \(shop.ordersNotKept) 笔订单计入了图表，但未列出。"))
        }
        if shop.refundsNotKept > 0 {
            notes.append(
                Bilingual(
                    en: "\(shop.refundsNotKept) refunds beyond the cap were counted in the charts but not matched to "
                        + "orders.",
                    zh: "超出上限的 \(shop.refundsNotKept) 笔退款计入了图表，但未与订单对应。"))
        }
        if shop.trackedSince > start, (shop.orders.first?.timestamp ?? .max) > start + 2 * rules.engine.pane {
            let from = shop.orders.first.map { Self.stamp($0.timestamp) }
            notes.append(
                Bilingual(
                    en: "Orders before \(from ?? "the shop's first alert") were no longer held when that alert came; "
                        + "the charts count them, the list does not.",
                    zh: "店铺首次告警时，\(from ?? "告警") 之前的订单已不在内存中；图表计入了它们，列表未列出。"))
        }
        self.notes = notes
        statement = Self.statement(
            shop: shop.shopID, rule: incident.rule, burst: burst, medianDelay: refundDelays.medianMillis,
            rules: rulesFired.map(\.rule))
    }

    static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }

    /// Orders the baseline expects over `[start, end)`, minute by minute at each minute's hour of day.
    static func expectedOrders(from start: Int64, to end: Int64, baseline: BaselineTrace) -> Double {
        guard baseline.expectedOrdersPerHour.count == 24 else { return 0 }
        var total = 0.0
        var minute = start / 60_000
        while minute * 60_000 < end {
            total += baseline.expectedOrdersPerHour[Int((minute / 60) % 24)] / 60
            minute += 1
        }
        return total
    }

    static func items(_ orders: [OrderTrace]) -> [Item] {
        var byItem: [String: (count: Int, prices: [Int64: Int], currency: String?)] = [:]
        for order in orders {
            let id = order.itemID ?? "-"
            var entry = byItem[id] ?? (0, [:], order.currency)
            entry.count += 1
            if let price = order.amountCents { entry.prices[price, default: 0] += 1 }
            byItem[id] = entry
        }
        return byItem.map { id, entry in
            Item(
                itemID: id, orders: entry.count, share: rounded(Double(entry.count) / Double(max(orders.count, 1))),
                priceCents: entry.prices.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key,
                currency: entry.currency)
        }.sorted { $0.orders != $1.orders ? $0.orders > $1.orders : $0.itemID < $1.itemID }
    }

    static func refundDelays(_ delays: [Int64]) -> RefundDelays {
        let sorted = delays.sorted()
        func quantile(_ q: Double) -> Int64? {
            sorted.isEmpty ? nil : sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * q).rounded()))]
        }
        let hour: Int64 = 3_600_000
        let bounds: [(Int64, String, String)] = [
            (0, "under 1 h", "1 小时内"), (hour, "1–2 h", "1–2 小时"), (2 * hour, "2–6 h", "2–6 小时"),
            (6 * hour, "6–12 h", "6–12 小时"), (12 * hour, "12–24 h", "12–24 小时"), (24 * hour, "1–3 days", "1–3 天"),
            (72 * hour, "over 3 days", "3 天以上"),
        ]
        let buckets = bounds.enumerated().map { index, bound in
            let upper = index + 1 < bounds.count ? bounds[index + 1].0 : Int64.max
            return RefundDelays.Bucket(
                label: Bilingual(en: bound.1, zh: bound.2), fromMillis: bound.0,
                count: sorted.count { $0 >= bound.0 && $0 < upper })
        }
        return RefundDelays(
            count: sorted.count, medianMillis: quantile(0.5), p10Millis: quantile(0.1), p90Millis: quantile(0.9),
            buckets: buckets)
    }

    static func chart(_ shop: ShopEvidence, from start: Int64, to end: Int64) -> Chart {
        Chart(
            start: start, end: end,
            minutes: shop.minutes.filter { $0.minute * 60_000 >= start && $0.minute * 60_000 < end }.map {
                [$0.minute, Int64($0.orders), Int64($0.refunds)]
            },
            expectedOrdersPerMinute: shop.baseline.expectedOrdersPerHour.map { rounded($0 / 60) },
            expectedRefundsPerMinute: rounded(shop.baseline.refundsPerHour / 60))
    }

    static func ruleFired(_ incident: ShopEvidence.IncidentEntry, rules: Rules) -> RuleFired {
        let latest = incident.latest
        return RuleFired(
            rule: incident.rule, alertID: incident.alertID, severity: incident.severity.description,
            status: latest.status, openedAt: incident.alerts[0].eventTime, summary: latest.summary,
            metrics: latest.metrics, thresholds: thresholds(incident.rule, rules))
    }

    /// The settings a rule's alert depends on, as the rules file spells them.
    static func thresholds(_ rule: String, _ rules: Rules) -> [RuleFired.Threshold] {
        func t(_ name: String, _ value: Any) -> RuleFired.Threshold {
            RuleFired.Threshold(name: name, value: "\(value)")
        }
        func d(_ millis: Int64) -> String { durationText(millis) }
        switch rule {
        case RuleName.orderBurst:
            let r = rules.orderBurst
            return [
                t("windows", r.windows.map(d).joined(separator: ", ")), t("min_orders", r.minOrders),
                t("min_ratio", r.minRatio), t("strong_indicator", r.strongIndicator),
                t("medium_orders", r.mediumOrders),
                t("min_history", d(r.minHistory)),
            ]
        case RuleName.reverseBrushing:
            let r = rules.reverseBrushing
            return [t("min_refund_share", r.minRefundShare), t("min_refunds", r.minRefunds), t("watch", d(r.watch))]
        case RuleName.refundStorm:
            let r = rules.refundStorm
            return [t("window", d(r.window)), t("min_refunds", r.minRefunds), t("min_ratio", r.minRatio)]
        case RuleName.reviewBombing:
            let r = rules.reviewBombing
            return [
                t("window", d(r.window)), t("min_reviews", r.minReviews), t("min_ratio", r.minRatio),
                t("min_suspicious_share", r.minSuspiciousShare),
            ]
        case RuleName.retaliation:
            let r = rules.retaliation
            return [t("within", d(r.within)), t("min_victims", r.minVictims), t("high_victims", r.highVictims)]
        default:
            return []
        }
    }

    static func durationText(_ millis: Int64) -> String {
        if millis % 86_400_000 == 0 { return "\(millis / 86_400_000)d" }
        if millis % 3_600_000 == 0 { return "\(millis / 3_600_000)h" }
        if millis % 60_000 == 0 { return "\(millis / 60_000)m" }
        return millis % 1000 == 0 ? "\(millis / 1000)s" : "\(millis)ms"
    }

    /// `2025-03-14 08:31 UTC`.
    static func stamp(_ millis: Int64) -> String {
        String(Timestamp.format(millis).replacingOccurrences(of: "T", with: " ").prefix(16)) + " UTC"
    }

    static func percent(_ share: Double) -> String { "\(Int((share * 100).rounded()))%" }

    static func hours(_ millis: Int64, zh: Bool) -> String {
        let hours = Double(millis) / 3_600_000
        if hours < 2 {
            let minutes = Int((Double(millis) / 60_000).rounded())
            return zh ? "\(minutes) 分钟" : "\(minutes) min"
        }
        let text = JSONWriter.formatNumber((hours * 10).rounded() / 10)
        return zh ? "\(text) 小时" : "\(text) h"
    }

    /// The plain statement at the top of the pack: the shop named as the target, with the figures behind it.
    static func statement(shop: String, rule: String, burst: Burst, medianDelay: Int64?, rules: [String]) -> Bilingual {
        let ratio =
            burst.expectedOrders > 0
            ? JSONWriter.formatNumber((Double(burst.orders) / burst.expectedOrders * 10).rounded() / 10) : nil
        let expected = JSONWriter.formatNumber((burst.expectedOrders * 10).rounded() / 10)
        let span = (stamp(burst.start), stamp(burst.end))
        let refunded = burst.refunded
        var en: String
        var zh: String
        switch rule {
        case RuleName.reverseBrushing:
            en = "Shop \(shop) was the target of a reverse-brushing attack, not its beneficiary. "
            zh = "店铺 \(shop) 是反向刷单攻击的目标，而非受益者。"
        case RuleName.orderBurst:
            en = "Shop \(shop) is the likely target of a reverse-brushing attack, not its beneficiary. "
            zh = "店铺 \(shop) 很可能是反向刷单攻击的目标，而非受益者。"
        default:
            en = "Shop \(shop) is the likely target of an attack, not its author. "
            zh = "店铺 \(shop) 很可能是攻击的目标，而非发起者。"
        }
        en +=
            "Between \(span.0) and \(span.1) it received \(burst.orders) orders"
            + (ratio.map { ", \($0)× the \(expected) its own history expects for those hours" } ?? "")
            + "; \(percent(burst.vagueAddresses.share)) of them shipped to vague addresses (normally "
            + "\(percent(burst.vagueAddresses.normal))), \(percent(burst.mismatchedReceivers.share)) to receivers "
            + "that did not match the account's earlier ones (normally \(percent(burst.mismatchedReceivers.normal))), "
            + "and \(percent(burst.newAccounts.share)) came from new accounts (normally "
            + "\(percent(burst.newAccounts.normal))). "
        zh +=
            "\(span.0) 至 \(span.1) 期间，店铺收到 \(burst.orders) 笔订单"
            + (ratio.map { "，为其自身历史在这些时段预期的 \(expected) 笔的 \($0) 倍" } ?? "")
            + "；其中 \(percent(burst.vagueAddresses.share)) 寄往模糊地址（平时 \(percent(burst.vagueAddresses.normal))），"
            + "\(percent(burst.mismatchedReceivers.share)) 的收件人与账号以往的收件人不符（平时 "
            + "\(percent(burst.mismatchedReceivers.normal))），\(percent(burst.newAccounts.share)) 来自新账号（平时 "
            + "\(percent(burst.newAccounts.normal))）。"
        if refunded.count > 0 {
            en += "\(refunded.count) of these orders (\(percent(refunded.share))) were then refunded"
            zh += "这些订单中有 \(refunded.count) 笔（\(percent(refunded.share))）随后退款"
            if let medianDelay {
                en += ", a median \(hours(medianDelay, zh: false)) after they were placed"
                zh += "，退款距下单的中位时间为 \(hours(medianDelay, zh: true))"
            }
            en +=
                ". Fake orders followed by refunds cost the shop its stock, shipping and standing; they bring it "
                + "no sales. "
            zh += "。先下假单再退款，让店铺白白损失货品、运费和信誉，并未给店铺带来任何销量。"
        }
        en += "Brushfire flagged it with the rules \(rules.joined(separator: ", "))."
        zh += "Brushfire 以 \(rules.joined(separator: "、")) 规则标记了此事件。"
        return Bilingual(en: en, zh: zh)
    }
}
