import LogHuntCore
import LogHuntEngine
import Testing

@testable import LogHuntReport

@Suite struct CSVWriterTests {
    /// Issue 5: formula prefixes never reach CSV output.
    /// See: #5
    @Test(arguments: ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\r=x", "=HYPERLINK(\"http://x\")"])
    func issue5_formulaPrefixesNeutralised(value: String) throws {
        let row = CSVWriter.row([.untrusted(value)])
        let cells = try #require(Self.parse(row).first)
        let cell = try #require(cells.first)
        #expect(cell.hasPrefix("'"))
        #expect(cell == "'" + value)
    }

    @Test(arguments: ["plain", "", "a=b", "1-2", "'quoted"])
    func harmlessCellsUnchanged(value: String) {
        #expect(CSVWriter.neutralise(value) == value)
    }

    /// No cell of a whole report starts with a formula character.
    @Test func reportCellsAreSafe() throws {
        let out = CSVWriter().render(ReportFixtures.findings, context: ReportFixtures.context)
        let rows = Self.parse(String(decoding: out, as: UTF8.self))
        #expect(rows.count == ReportFixtures.findings.count + 1)
        #expect(rows.first == CSVWriter.header)
        for row in rows {
            #expect(row.count == CSVWriter.header.count)
            for cell in row {
                let first = cell.unicodeScalars.first
                #expect(
                    first != "=" && first != "+" && first != "-" && first != "@" && first != "\t" && first != "\r",
                    "\(cell)")
            }
        }
        // Time order: the AWS event (Dec 22) first, the finding without a time last.
        #expect(rows[1][2] == "aws-exposed-key")
        #expect(rows.last?[2] == "info-1")
    }

    @Test(arguments: [
        ["a,b", "say \"hi\"", "two\nlines", "cr\r\nlf", "", "plain"],
        ["\"", "\"\"", ",", "\n"],
    ])
    func roundTripsRFC4180(values: [String]) {
        let row = CSVWriter.row(values.map { .trusted($0) })
        #expect(row.hasSuffix("\r\n"))
        #expect(Self.parse(row) == [values])
    }

    /// A strict RFC 4180 reader (CRLF records, quoted fields, doubled quotes).
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var it = Array(text.unicodeScalars)[...]
        while let c = it.popFirst() {
            if quoted {
                if c == "\"" {
                    if it.first == "\"" {
                        it.removeFirst()
                        field.unicodeScalars.append("\"")
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" && field.isEmpty {
                quoted = true
            } else if c == "," {
                row.append(field)
                field = ""
            } else if c == "\r" && it.first == "\n" {
                it.removeFirst()
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else {
                field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        return rows
    }
}
