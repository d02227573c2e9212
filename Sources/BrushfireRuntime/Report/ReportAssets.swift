/// The style sheet and script shared by the live page and the incident report: self-contained (no fonts,
/// libraries or anything else fetched), the charts drawn as inline SVG by a few dozen lines of our own.
enum ReportAssets {
    static let style = """
        :root { --ink: #1d2330; --muted: #5d6675; --line: #d9dde5; --orders: #2f6fd6; --refunds: #d6452f;
          --window: #fff1c7; --bg: #f6f7f9; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink);
          background: var(--bg); }
        header { background: #16202f; color: #fff; padding: 12px 24px; display: flex; gap: 24px; align-items: baseline;
          flex-wrap: wrap; }
        header h1 { font-size: 18px; margin: 0; }
        header .facts { color: #c3cad6; font-size: 13px; }
        main { padding: 16px 24px; max-width: 1280px; }
        h2 { font-size: 16px; margin: 20px 0 8px; }
        .panel { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px;
          margin-bottom: 16px; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
        td:first-child { white-space: nowrap; }
        th { color: var(--muted); font-weight: 600; font-size: 12px; text-transform: uppercase; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        tr.selectable { cursor: pointer; }
        tr.selectable:hover, tr.selected { background: #eef3fc; }
        .sev { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: 12px; font-weight: 600;
          color: #fff; background: #7a8394; }
        .sev-low { background: #6b8e23; } .sev-medium { background: #c98a00; } .sev-high { background: #d6452f; }
        .sev-critical { background: #8b0000; }
        .muted { color: var(--muted); }
        .summary { margin: 6px 0 10px; }
        .evidence { font: 12px/1.5 ui-monospace, "DejaVu Sans Mono", monospace; word-break: break-all;
          color: #39414f; max-height: 9em; overflow: auto; background: var(--bg); padding: 6px 8px; border-radius: 4px; }
        .metrics { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 2px 16px;
          font-size: 13px; margin: 8px 0; }
        .metrics span { color: var(--muted); }
        svg.brf-chart { width: 100%; height: auto; display: block; background: #fff; }
        .brf-window { fill: var(--window); }
        .brf-grid { stroke: #eceef2; stroke-width: 1; }
        .brf-axis { fill: var(--muted); font-size: 11px; }
        path.brf-orders { fill: none; stroke: var(--orders); stroke-width: 1.6; }
        path.brf-refunds { fill: none; stroke: var(--refunds); stroke-width: 1.6; }
        .brf-moment line { stroke: #16202f; stroke-width: 1.2; stroke-dasharray: 4 3; }
        .brf-moment text { fill: #16202f; font-size: 11px; font-weight: 600; }
        .brf-legend { font-size: 12px; color: var(--muted); margin-top: 4px; }
        .brf-legend b.o { color: var(--orders); } .brf-legend b.r { color: var(--refunds); }
        .brf-legend b.w { background: var(--window); color: var(--ink); padding: 0 4px; }
        section.incident { page-break-inside: avoid; }
        #brf-errors { color: #b00020; }
        """

