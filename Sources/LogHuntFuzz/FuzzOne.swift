/// Runs one input through the named target.
/// - Parameters:
///   - target: a `FuzzTarget` name (`json`, `gzip`, `framer`, `csv`, `rules`, `condition`).
///   - data: the input bytes.
/// - Returns: the invariants the input broke; nil when the target is unknown.
func fuzzOne(target: String, data: UnsafeRawBufferPointer) -> [String]? {
    guard let fuzzTarget = FuzzTarget(rawValue: target) else { return nil }
    return fuzzTarget.run(Array(data))
}
