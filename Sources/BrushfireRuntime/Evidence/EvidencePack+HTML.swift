import BrushfireCore
import Foundation

extension EvidencePack {
    /// The pack as one self-contained HTML page in Chinese and English: charts drawn as inline SVG when the page is
    /// made (no script, nothing fetched), laid out to print on A4.
    public func html() -> String {
        let e = HTMLText.escape
        var out = """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>证据包 Evidence pack · \(e(shopID)) · \(e(alertID))</title>
            <style>\(ReportAssets.style)\n\(Self.style)</style>
            </head><body>
            <header><h1>证据包 · Evidence pack</h1>
            <span class="facts">店铺 Shop \(e(shopID)) · \(e(rule)) · \(e(alertID)) ·
            <span class="sev sev-\(e(severity))">\(e(severity))</span></span></header>
            <main>
            <div class="panel statement"><h2>声明 · Statement</h2>
            <p lang="zh-CN">\(e(statement.zh))</p><p lang="en">\(e(statement.en))</p></div>

            """
        for note in notes {
            out +=
                "<div class=\"panel note\"><p lang=\"zh-CN\">\(e(note.zh))</p><p lang=\"en\">\(e(note.en))</p></div>\n"
        }
        out += "<div class=\"panel\"><h2>每分钟订单与退款 · Orders and refunds per minute</h2>\n"
        out += Self.svg(chart, window: (burst.start, burst.end), id: "chart-span")
        if let burstChart {
            out += "<h3>订单高峰 · The burst, minute by minute</h3>\n"
            out += Self.svg(burstChart, window: (burst.start, burst.end), id: "chart-burst")
        }
        out += "</div>\n"
        out += figures()
        out += itemsAndDelays()
        out += rulesTable()
        out += orderTable()
        out += "</main></body></html>\n"
        return out
    }

    private func figures() -> String {
        func row(_ zh: String, _ en: String, _ indicator: Indicator, _ key: String) -> String {
            "<tr data-indicator=\"\(key)\"><td>\(zh)<br><span class=\"muted\">\(en)</span></td>"
                + "<td class=\"num\">\(indicator.count)</td><td class=\"num\">\(Self.percent(indicator.share))</td>"
                + "<td class=\"num\">\(Self.percent(indicator.normal))</td></tr>\n"
        }
        var out = "<div class=\"panel\"><h2>与本店平时对比 · Against the shop's normal</h2>\n"
        out += "<p>\(Self.stamp(burst.start)) – \(Self.stamp(burst.end)): "
        out += "<b data-figure=\"orders\">\(burst.orders)</b> 笔订单 orders, "
        out += "本店基线预期 expected by the shop's baseline "
        out +=
            "<b data-figure=\"expected\">\(JSONWriter.formatNumber((burst.expectedOrders * 10).rounded() / 10))</b></p>\n"
        out += "<table class=\"figures\"><thead><tr><th>指标 Indicator</th><th class=\"num\">订单 Orders</th>"
        out += "<th class=\"num\">占比 Share</th><th class=\"num\">平时 Normal</th></tr></thead><tbody>\n"
        out += row("模糊地址", "Vague addresses", burst.vagueAddresses, "vague_addresses")
        out += row("收件人不符", "Mismatched receivers", burst.mismatchedReceivers, "mismatched_receivers")
        out += row("新账号", "New accounts", burst.newAccounts, "new_accounts")
        out += row("已退款", "Refunded", burst.refunded, "refunded")
        return out + "</tbody></table></div>\n"
    }

    private func itemsAndDelays() -> String {
        var out = "<div class=\"panel two\"><div><h2>被刷商品 · Items hit</h2><table class=\"items\"><thead><tr>"
        out += "<th>商品 Item</th><th class=\"num\">订单 Orders</th><th class=\"num\">占比 Share</th>"
        out += "<th class=\"num\">价格 Price</th></tr></thead><tbody>\n"
        for item in items.prefix(20) {
            let price = item.priceCents.map {
                "\(HTMLText.escape(item.currency ?? "")) \($0 / 100).\(String(format: "%02d", $0 % 100))"
            }
            out += "<tr><td>\(HTMLText.escape(item.itemID))</td><td class=\"num\">\(item.orders)</td>"
            out += "<td class=\"num\">\(Self.percent(item.share))</td><td class=\"num\">\(price ?? "")</td></tr>\n"
        }
        out += "</tbody></table></div><div><h2>退款延迟 · Refund delays</h2>"
        if let median = refundDelays.medianMillis {
            out += "<p>\(refundDelays.count) 笔退款 refunds · 中位 median \(Self.hours(median, zh: false))"
            if let p10 = refundDelays.p10Millis, let p90 = refundDelays.p90Millis {
                out += " · 10%–90%: \(Self.hours(p10, zh: false)) – \(Self.hours(p90, zh: false))"
            }
            out += "</p>"
        } else {
            out += "<p class=\"muted\">尚无退款 · No refunds yet</p>"
        }
        let top = max(refundDelays.buckets.map(\.count).max() ?? 1, 1)
        out += "<table class=\"delays\"><tbody>\n"
        for bucket in refundDelays.buckets {
            let width = Int((Double(bucket.count) / Double(top) * 100).rounded())
            out += "<tr><td>\(HTMLText.escape(bucket.label.zh)) · \(HTMLText.escape(bucket.label.en))</td>"
            out +=
                "<td class=\"num\">\(bucket.count)</td><td class=\"bar\"><span style=\"width:\(width)%\"></span></td></tr>\n"
        }
        return out + "</tbody></table></div></div>\n"
    }

