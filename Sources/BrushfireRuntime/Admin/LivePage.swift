/// The live page (`GET /`): open and recent incidents, the shops furthest above their usual order rate, and the
/// selected incident's per-minute chart with its alert moments, polled from the JSON API every two seconds
/// without reloading. With a token, open it as `/#token=…`: the fragment never leaves the browser.
enum LivePage {
    static let html = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Brushfire · live</title>
        <style>\(ReportAssets.style)
        .layout { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 16px; }
        @media (max-width: 1000px) { .layout { grid-template-columns: 1fr; } }
        #connection.down { color: #ffb3a7; }
        </style>
        </head><body>
        <header><h1>Brushfire</h1><span class="facts" id="facts">connecting…</span>
        <span class="facts" id="connection"></span></header>
        <main><div id="brf-errors"></div>
        <div class="panel" id="incident-panel"><h2 id="incident-title">No incident selected</h2>
        <p class="muted" id="incident-meta"></p><p class="summary" id="incident-summary"></p>
        <div id="incident-chart"></div><div class="metrics" id="incident-metrics"></div>
        <p class="muted" id="incident-evidence"></p></div>
        <div class="layout">
        <div>
        <div class="panel"><h2>Open incidents (<span id="open-count">0</span>)</h2>
        <table id="open-incidents"><thead><tr><th>Rule</th><th>Subject</th><th>Severity</th><th>Opened</th>
        <th class="num">Alerts</th></tr></thead><tbody></tbody></table></div>
        <div class="panel"><h2>Recently resolved</h2>
        <table id="resolved-incidents"><thead><tr><th>Rule</th><th>Subject</th><th>Severity</th><th>Opened</th>
        <th class="num">Alerts</th></tr></thead><tbody></tbody></table></div>
        </div>
        <div class="panel"><h2>Shops by burst score</h2>
        <table id="top-shops"><thead><tr><th>Shop</th><th class="num">Score</th><th class="num">Orders 1/5/15 min</th>
        <th class="num">Usual/h</th><th class="num">Refunds 1 h</th></tr></thead><tbody></tbody></table>
        <p class="muted">Score: orders in the window over what the shop's own history expects, highest of the
        windows.</p></div>
        </div>
        </main>
        <script>\(ReportAssets.script)
        (function () {
          var match = /token=([^&]+)/.exec(location.hash);
          var headers = match ? { Authorization: "Bearer " + decodeURIComponent(match[1]) } : {};
          var selected = null, drawn = "";
          function get(path) {
            return fetch(path, { headers: headers, cache: "no-store" }).then(function (response) {
              if (!response.ok) throw new Error(path + ": HTTP " + response.status);
              return response.json();
            });
          }
          function row(cells, attrs) {
            var tr = BRF.html("tr", attrs || {});
            cells.forEach(function (cell) {
              var td = BRF.html("td", cell.num ? { "class": "num" } : {});
              if (cell.node) td.appendChild(cell.node); else td.textContent = cell.text;
              tr.appendChild(td);
            });
            return tr;
          }
          function subject(doc) { return doc.subject.kind + " " + (doc.subject.display || doc.subject.id); }
          function fillIncidents(id, list) {
            var body = document.querySelector("#" + id + " tbody");
            body.textContent = "";
            list.forEach(function (doc) {
              var tr = row([{ text: doc.rule }, { text: subject(doc) }, { node: BRF.severity(doc.severity) },
                { text: BRF.stamp(doc.opened_at_ms) }, { text: String(doc.moments.length), num: true }],
                { "class": "selectable incident-row" + (doc.alert_id === selected ? " selected" : ""),
                  "data-alert-id": doc.alert_id });
              tr.addEventListener("click", function () { selected = doc.alert_id; drawn = ""; tick(true); });
              body.appendChild(tr);
            });
            if (!list.length) body.appendChild(row([{ text: "none" }], { "class": "muted" }));
          }
          function showIncidents(data) {
            var open = data.incidents.filter(function (d) { return d.open; });
            var resolved = data.incidents.filter(function (d) { return !d.open; }).slice(0, 15);
            if (!selected && data.incidents.length) selected = (open[0] || data.incidents[0]).alert_id;
            document.getElementById("open-count").textContent = String(open.length);
            fillIncidents("open-incidents", open);
            fillIncidents("resolved-incidents", resolved);
          }
          function showShops(data) {
            var body = document.querySelector("#top-shops tbody");
            body.textContent = "";
            data.shops.forEach(function (shop) {
              var w = shop.windows;
              body.appendChild(row([{ text: shop.id + (shop.in_burst ? " ▲" : "") },
                { text: shop.burst_score.toFixed(1) + "×", num: true },
                { text: w.map(function (x) { return x.orders; }).join(" / "), num: true },
                { text: shop.baseline.expected_orders_per_hour.toFixed(1), num: true },
                { text: String(shop.refunds_in_storm_window), num: true }], { "class": "shop-row" }));
            });
          }
          function showStatus(s) {
            var lag = s.partitions.reduce(function (sum, p) { return sum + (p.lag || 0); }, 0);
            document.getElementById("facts").textContent =
              (s.event_time_ms ? "event time " + BRF.stamp(s.event_time_ms) : "no events yet") + " · " +
              s.events_processed.toLocaleString("en") + " events · " + s.partitions.length + " partitions, lag " +
              lag + " · " + s.open_incidents + " open incidents · " + (s.ready ? "ready" : "not ready");
          }
          function showIncident(doc) {
            var key = JSON.stringify(doc);
            if (key === drawn) return;
            drawn = key;
            document.getElementById("incident-title").textContent = doc.rule + " · " + subject(doc);
            document.getElementById("incident-title").appendChild(document.createTextNode(" "));
            document.getElementById("incident-title").appendChild(BRF.severity(doc.severity));
            document.getElementById("incident-meta").textContent = doc.alert_id + " · " +
              (doc.open ? "open" : "resolved") + " · window " + BRF.stamp(doc.window_start_ms) + " to " +
              BRF.stamp(doc.window_end_ms);
            document.getElementById("incident-summary").textContent = doc.summary;
            BRF.chart(document.getElementById("incident-chart"), doc);
            var metrics = document.getElementById("incident-metrics");
            metrics.textContent = "";
            Object.keys(doc.metrics).sort().forEach(function (name) {
              var div = BRF.html("div");
              div.appendChild(BRF.html("span", {}, name));
              div.appendChild(document.createTextNode(" " + Number(doc.metrics[name].toFixed(3))));
              metrics.appendChild(div);
            });
            document.getElementById("incident-evidence").textContent = "Evidence: " +
              doc.evidence_order_ids.length + " order ids (" + doc.evidence_order_ids.slice(0, 8).join(", ") +
              (doc.evidence_order_ids.length > 8 ? ", …" : "") + "), " + doc.evidence_buyer_ids.length +
              " buyer accounts.";
          }
          var timer = null;
          function tick(now) {
            if (timer) clearTimeout(timer);
            Promise.all([get("/v1/status"), get("/v1/incidents?status=all"), get("/v1/shops?top=10")])
              .then(function (r) {
                showStatus(r[0]); showIncidents(r[1]); showShops(r[2]);
                return selected ? get("/v1/incidents/" + encodeURIComponent(selected)).then(showIncident) : null;
              })
              .then(function () {
                var c = document.getElementById("connection");
                c.className = ""; c.textContent = "updated " + new Date().toISOString().slice(11, 19) + " UTC";
                document.body.setAttribute("data-polls", String(Number(document.body.getAttribute("data-polls") || 0) + 1));
              }, function (error) {
                var c = document.getElementById("connection");
                c.className = "down"; c.textContent = "disconnected: " + error.message;
              })
              .then(function () { timer = setTimeout(tick, 2000); });
          }
          tick();
        })();
        </script>
        </body></html>

        """
}
