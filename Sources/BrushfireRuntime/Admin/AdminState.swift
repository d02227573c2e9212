import Synchronization

/// The latest ``AdminSnapshot``, handed from the ingest loop to the admin server, and the shops the server has
/// been asked about, handed back so the next snapshot includes them.
public final class AdminState: Sendable {
    private let current = Mutex(AdminSnapshot())
    /// Shops asked for by id, with the publish sequence at which they were last asked for.
    private let wanted = Mutex<[String: Int]>([:])

    /// Shops asked for are kept in snapshots for this many publishes after the last request.
    static let wantedPublishes = 240
    static let wantedLimit = 256

    /// Where the daemon keeps the packs of resolved incidents, served when the snapshot no longer holds them.
    public let evidenceStore: EvidenceStore?

    public init(evidenceStore: EvidenceStore? = nil) {
        self.evidenceStore = evidenceStore
    }

    public var snapshot: AdminSnapshot { current.withLock { $0 } }

    func publish(_ snapshot: AdminSnapshot) {
        var snapshot = snapshot
        current.withLock {
            snapshot.sequence = $0.sequence + 1
            $0 = snapshot
        }
    }

    /// Asks the ingest loop to include `shop` in its snapshots for a while.
    func want(shop: String) {
        let sequence = snapshot.sequence
        wanted.withLock { wanted in
            if wanted[shop] == nil, wanted.count >= Self.wantedLimit,
                let oldest = wanted.min(by: { $0.value < $1.value })?.key
            {
                wanted[oldest] = nil
            }
            wanted[shop] = sequence
        }
    }

    /// The shops asked for recently; forgets those not asked for in a while.
    func wantedShops() -> [String] {
        let sequence = snapshot.sequence
        return wanted.withLock { wanted in
            wanted = wanted.filter { sequence - $0.value <= Self.wantedPublishes }
            return Array(wanted.keys)
        }
    }

    /// Waits (polling) until a snapshot newer than `sequence` is published, at most `timeout`; returns the latest.
    func snapshot(after sequence: Int, timeout: Duration) async -> AdminSnapshot {
        let deadline = ContinuousClock.now + timeout
        var latest = snapshot
        while latest.sequence <= sequence, !latest.stopped, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
            latest = snapshot
        }
        return latest
    }
}
