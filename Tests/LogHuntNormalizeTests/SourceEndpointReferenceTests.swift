import LogHuntNormalize
import PropertyBased
import Testing

/// The byte searches of `SourceEndpoint` against the character searches they replaced (the
/// two steps below are the old code's, verbatim): the same split on any text, ASCII or not.
@Suite struct SourceEndpointReferenceTests {
    static let alphabet: [String] = [
        "1", "2", "9", "0", "a", "f", "F", "g", ":", ":", ":", ".", ".", "%", "[", "]", " ", "\u{301}", "é", "\r",
        "\n", "e", "t", "h", "x",
    ]

    /// The old zone and length checks of `isIPv6`, by character.
    static func referenceAddressPart(_ s: Substring) -> Substring? {
        var text = s
        if let pct = text.firstIndex(of: "%") {
            guard text.index(after: pct) < text.endIndex else { return nil }
            text = text[..<pct]
        }
        guard text.count >= 2, text.contains(":") else { return nil }
        return text
    }

    /// The old `v4:port` split, by character.
    static func referenceSplit(_ s: Substring) -> (Substring, Substring)? {
        guard let colon = s.firstIndex(of: ":"), s[s.index(after: colon)...].firstIndex(of: ":") == nil else {
            return nil
        }
        return (s[..<colon], s[s.index(after: colon)...])
    }

    @Test func sameStepsAsTheCharacterSearches() async {
        await propertyCheck(count: 3000, input: Gen.element(of: Self.alphabet).array(of: 0...24)) { pieces in
            let text = Substring(pieces.compactMap { $0 }.joined())
            // The zone step may differ only where the group parse rejects both answers.
            let mine = SourceEndpoint.addressPart(ofIPv6: text)
            let reference = Self.referenceAddressPart(text)
            if mine != reference {
                #expect(mine.map { SourceEndpoint.isIPv6($0) } != true, "\(text.debugDescription)")
                #expect(reference.map { SourceEndpoint.isIPv6($0) } != true, "\(text.debugDescription)")
            }
            // The colon split may differ only where the host or port test rejects both answers.
            let split = SourceEndpoint.splitAtOnlyColon(text)
            let referenceSplit = Self.referenceSplit(text)
            if split?.0 != referenceSplit?.0 || split?.1 != referenceSplit?.1 {
                for part in [split, referenceSplit].compactMap({ $0 }) {
                    #expect(
                        !(SourceEndpoint.isIPv4(part.0) && SourceEndpoint.isPort(part.1)), "\(text.debugDescription)")
                }
            }
        }
    }
}
