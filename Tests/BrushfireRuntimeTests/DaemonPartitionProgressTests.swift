import BrushfireKafka
import BrushfireRuntime
import Testing

@Suite("Partition progress: committable offsets and idle partitions")
struct DaemonPartitionProgressTests {
    let tp = TopicPartition("events", 0)

    @Test func anOffsetIsCommittableOnlyOnceEveryEarlierAdmittedEventWasProcessed() {
        var progress = PartitionProgress(idleAfterMillis: 1000)
        progress.assign(0, tp, now: 0)
        // Offsets 0...3 with event times out of order; offset 2 was rejected (dead-lettered).
        for (offset, time) in [(0, 100), (1, 300), (3, 200)] as [(Int64, Int64)] {
            _ = progress.received(0, tp, offset: offset, now: 0)
            progress.admitted(0, offset: offset, eventTime: time)
        }
        _ = progress.received(0, tp, offset: 2, now: 0)
        #expect(progress.committable(processedThrough: 50) == [tp: 0])
        #expect(progress.committable(processedThrough: 150) == [tp: 1])
        // Offset 3 (time 200) is processed, but offset 1 (time 300) is not: still 1, so nothing new.
        #expect(progress.committable(processedThrough: 250) == [:])
        #expect(progress.committable(processedThrough: 301) == [tp: 4])
        #expect(progress.pendingCount(0) == 0)
    }

    @Test func aPartitionWithOnlyRejectedEventsIsCommittableAtOnce() {
        var progress = PartitionProgress(idleAfterMillis: 1000)
        progress.assign(0, tp, now: 0)
        _ = progress.received(0, tp, offset: 7, now: 0)
        #expect(progress.committable(processedThrough: .min) == [tp: 8])
    }

    @Test func aCaughtUpQuietPartitionBecomesIdleAndAMessageWakesItUp() {
        var progress = PartitionProgress(idleAfterMillis: 1000)
        progress.assign(0, tp, now: 0)
        progress.assign(1, TopicPartition("events", 1), now: 0)
        #expect(progress.becameIdle(now: 5000).isEmpty)  // never caught up
        progress.reachedEnd(0)
        #expect(progress.becameIdle(now: 500).isEmpty)  // not quiet long enough
        #expect(progress.becameIdle(now: 1000) == [0])
        #expect(progress.becameIdle(now: 2000).isEmpty)  // reported once
        #expect(progress.isIdle(0))
        let woke = progress.received(0, tp, offset: 0, now: 2100)
        #expect(woke)
        #expect(!progress.isIdle(0))
        let wokeAgain = progress.received(0, tp, offset: 1, now: 2200)
        #expect(!wokeAgain)
    }

    @Test func revokingReturnsTheLastUnstoredOffset() {
        var progress = PartitionProgress(idleAfterMillis: 1000)
        progress.assign(0, tp, now: 0)
        _ = progress.received(0, tp, offset: 0, now: 0)
        progress.admitted(0, offset: 0, eventTime: 10)
        _ = progress.received(0, tp, offset: 1, now: 0)
        progress.admitted(0, offset: 1, eventTime: 20)
        _ = progress.committable(processedThrough: 15)
        #expect(progress.revoke(0) == nil)  // offset 1 already stored
        #expect(progress.sources.isEmpty)
    }
}
