import Testing

@testable import BrushfireKafka

@Suite("The consumer's lifecycle: how rebalance events are answered, and when the handle may be destroyed")
struct KafkaConsumerLifecycleTests {
    @Test func whileConsumingTheApplicationTakesPartInEveryRebalance() {
        let lifecycle = KafkaConsumerLifecycle()
        #expect(lifecycle.answer(assign: true) == .assignAndAnnounce)
        #expect(lifecycle.answer(assign: false) == .revokeWithApplication)
    }

    @Test(arguments: [true, false])
    func onceFetchingStopsRebalancesAreAnsweredWithoutTheApplication(commit: Bool) {
        var lifecycle = KafkaConsumerLifecycle()
        let step1 = lifecycle.stopFetching()
        #expect(step1)
        #expect(lifecycle.answer(assign: true) == .answerQuietly)
        let step2 = lifecycle.close(commit: commit)
        #expect(step2)
        #expect(lifecycle.state == .closing(commit: commit))
        #expect(lifecycle.answer(assign: true) == .answerQuietly)
        #expect(lifecycle.answer(assign: false) == .answerQuietly)
    }

    @Test func theHandleIsDestroyedOnlyOnceLibrdkafkaReportsTheConsumerClosed() {
        var lifecycle = KafkaConsumerLifecycle()
        let step3 = lifecycle.close(commit: true)
        #expect(step3)
        let step4 = lifecycle.closeStep(closedByLibrary: false, timedOut: false)
        #expect(step4 == .keepServing)
        let step5 = lifecycle.closeStep(closedByLibrary: false, timedOut: false)
        #expect(step5 == .keepServing)
        let step6 = lifecycle.closeStep(closedByLibrary: true, timedOut: false)
        #expect(step6 == .destroy)
        #expect(lifecycle.state == .closed)
    }

    @Test func aCloseThatDoesNotFinishInTimeAbandonsTheHandleInsteadOfDestroyingIt() {
        var lifecycle = KafkaConsumerLifecycle()
        let step7 = lifecycle.close(commit: true)
        #expect(step7)
        let step8 = lifecycle.closeStep(closedByLibrary: false, timedOut: true)
        #expect(step8 == .abandon)
        #expect(lifecycle.state == .closed)
    }

    @Test func onlyTheFirstCloseRequestStartsAClose() {
        var lifecycle = KafkaConsumerLifecycle()
        let step9 = lifecycle.close(commit: true)
        #expect(step9)
        let step10 = lifecycle.close(commit: false)
        #expect(!step10)
        #expect(lifecycle.state == .closing(commit: true))
        let step11 = lifecycle.stopFetching()
        #expect(!step11)
    }

    @Test func aCloseStepOutsideACloseChangesNothing() {
        var lifecycle = KafkaConsumerLifecycle()
        let step12 = lifecycle.closeStep(closedByLibrary: true, timedOut: true)
        #expect(step12 == .keepServing)
        #expect(lifecycle.state == .consuming)
    }
}