    /// `BRF.chart(container, incidentDocument)` draws an incident's per-minute chart into `container`;
    /// `BRF.text`, `BRF.stamp` and `BRF.severity` help build the rest. Uncaught errors are listed in `#brf-errors`.
    static let script = """
        "use strict";
        window.addEventListener("error", function (e) { BRF.fail(e.message || String(e)); });
        window.addEventListener("unhandledrejection", function (e) { BRF.fail(String(e.reason)); });
        var BRF = (function () {
          var NS = "http://www.w3.org/2000/svg";
          function svg(name, attrs, text) {
            var node = document.createElementNS(NS, name);
            for (var key in attrs) node.setAttribute(key, attrs[key]);
            if (text !== undefined) node.textContent = text;
            return node;
          }
          function html(name, attrs, text) {
            var node = document.createElement(name);
            for (var key in attrs) node.setAttribute(key, attrs[key]);
            if (text !== undefined) node.textContent = text;
            return node;
          }
          function pad(n) { return (n < 10 ? "0" : "") + n; }
          function clock(ms) { var d = new Date(ms); return pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes()); }
          function stamp(ms) { return new Date(ms).toISOString().replace("T", " ").slice(0, 16) + " UTC"; }
          function severity(name) { return html("span", { "class": "sev sev-" + name }, name); }
          function fail(message) {
            var box = document.getElementById("brf-errors");
            if (box) box.appendChild(html("div", { "class": "brf-error" }, message));
          }
          var steps = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440];
          function chart(container, doc) {
            while (container.firstChild) container.removeChild(container.firstChild);
            var c = doc.chart;
            if (!c) {
              container.appendChild(html("p", { "class": "muted brf-nochart" },
                "No per-minute chart: the subject is a " + doc.subject.kind + ", not a shop."));
              return;
            }
            var first = Math.floor(c.start_ms / 60000), last = Math.floor((c.end_ms - 1) / 60000);
            var n = Math.max(2, last - first + 1);
            var orders = new Array(n).fill(0), refunds = new Array(n).fill(0);
            c.minutes.forEach(function (m) {
              var i = m[0] - first;
              if (i >= 0 && i < n) { orders[i] = m[1]; refunds[i] = m[2]; }
            });
            var top = 1;
            for (var k = 0; k < n; k++) top = Math.max(top, orders[k], refunds[k]);
            var W = 960, H = 260, L = 46, R = 14, T = 16, B = 30;
            var x = function (i) { return L + (W - L - R) * Math.min(Math.max(i, 0), n - 1) / (n - 1); };
            var y = function (v) { return T + (H - T - B) * (1 - v / top); };
            var root = svg("svg", { viewBox: "0 0 " + W + " " + H, "class": "brf-chart", role: "img",
              "aria-label": "Orders and refunds per minute for " + c.shop });
            var ws = doc.window_start_ms / 60000 - first, we = doc.window_end_ms / 60000 - first;
            root.appendChild(svg("rect", { "class": "brf-window", x: x(ws), y: T, width: Math.max(2, x(we) - x(ws)),
              height: H - T - B }));
            for (var g = 0; g <= 4; g++) {
              var value = top * g / 4;
              root.appendChild(svg("line", { "class": "brf-grid", x1: L, x2: W - R, y1: y(value), y2: y(value) }));
              root.appendChild(svg("text", { "class": "brf-axis", x: L - 6, y: y(value) + 4, "text-anchor": "end" },
                String(Math.round(value))));
            }
            var step = steps.find(function (s) { return n / s <= 8; }) || 2880;
            for (var m = Math.ceil(first / step) * step; m <= last; m += step) {
              root.appendChild(svg("text", { "class": "brf-axis", x: x(m - first), y: H - 10, "text-anchor": "middle" },
                clock(m * 60000)));
            }
            function line(values, cls) {
              var d = "";
              for (var i = 0; i < n; i++) d += (i ? "L" : "M") + x(i).toFixed(1) + "," + y(values[i]).toFixed(1);
              root.appendChild(svg("path", { "class": cls, d: d }));
            }
            line(orders, "brf-orders");
            line(refunds, "brf-refunds");
            var labelledUpTo = -Infinity;
            doc.moments.forEach(function (moment) {
              var at = x(moment.event_time_ms / 60000 - first);
              var mark = svg("g", { "class": "brf-moment brf-moment-" + moment.status });
              mark.appendChild(svg("title", {}, moment.status + " (" + moment.severity + ") at " +
                stamp(moment.event_time_ms)));
              mark.appendChild(svg("line", { x1: at, x2: at, y1: T, y2: H - B }));
              // Label a moment when it has room; crowded updates keep their line and tooltip.
              if (at - labelledUpTo > 56 || moment.status !== "update") {
                var right = at > W - R - 60;
                mark.appendChild(svg("text", { x: right ? at - 3 : at + 3, y: T + 10,
                  "text-anchor": right ? "end" : "start" }, moment.status));
                labelledUpTo = at;
              }
              root.appendChild(mark);
            });
            container.appendChild(root);
            var legend = html("div", { "class": "brf-legend" });
            legend.appendChild(html("b", { "class": "o" }, "— orders/min"));
            legend.appendChild(document.createTextNode("  "));
            legend.appendChild(html("b", { "class": "r" }, "— refunds/min"));
            legend.appendChild(document.createTextNode("  "));
            legend.appendChild(html("b", { "class": "w" }, "incident window"));
            legend.appendChild(document.createTextNode("  dashed: alerts · " + stamp(c.start_ms) + " to " +
              stamp(c.end_ms) + " · peak " + top + "/min"));
            container.appendChild(legend);
          }
          return { chart: chart, html: html, stamp: stamp, clock: clock, severity: severity, fail: fail };
        })();
        """
}
