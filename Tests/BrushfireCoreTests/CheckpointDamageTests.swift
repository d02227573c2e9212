import Foundation
import Testing

@testable import BrushfireCore

/// Damaged checkpoints found by `Scripts/fuzz.sh FuzzCheckpoint`: each must be refused by `restore`, not accepted
/// and left to trap later in the engine.
@Suite struct CheckpointDamageTests {
    /// An engine holding one order it has not processed yet, and its checkpoint.
    static let heldAt: Int64 = 1_794_362_412_345
    static func checkpointWithHeldOrder() throws -> [UInt8] {
        var engine = Engine()
        let order = Event(
            eventID: "ev-1", type: .order, timestamp: heldAt, shopID: "shop-1", buyerID: "b-1", orderID: "o-1",
            itemID: "i-1", amountCents: 1990)
        _ = engine.ingest(order)
        return try engine.checkpoint().instance
    }

    /// Replaces every little-endian copy of `old` in `bytes` with `new`.
    static func replacing(_ old: Int64, with new: Int64, in bytes: [UInt8]) -> (bytes: [UInt8], copies: Int) {
        let from = withUnsafeBytes(of: old.littleEndian, Array.init)
        let to = withUnsafeBytes(of: new.littleEndian, Array.init)
        var bytes = bytes
        var copies = 0
        var index = 0
        while index + 8 <= bytes.count {
            if Array(bytes[index..<index + 8]) == from {
                bytes.replaceSubrange(index..<index + 8, with: to)
                copies += 1
                index += 8
            } else {
                index += 1
            }
        }
        return (bytes, copies)
    }

    @Test func theUndamagedCheckpointRestoresAndRuns() throws {
        var engine = Engine()
        try engine.restore(instance: try Self.checkpointWithHeldOrder())
        _ = engine.finish()
        #expect(engine.statistics.processed == 1)
    }

    /// The fuzzer's first crash: a bit flip in a held event's time made `restore` accept a time far outside the
    /// contract, and `finish()` then trapped on arithmetic overflow in the identity windows' day arithmetic.
    @Test(arguments: [Int64.max, Int64.min, -1, 0, Timestamp.endOfRange, Timestamp.earliest - 1])
    func aHeldEventWithATimeOutsideTheContractIsRefused(damaged: Int64) throws {
        let (bytes, copies) = Self.replacing(Self.heldAt, with: damaged, in: try Self.checkpointWithHeldOrder())
        #expect(copies >= 1)
        var engine = Engine()
        #expect {
            try engine.restore(instance: bytes)
        } throws: { error in
            guard let error = error as? CheckpointError else { return false }
            return error.reason == .malformed && error.message.contains("event time")
        }
    }
}

/// The fuzzer's second crash: a damaged minute history in a checkpoint, its first live entry past its entries, was
/// accepted, and the next order for the shop trapped in `MinuteHistory.record` removing more entries than it held.
@Suite struct MinuteHistoryDamageTests {
    /// A minute history as the checkpoint writes it: two entries, then the index of the first live one.
    static func encoded(head: Int) -> [UInt8] {
        var writer = BinaryWriter()
        writer.count(2)
        for minute: Int64 in [1, 2] {
            writer.i64(minute)
            writer.signed(minute)
            writer.signed(0)
        }
        writer.signed(Int64(head))
        return writer.finish()
    }

    @Test(arguments: [-1, 3, 64, Int.max])
    func aHeadOutsideTheEntriesIsRefused(head: Int) {
        let bytes = Self.encoded(head: head)
        #expect(throws: CheckpointError.self) {
            var reader = BinaryReader(bytes)
            _ = try MinuteHistory(from: &reader)
        }
    }

    @Test(arguments: [0, 1, 2])
    func aHeadWithinTheEntriesIsAccepted(head: Int) throws {
        var reader = BinaryReader(Self.encoded(head: head))
        #expect(try MinuteHistory(from: &reader).all.count == 2 - head)
    }

    @Test func aHistoryReadBackKeepsItsMinutes() throws {
        var history = MinuteHistory()
        history.record(.order, at: 60_000)
        history.record(.refund, at: 120_000)
        var writer = BinaryWriter()
        history.write(to: &writer)
        var reader = BinaryReader(writer.finish())
        let decoded = try MinuteHistory(from: &reader)
        #expect(decoded.all == history.all)
    }
}
