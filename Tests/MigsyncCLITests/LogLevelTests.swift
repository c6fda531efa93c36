import ArgumentParser
import Logging
import Testing

@testable import MigsyncCommands

/// `MIGSYNC_LOG_LEVEL` sets the level of every reconciling command's logger.
@Suite("log level")
struct LogLevelTests {
    static func level(_ environment: [String: String]) throws -> Logger.Level {
        try CommonOptions.parse(["--repo", "."]).makeLogger(environment: environment).logLevel
    }

    @Test("info by default, the named level when set (any case), info for unknown names")
    func levels() throws {
        #expect(try Self.level([:]) == .info)
        #expect(try Self.level([CommonOptions.logLevelVariable: "debug"]) == .debug)
        #expect(try Self.level([CommonOptions.logLevelVariable: "TRACE"]) == .trace)
        #expect(try Self.level([CommonOptions.logLevelVariable: "warning"]) == .warning)
        #expect(try Self.level([CommonOptions.logLevelVariable: "verbose"]) == .info)
    }
}