    private func rulesTable() -> String {
        var out = "<div class=\"panel\"><h2>触发的规则与阈值 · Rules and thresholds that fired</h2>\n"
        for fired in rulesFired {
            out +=
                "<div class=\"rule\" data-rule=\"\(HTMLText.escape(fired.rule))\"><h3>\(HTMLText.escape(fired.rule)) "
            out +=
                "<span class=\"sev sev-\(HTMLText.escape(fired.severity))\">\(HTMLText.escape(fired.severity))</span> "
            out += "<span class=\"muted\">\(HTMLText.escape(fired.alertID)) · \(Self.stamp(fired.openedAt)) · "
            out += "\(HTMLText.escape(fired.status))</span></h3>\n"
            out += "<p>\(HTMLText.escape(fired.summary))</p><div class=\"metrics\">"
            for metric in fired.metrics {
                out += "<div><span>\(HTMLText.escape(metric.name))</span> \(HTMLText.number(metric.value))</div>"
            }
            out += "</div><p class=\"muted\">阈值 Thresholds: "
            out += fired.thresholds.map { "\(HTMLText.escape($0.name)) = \(HTMLText.escape($0.value))" }.joined(
                separator: " · ")
            out += "</p></div>\n"
        }
        return out + "</div>\n"
    }

    private func orderTable() -> String {
        let labels = [
            "vague_address": "模糊地址 vague", "mismatched_receiver": "收件人不符 mismatched",
            "new_account": "新账号 new", "refunded": "已退款 refunded",
        ]
        var out = "<div class=\"panel\"><h2>订单列表（已脱敏）· Masked order list: \(orders.count)</h2>\n"
        out += "<table class=\"orders\"><thead><tr><th>订单号 Order</th><th>时间 Time (UTC)</th><th>商品 Item</th>"
        out += "<th>收件电话 Phone</th><th>收件地址 Address</th><th>标记 Flags</th><th>退款 Refunded</th></tr></thead>"
        out += "<tbody>\n"
        for order in orders {
            out += "<tr class=\"order\"><td>\(HTMLText.escape(order.orderID))</td>"
            out +=
                "<td>\(String(Timestamp.format(order.timestamp).dropFirst(5).prefix(14)).replacingOccurrences(of: "T", with: " "))</td>"
            out += "<td>\(HTMLText.escape(order.itemID ?? ""))</td><td>\(HTMLText.escape(order.phone))</td>"
            out += "<td>\(HTMLText.escape(order.address))</td>"
            out += "<td>\(order.flags.map { labels[$0] ?? $0 }.joined(separator: ", "))</td>"
            out += "<td>\(order.refundedAt.map { Self.stamp($0) } ?? "")</td></tr>\n"
        }
        return out + "</tbody></table></div>\n"
    }

