import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Progress of long work (training epochs, Verilator builds, co-simulation, HLS csim, synthesis seeds).
///
/// On a terminal one status line is redrawn in place with the fraction done and an estimate of the time
/// left; anywhere else (a CI log) each stage prints exactly one line when it finishes, so logs stay short
/// and diffable. The estimate is the mean time per step so far times the steps left.
public final class ProgressReporter: @unchecked Sendable {
    public enum Style: Sendable, Equatable {
        /// Redraw one line in place (a terminal).
        case terminal
        /// One line per finished stage (logs).
        case lines
        /// Nothing (tests, --quiet).
        case silent
    }

    public let style: Style
    let write: (String) -> Void
    let now: () -> Date
    let lock = NSLock()

    /// `write` receives text exactly as it should appear (including line breaks and terminal control codes).
    public init(style: Style, write: @escaping (String) -> Void, now: @escaping () -> Date = Date.init) {
        self.style = style
        self.write = write
        self.now = now
    }

    /// On standard error: redrawn in place when it is a terminal, else one line per stage.
    public static func standardError() -> ProgressReporter {
        let style: Style = isatty(STDERR_FILENO) != 0 && ProcessInfo.processInfo.environment["TERM"] != "dumb" ? .terminal : .lines
        return ProgressReporter(style: style) { text in
            // Whatever the job printed so far comes first, so that a log reads in order.
            fflush(nil)
            FileHandle.standardError.write(Data(text.utf8))
        }
    }

    /// Starts a stage of `total` steps (nil when the count is not known in advance), counted in `unit`.
    public func stage(_ name: String, total: Int?, unit: String = "steps") -> ProgressStage {
        ProgressStage(reporter: self, name: name, total: total, unit: unit, started: now())
    }

    /// Runs `body` as a one-step stage (a build, a synthesis run) and reports its duration.
    public func run<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        let s = stage(name, total: nil)
        s.redraw()
        let value = try body()
        s.finish()
        return value
    }

    func emit(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        write(text)
    }

    /// "1:05", "12 s", "2 h 03 min": short and readable.
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        if seconds < 60 { return String(format: "%.0f s", seconds.rounded(.up)) }
        let s = Int(seconds.rounded())
        if s < 3600 { return String(format: "%d:%02d", s / 60, s % 60) }
        return String(format: "%d h %02d min", s / 3600, (s % 3600) / 60)
    }
}

/// One stage of a `ProgressReporter`.
public final class ProgressStage: @unchecked Sendable {
    let reporter: ProgressReporter
    public let name: String
    public let total: Int?
    public let unit: String
    let started: Date
    public private(set) var done = 0
    var detail: String?
    var lastDraw: Date?
    var finished = false

    init(reporter: ProgressReporter, name: String, total: Int?, unit: String, started: Date) {
        self.reporter = reporter
        self.name = name
        self.total = total
        self.unit = unit
        self.started = started
    }

    /// Seconds left at the mean pace so far; nil before the first step or without a total.
    public var estimatedSecondsLeft: Double? {
        guard let total, done > 0 else { return nil }
        let elapsed = reporter.now().timeIntervalSince(started)
        return elapsed / Double(done) * Double(max(total - done, 0))
    }

    /// Marks `steps` more done; `detail` (e.g. "loss 0.512") is shown beside the count.
    public func advance(by steps: Int = 1, detail: String? = nil) {
        done += steps
        if let detail { self.detail = detail }
        guard reporter.style == .terminal else { return }
        // Redrawing faster than the eye reads only costs time.
        let t = reporter.now()
        if let last = lastDraw, t.timeIntervalSince(last) < 0.1, done != total { return }
        lastDraw = t
        redraw()
    }

    /// The current status line, as drawn on a terminal.
    public var statusLine: String {
        var s = "\(name): "
        if let total {
            s += "\(done)/\(total) \(unit)"
            if total > 0 { s += String(format: " %3.0f%%", 100 * Double(done) / Double(total)) }
            if let left = estimatedSecondsLeft, done < total { s += ", \(ProgressReporter.duration(left)) left" }
        } else {
            s += done > 0 ? "\(done) \(unit)" : "running"
        }
        if let detail { s += "  \(detail)" }
        return s
    }

    func redraw() {
        guard reporter.style == .terminal else { return }
        reporter.emit("\r\u{1B}[K" + statusLine)
    }

    /// Ends the stage with one line: what was done and how long it took (plus `summary`, when given).
    public func finish(_ summary: String? = nil) {
        guard !finished else { return }
        finished = true
        guard reporter.style != .silent else { return }
        let seconds = reporter.now().timeIntervalSince(started)
        var s = "\(name): "
        if let total { s += "\(done == total ? "" : "\(done) of ")\(total) \(unit) in " } else if done > 0 { s += "\(done) \(unit) in " } else { s += "done in " }
        s += String(format: "%.1f s", seconds)
        if let text = summary ?? detail { s += "  \(text)" }
        reporter.emit((reporter.style == .terminal ? "\r\u{1B}[K" : "") + s + "\n")
    }
}
