import BrushfireCore
import BrushfireKafka
import Foundation

/// The reading half of a two-thread replay: a thread of its own reads the inputs in batches of lines and decodes
/// them into ``DecodedRecords``, up to `ahead` batches before the engine, which takes them in order with
/// ``next()``. The batches are those the one-thread replay makes (every `batchLines` lines and at the end of each
/// file), so the engine advances at the same records and gives the same alerts.
final class ReplayDecoder: Sendable {
    /// One batch of one input: its records decoded, and how many lines (blank ones included) it covered.
    typealias Batch = (path: String, records: DecodedRecords, lines: Int, blankLines: Int)

    private enum Item: Sendable {
        case batch(path: String, records: DecodedRecords, lines: Int, blankLines: Int)
        case failed(InputError)
    }

    private let channel: BoundedChannel<Item>

    init(inputs: [String], decoder: EventDecoder, batchLines: Int, ahead: Int = 2) {
        let channel = BoundedChannel<Item>(capacity: ahead)
        self.channel = channel
        let thread = Thread {
            Self.read(inputs, decoder: decoder, batchLines: batchLines, into: channel)
            channel.finish()
        }
        thread.name = "brushfire-decode"
        thread.start()
    }

    /// The next batch in input order; `nil` after the last. Throws where the one-thread replay would: when an
    /// input cannot be opened or read, after the batches before it.
    func next() async throws -> Batch? {
        switch await channel.next() {
        case .batch(let path, let records, let lines, let blankLines):
            return (path, records, lines, blankLines)
        case .failed(let error):
            throw error
        case nil:
            try Task.checkCancellation()
            return nil
        }
    }

    /// Stops the reading thread after the batch it is on.
    func stop() {
        channel.finish()
    }

    private static func read(
        _ inputs: [String], decoder: EventDecoder, batchLines: Int, into channel: BoundedChannel<Item>
    ) {
        for path in inputs {
            do {
                var reader = try LineReader(path: path, maxLineBytes: decoder.maxBytes)
                var finished = false
                while !finished {
                    var records = DecodedRecords(decoder: decoder)
                    var lines = 0
                    var blankLines = 0
                    finished = try reader.forEachLine { line, number in
                        lines += 1
                        switch line {
                        case .tooLong(let length, let prefix):
                            records.appendOversized(length: length, prefix: prefix, tag: number)
                        case .text(let bytes):
                            if ReplayRunner.isBlank(bytes) {
                                blankLines += 1
                            } else {
                                records.append(bytes, tag: number)
                            }
                        }
                        return lines < batchLines
                    }
                    let batch = Item.batch(path: path, records: records, lines: lines, blankLines: blankLines)
                    guard channel.send(batch) else { return }
                }
            } catch let error as InputError {
                _ = channel.send(.failed(error))
                return
            } catch {
                _ = channel.send(.failed(InputError(path: path, message: "\(error)")))
                return
            }
        }
    }
}