    /// One chart as inline SVG: orders (blue) and refunds (red) per minute, the baseline's expected orders per
    /// minute (dashed), the incident window shaded.
    static func svg(_ chart: Chart, window: (Int64, Int64), id: String) -> String {
        let first = chart.start / 60_000
        let n = max(2, Int((chart.end - 1) / 60_000 - first + 1))
        var orders = [Int64](repeating: 0, count: n)
        var refunds = [Int64](repeating: 0, count: n)
        for entry in chart.minutes {
            let i = Int(entry[0] - first)
            if i >= 0 && i < n {
                orders[i] = entry[1]
                refunds[i] = entry[2]
            }
        }
        let expected = (0..<n).map { i -> Double in
            let hour = Int(((first + Int64(i)) / 60) % 24)
            return chart.expectedOrdersPerMinute.count == 24 ? chart.expectedOrdersPerMinute[hour] : 0
        }
        let top = max(1, Double(max(orders.max() ?? 0, refunds.max() ?? 0)), expected.max() ?? 0)
        let (w, h, l, r, t, b) = (960.0, 260.0, 46.0, 14.0, 16.0, 30.0)
        func x(_ i: Double) -> Double { l + (w - l - r) * min(max(i, 0), Double(n - 1)) / Double(n - 1) }
        func y(_ v: Double) -> Double { t + (h - t - b) * (1 - v / top) }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        func path(_ values: [Double]) -> String {
            values.enumerated().map { "\($0.offset == 0 ? "M" : "L")\(f(x(Double($0.offset)))),\(f(y($0.element)))" }
                .joined()
        }
        var out =
            "<svg class=\"brf-chart evidence-chart\" id=\"\(id)\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" role=\"img\" "
        out += "data-start-ms=\"\(chart.start)\" data-end-ms=\"\(chart.end)\" data-peak=\"\(Int(top))\" "
        out += "aria-label=\"Orders and refunds per minute\">\n"
        let ws = Double((window.0 / 60_000) - first)
        let we = Double((window.1 / 60_000) - first)
        out += "<rect class=\"brf-window\" x=\"\(f(x(ws)))\" y=\"\(f(t))\" width=\"\(f(max(2, x(we) - x(ws))))\" "
        out += "height=\"\(f(h - t - b))\"/>\n"
        for g in 0...4 {
            let value = top * Double(g) / 4
            out +=
                "<line class=\"brf-grid\" x1=\"\(f(l))\" x2=\"\(f(w - r))\" y1=\"\(f(y(value)))\" y2=\"\(f(y(value)))\"/>"
            out += "<text class=\"brf-axis\" x=\"\(f(l - 6))\" y=\"\(f(y(value) + 4))\" text-anchor=\"end\">"
            out += "\(Int(value.rounded()))</text>\n"
        }
        let step = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440].first { n / $0 <= 8 } ?? 2880
        var minute = (first + Int64(step) - 1) / Int64(step) * Int64(step)
        while minute < first + Int64(n) {
            let clock = String(Timestamp.format(minute * 60_000).dropFirst(11).prefix(5))
            out += "<text class=\"brf-axis\" x=\"\(f(x(Double(minute - first))))\" y=\"\(f(h - 10))\" "
            out += "text-anchor=\"middle\">\(clock)</text>\n"
            minute += Int64(step)
        }
        out += "<path class=\"brf-expected\" d=\"\(path(expected))\"/>\n"
        out += "<path class=\"brf-orders\" d=\"\(path(orders.map(Double.init)))\"/>\n"
        out += "<path class=\"brf-refunds\" d=\"\(path(refunds.map(Double.init)))\"/>\n"
        out += "</svg>\n<div class=\"brf-legend\"><b class=\"o\">— 订单/分钟 orders/min</b>  "
        out += "<b class=\"r\">— 退款/分钟 refunds/min</b>  <b class=\"e\">- - 本店基线 shop's baseline</b>  "
        out += "<b class=\"w\">事件窗口 incident window</b>  \(stamp(chart.start)) – \(stamp(chart.end)) · "
        out += "峰值 peak \(Int(top))/min</div>\n"
        return out
    }

    static let style = """
        .statement p { font-size: 15px; margin: 6px 0; }
        .note { border-color: #c98a00; background: #fff8e6; }
        .two { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; }
        path.brf-expected { fill: none; stroke: #5d6675; stroke-width: 1.4; stroke-dasharray: 6 4; }
        .brf-legend b.e { color: #5d6675; }
        td.bar { width: 40%; } td.bar span { display: block; height: 10px; background: var(--refunds); }
        table.orders { font-size: 12px; } table.orders td { white-space: nowrap; }
        .rule h3 { margin: 10px 0 4px; }
        body { font-family: system-ui, "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
        @page { size: A4; margin: 14mm; }
        @media print {
          body { background: #fff; font-size: 11px; }
          header { background: none; color: var(--ink); border-bottom: 2px solid var(--ink); padding: 0 0 6px; }
          header .facts { color: var(--ink); }
          main { padding: 0; max-width: none; }
          .panel { border: none; padding: 0; margin-bottom: 12px; break-inside: avoid; }
          .panel:has(table.orders) { break-inside: auto; }
          thead { display: table-header-group; }
          tr { break-inside: avoid; }
          .sev { color: var(--ink); background: none; border: 1px solid var(--ink); }
          svg.brf-chart { max-height: 70mm; }
        }
        """
}
