extension Rules {
    /// The rules as a YAML rules file (`brushfire rules defaults`), every setting spelled out.
    public func yaml() -> String {
        func d(_ ms: Int64) -> String {
            if ms % 86_400_000 == 0 { return "\(ms / 86_400_000)d" }
            if ms % 3_600_000 == 0 { return "\(ms / 3_600_000)h" }
            if ms % 60_000 == 0 { return "\(ms / 60_000)m" }
            if ms % 1000 == 0 { return "\(ms / 1000)s" }
            return "\(ms)ms"
        }
        func n(_ value: Double) -> String { JSONWriter.formatNumber(value) }
        return """
            # Brushfire rules. Durations: 250ms, 90s, 2m, 1h, 3d.
            engine:
              lateness: \(d(engine.lateness))            # watermark = highest event time - lateness
              pane: \(d(engine.pane))                # window pane and detector tick (event time)
              max_forward_jump: \(d(engine.maxForwardJump))    # events further ahead are held, not moving event time…
              forward_jump_confirmations: \(engine.forwardJumpConfirmations)   # …until this many in a row agree
              max_held_events: \(engine.maxHeldEvents)   # more held at once are rejected as too_far_ahead
              dedup_horizon: \(d(engine.dedupHorizon))
              dedup_max_entries: \(engine.dedupMaxEntries)
              order_memory: \(d(engine.orderMemory))
              order_memory_max_entries: \(engine.orderMemoryMaxEntries)
              idle_eviction: \(d(engine.idleEviction))
            order_burst:
              enabled: \(orderBurst.enabled)
              windows: [\(orderBurst.windows.map(d).joined(separator: ", "))]
              long_windows: [\(orderBurst.longWindows.map(d).joined(separator: ", "))]   # whole hours, slow attacks
              long_min_ratio: \(n(orderBurst.longMinRatio))
              long_min_excess: \(orderBurst.longMinExcess)
              min_orders: \(orderBurst.minOrders)
              min_ratio: \(n(orderBurst.minRatio))
              min_history: \(d(orderBurst.minHistory))
              no_history_max_severity: \(orderBurst.noHistoryMaxSeverity)
              strong_indicator: \(n(orderBurst.strongIndicator))
              medium_orders: \(orderBurst.mediumOrders)
              warmup: \(d(orderBurst.warmup))
              resolve_after: \(d(orderBurst.resolveAfter))
            reverse_brushing:
              enabled: \(reverseBrushing.enabled)
              min_refund_share: \(n(reverseBrushing.minRefundShare))
              min_refunds: \(reverseBrushing.minRefunds)
              watch: \(d(reverseBrushing.watch))
            refund_storm:
              enabled: \(refundStorm.enabled)
              window: \(d(refundStorm.window))
              min_refunds: \(refundStorm.minRefunds)
              min_ratio: \(n(refundStorm.minRatio))
              resolve_after: \(d(refundStorm.resolveAfter))
            fingerprint_ring:
              enabled: \(fingerprintRing.enabled)
              window: \(d(fingerprintRing.window))
              min_accounts: \(fingerprintRing.minAccounts)
              min_shops: \(fingerprintRing.minShops)
              min_hits: \(fingerprintRing.minHits)
              min_hit_share: \(n(fingerprintRing.minHitShare))
              high_extortion: \(fingerprintRing.highExtortion)
              critical_shops: \(fingerprintRing.criticalShops)
              resolve_after: \(d(fingerprintRing.resolveAfter))
            refund_abuse:
              enabled: \(refundAbuse.enabled)
              window: \(d(refundAbuse.window))
              min_refunds: \(refundAbuse.minRefunds)
              min_shops: \(refundAbuse.minShops)
              min_refund_share: \(n(refundAbuse.minRefundShare))
              min_ratio: \(n(refundAbuse.minRatio))
              high_refunds: \(refundAbuse.highRefunds)
              resolve_after: \(d(refundAbuse.resolveAfter))
            review_bombing:
              enabled: \(reviewBombing.enabled)
              window: \(d(reviewBombing.window))
              min_reviews: \(reviewBombing.minReviews)
              min_ratio: \(n(reviewBombing.minRatio))
              min_suspicious_share: \(n(reviewBombing.minSuspiciousShare))
              new_account_age: \(d(reviewBombing.newAccountAge))
              linked_accounts: \(reviewBombing.linkedAccounts)
              high_reviews: \(reviewBombing.highReviews)
              volume_window: \(d(reviewBombing.volumeWindow))      # whoever writes them: too many, too fast
              volume_min_reviews: \(reviewBombing.volumeMinReviews)
              volume_min_ratio: \(n(reviewBombing.volumeMinRatio))
              volume_high_suspicious_share: \(n(reviewBombing.volumeHighSuspiciousShare))
              resolve_after: \(d(reviewBombing.resolveAfter))
            retaliation:
              enabled: \(retaliation.enabled)
              within: \(d(retaliation.within))
              window: \(d(retaliation.window))
              min_victims: \(retaliation.minVictims)
              high_victims: \(retaliation.highVictims)
              resolve_after: \(d(retaliation.resolveAfter))
            incidents:
              update_growth: \(n(incidents.updateGrowth))
              locale: \(incidents.locale.rawValue)              # alert summaries: en or zh-CN
            """
    }
}
