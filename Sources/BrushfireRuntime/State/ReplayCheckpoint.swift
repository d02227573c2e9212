import BrushfireCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `brushfire replay --state DIR`: the replay starts from the engine state a previous replay left in `DIR` and
/// leaves its own there, so a log split in parts and replayed part by part gives the alerts of one replay.
/// Everything is one instance file (`instance-replay.ckpt`); events still within the lateness are kept in it.
public struct ReplayCheckpoint: Sendable {
    public let directory: StateDirectory

    public init(path: String) throws(CheckpointFileError) {
        directory = try StateDirectory(path: path, instance: "replay")
    }

    /// Restores the saved state into `engine` (a new one). Returns a line for the log: what was restored, or why
    /// the checkpoint could not be used (it is then moved aside as `.bad` and the replay starts from empty state).
    public func restore(into engine: inout Engine) -> String {
        let path = directory.instancePath
        do throws(CheckpointFileError) {
            guard let file = try directory.read(path) else {
                return "state: no checkpoint in \(directory.path), starting empty"
            }
            let restored: RestoredInstance
            do throws(CheckpointError) {
                restored = try engine.restore(instance: file.engine)
            } catch {
                throw CheckpointFileError(
                    path: path, error.reason == .incompatible ? .incompatible : .corrupt, error.message)
            }
            let line = "state: restored \(path) (\(file.engine.count) bytes, \(engine.bufferedEvents) buffered events)"
            guard !restored.skipped.isEmpty else { return line }
            return line + "; not restored, starting empty: "
                + restored.skipped.map(\.description).joined(separator: ", ")
        } catch {
            directory.quarantine(path)
            return "state: \(error); moved aside to \(path).bad, rebuilding from empty state"
        }
    }

    /// Writes the engine's state (call after the run, which left no alert pending).
    public func save(_ engine: Engine) throws(CheckpointFileError) {
        let state: [UInt8]
        do throws(CheckpointError) {
            state = try engine.checkpoint().instance
        } catch {
            throw CheckpointFileError(path: directory.instancePath, .unencodable, error.message)
        }
        let file = CheckpointFile(kind: .instance, writtenAt: Self.wallMillis(), engine: state)
        try directory.write(file, to: directory.instancePath)
    }

    static func wallMillis() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }
}
