import Testing

@testable import BrushfireCore

/// The refund and hit state of an identity window lives out of line, in a shared box: a copied window must still
/// behave as a value, and a window that never saw a refund or hit must write the same checkpoint bytes and hold
/// no box.
@Suite struct IdentityWindowTroubleTests {
    static let time: Int64 = 1_794_000_000_000

    static func citation(_ n: Int, hit: Bool) -> RingCitation {
        RingCitation(
            order: "o\(n)", buyer: "b\(n)", orderKey: UInt64(n), buyerKey: UInt64(1000 + n), time: time + Int64(n),
            refund: !hit, hit: hit)
    }

    static func bytes(_ window: IdentityWindow) -> [UInt8] {
        var writer = BinaryWriter()
        window.write(to: &writer)
        return writer.bytes
    }

    @Test func aCopyDoesNotSeeTheOriginalsLaterHits() {
        var original = IdentityWindow(label: "138****0000", at: Self.time)
        original.hitShops.insert(1, at: Self.time)
        original.cite(Self.citation(1, hit: true))
        let copy = original
        original.hitShops.insert(2, at: Self.time + 1)
        original.hitAccounts.insert(7, at: Self.time + 1)
        original.cite(Self.citation(2, hit: true))

        #expect(copy.hitShops.count(since: 0) == 1)
        #expect(copy.hitAccounts.count(since: 0) == 0)
        #expect(copy.citationsInOrder.map(\.order) == ["o1"])
        #expect(original.hitShops.count(since: 0) == 2)
        #expect(original.hitAccounts.count(since: 0) == 1)
        #expect(original.citationsInOrder.map(\.order) == ["o1", "o2"])
    }

    @Test func citationsStayARingOfTheirCapacity() {
        var window = IdentityWindow(label: "138****0000", at: Self.time)
        let total = IdentityWindow.citationCapacity + 5
        for n in 0..<total { window.cite(Self.citation(n, hit: n % 2 == 0)) }
        // Citing an order again only adds its flags: the last one was hit, now it is refunded too.
        #expect((total - 1) % 2 == 0)
        window.cite(Self.citation(total - 1, hit: false))
        let orders = window.citationsInOrder.map(\.order)
        #expect(orders == (5..<total).map { "o\($0)" })
        #expect(window.citationsInOrder.last?.hit == true && window.citationsInOrder.last?.refund == true)
    }

    @Test func aRestoredWindowRoundTripsAndAQuietOneHoldsNoBox() throws {
        var troubled = IdentityWindow(label: "浙江省金华市…", at: Self.time)
        troubled.accounts.insert(5, at: Self.time)
        troubled.refundShops.insert(3, at: Self.time)
        troubled.refundAccounts.insert(5, at: Self.time)
        troubled.cite(Self.citation(9, hit: false))
        var quiet = IdentityWindow(label: "138****1111", at: Self.time)
        quiet.accounts.insert(6, at: Self.time)

        for window in [troubled, quiet] {
            let written = Self.bytes(window)
            var reader = BinaryReader(written)
            var restored = IdentityWindow(label: "", at: 0)
            try restored.read(from: &reader)
            #expect(Self.bytes(restored) == written)
            #expect(restored.trouble == window.trouble)
        }
        // Reading a quiet window's state over a troubled one drops the box again.
        var reused = troubled
        var reader = BinaryReader(Self.bytes(quiet))
        try reused.read(from: &reader)
        #expect(reused.trouble.isEmpty)
        #expect(reused.heapBytes == quiet.heapBytes)
        #expect(troubled.refundShops.count(since: 0) == 1)
    }

    @Test func anAccountsLinksAndAFingerprintsAccountsShareOneSketchAndCheckpointAsThreeDid() throws {
        var account = IdentityWindow(label: "b1", at: Self.time, kind: .buyer)
        account.linkedPhones.insert(11, at: Self.time)
        account.linkedAddresses.insert(12, at: Self.time)
        #expect(account.accounts.count(since: 0) == 0, "an account's phones are not its accounts")
        #expect(account.linkedPhones.heldKeys(since: 0) == [11])
        var phone = IdentityWindow(label: "138****2222", at: Self.time, kind: .phone)
        phone.accounts.insert(7, at: Self.time)
        #expect(phone.linkedPhones.count(since: 0) == 0, "a phone's accounts are not its phones")
        #expect(MemoryLayout<IdentityWindow>.stride <= 160)

        var restored = IdentityWindow(label: "", at: 0, kind: .buyer)
        var reader = BinaryReader(Self.bytes(account))
        try restored.read(from: &reader)
        #expect(restored.linkedAddresses.heldKeys(since: 0) == [12])
        #expect(Self.bytes(restored) == Self.bytes(account))

        // A phone's bytes read as an account's window, or the other way round, name links the kind never holds.
        var wrongKind = IdentityWindow(label: "", at: 0, kind: .buyer)
        reader = BinaryReader(Self.bytes(phone))
        #expect(throws: CheckpointError.self) { try wrongKind.read(from: &reader) }
        var door = IdentityWindow(label: "", at: 0, kind: .address)
        reader = BinaryReader(Self.bytes(account))
        #expect(throws: CheckpointError.self) { try door.read(from: &reader) }
    }
}
