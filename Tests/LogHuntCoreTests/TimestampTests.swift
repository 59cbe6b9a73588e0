import Testing

@testable import LogHuntCore

@Suite struct TimestampTests {
    @Test(arguments: [
        ("2022-12-22T01:02:03Z", "2022-12-22T01:02:03Z"),
        ("2022-12-19T14:02:11.482915Z", "2022-12-19T14:02:11.482915Z"),
        ("2019-10-24T00:13:46.3554259Z", "2019-10-24T00:13:46.3554259Z"),
        ("2022-12-28T04:12:45.017262114Z", "2022-12-28T04:12:45.017262114Z"),
        ("2019-10-18T04:45:48.0729893-05:00", "2019-10-18T09:45:48.0729893Z"),
        ("2023-01-05T10:12:03+00:00", "2023-01-05T10:12:03Z"),
        ("2023-11-20 21:20:09.423", "2023-11-20T21:20:09.423Z"),
        ("2022-12-21", "2022-12-21T00:00:00Z"),
        ("1671440412331", "2022-12-19T09:00:12.331Z"),
        ("1624445969188.000000", "2021-06-23T10:59:29.188Z"),
        ("1671440412", "2022-12-19T09:00:12Z"),
    ])
    func parsesEverySourceForm(_ input: String, _ expected: String) throws {
        let ts = try #require(Timestamp(parsing: input))
        #expect(ts.iso8601 == expected)
    }

    @Test(arguments: ["", "yesterday", "2022-13-01", "2022-12-22T25:00", "12:00"])
    func rejectsGarbage(_ input: String) {
        #expect(Timestamp(parsing: input) == nil)
    }

    @Test func isoWeekAndDurations() throws {
        let ts = try #require(Timestamp(parsing: "2023-01-01T00:00:00Z"))
        #expect(ts.components.isoWeek == 52)
        let fortnight = try #require(TimeSpan(parsing: "14d"))
        let tenMinutes = try #require(TimeSpan(parsing: "10m"))
        #expect(fortnight.nanoseconds == Int64(14 * 86_400) * 1_000_000_000)
        #expect(tenMinutes.nanoseconds == Int64(600) * 1_000_000_000)
        #expect(TimeSpan(parsing: "x") == nil)
    }
}
