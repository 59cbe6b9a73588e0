import CPCRE2

/// A compiled PCRE2 pattern (UTF mode, invalid UTF-8 in subjects tolerated), optionally
/// JIT-compiled. Matching is an unanchored search and needs a per-thread `MatchScratch`.
///
/// This is the only file that imports CPCRE2.
///
/// `@unchecked Sendable`: after `init` the compiled code (and its JIT code) is never written
/// again; PCRE2 documents a compiled pattern as read-only and shareable between threads. All
/// mutable match state lives in `MatchScratch`, which each worker owns.
package final class PCRE2Pattern: @unchecked Sendable {
    /// The pattern as given.
    package let source: String
    /// The options it was compiled with.
    package let options: RegexOptions
    /// True when the JIT compiled the pattern (false: the interpreter runs it).
    package let isJITCompiled: Bool
    private let code: OpaquePointer

    /// Compiles `pattern`.
    /// - Parameters:
    ///   - pattern: the regular expression (PCRE2 syntax).
    ///   - options: Sigma flags and the JIT switch.
    /// - Throws: `RegexError.invalidPattern` with the byte offset PCRE2 reports.
    package init(_ pattern: String, options: RegexOptions = RegexOptions()) throws(RegexError) {
        var flags: UInt32 = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF
        if options.caseless { flags |= PCRE2_CASELESS }
        if options.multiline { flags |= PCRE2_MULTILINE }
        if options.dotAll { flags |= PCRE2_DOTALL }
        var errorCode: Int32 = 0
        var errorOffset: Int = 0
        let bytes = Array(pattern.utf8)
        let compiled = bytes.withUnsafeBufferPointer { buf -> OpaquePointer? in
            // A non-null pointer even for the empty pattern (length 0 is passed explicitly).
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(buf.count, 1)) { tmp in
                for (i, b) in buf.enumerated() { tmp[i] = b }
                return pcre2_compile_8(tmp.baseAddress, buf.count, flags, &errorCode, &errorOffset, nil)
            }
        }
        guard let compiled else {
            throw .invalidPattern(message: PCRE2Pattern.message(for: errorCode), offset: errorOffset)
        }
        var jitted = false
        if options.jit {
            jitted = pcre2_jit_compile_8(compiled, PCRE2_JIT_COMPLETE) == 0
        }
        self.code = compiled
        self.source = pattern
        self.options = options
        self.isJITCompiled = jitted
    }

    deinit { pcre2_code_free_8(code) }

    /// Searches `subject` (UTF-8 bytes; invalid sequences never match a character) for the pattern.
    /// - Parameters:
    ///   - subject: the bytes to search; no NUL terminator needed.
    ///   - scratch: this thread's match data, match context and JIT stack.
    /// - Returns: `.match`, `.noMatch` or `.limitExceeded(code:)`.
    package func matches(_ subject: UnsafeRawBufferPointer, scratch: MatchScratch) -> RegexOutcome {
        let empty: UInt8 = 0
        let rc: Int32
        if let base = subject.baseAddress {
            rc = pcre2_match_8(
                code, base.assumingMemoryBound(to: UInt8.self), subject.count, 0, 0, scratch.handles.matchData,
                scratch.handles.context)
        } else {
            rc = withUnsafePointer(to: empty) { p in
                pcre2_match_8(code, p, 0, 0, 0, scratch.handles.matchData, scratch.handles.context)
            }
        }
        if rc >= 0 { return .match }
        if rc == PCRE2_ERROR_NOMATCH || rc == PCRE2_ERROR_PARTIAL { return .noMatch }
        return .limitExceeded(code: rc)
    }

    /// Searches a Swift string (tests and cold paths).
    /// - Parameters:
    ///   - subject: the text.
    ///   - scratch: this thread's scratch.
    /// - Returns: the outcome.
    package func matches(_ subject: String, scratch: MatchScratch) -> RegexOutcome {
        var s = subject
        return s.withUTF8 { matches(UnsafeRawBufferPointer($0), scratch: scratch) }
    }

    /// The text PCRE2 gives for an error code.
    /// - Parameter code: a PCRE2 error code.
    /// - Returns: the message, lowercase as PCRE2 writes it.
    package static func message(for code: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = buffer.withUnsafeMutableBufferPointer { pcre2_get_error_message_8(code, $0.baseAddress, $0.count) }
        guard n > 0 else { return "pcre2 error \(code)" }
        return String(decoding: buffer[0..<Int(n)], as: UTF8.self)
    }

    /// True when this PCRE2 build has JIT support.
    package static var jitAvailable: Bool {
        var value: UInt32 = 0
        let rc = pcre2_config_8(UInt32(PCRE2_CONFIG_JIT), &value)
        return rc >= 0 && value == 1
    }
}

extension PCRE2Pattern {
    /// The C handles a `MatchScratch` owns.
    struct ScratchHandles {
        let matchData: OpaquePointer
        let context: OpaquePointer
        let jitStack: OpaquePointer?
    }

    /// Allocates match data (one offset pair, enough for a yes/no search with any pattern), a
    /// match context carrying the limits, and a JIT stack assigned to it.
    /// - Parameter limits: match limit, depth limit, JIT stack size.
    /// - Returns: the handles, or nil when PCRE2 cannot allocate.
    static func makeScratch(_ limits: RegexLimits) -> ScratchHandles? {
        guard let data = pcre2_match_data_create_8(1, nil) else { return nil }
        guard let ctx = pcre2_match_context_create_8(nil) else {
            pcre2_match_data_free_8(data)
            return nil
        }
        pcre2_set_match_limit_8(ctx, limits.matchLimit)
        pcre2_set_depth_limit_8(ctx, limits.depthLimit)
        let stackMax = max(limits.jitStackBytes, 32 * 1024)
        let stack = pcre2_jit_stack_create_8(min(32 * 1024, stackMax), stackMax, nil)
        if let stack { pcre2_jit_stack_assign_8(ctx, nil, UnsafeMutableRawPointer(stack)) }
        return ScratchHandles(matchData: data, context: ctx, jitStack: stack)
    }

    /// Frees what `makeScratch` allocated.
    /// - Parameter handles: the handles.
    static func freeScratch(_ handles: ScratchHandles) {
        if let stack = handles.jitStack { pcre2_jit_stack_free_8(stack) }
        pcre2_match_context_free_8(handles.context)
        pcre2_match_data_free_8(handles.matchData)
    }
}
