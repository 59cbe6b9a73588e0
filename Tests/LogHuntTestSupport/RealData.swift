/// Paths to fixtures and to the real third-party samples in `../shared/realdata`,
/// found from this file's location so tests work from any working directory.
package enum TestPaths {
    /// The package root (the folder holding Package.swift).
    package static var packageRoot: String {
        var parts = String(#filePath).split(separator: "/", omittingEmptySubsequences: false)
        // …/Tests/LogHuntTestSupport/RealData.swift
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }

    /// `../shared/realdata/<relative>` beside the package.
    package static func realData(_ relative: String) -> String {
        packageRoot + "/../shared/realdata/" + relative
    }

    /// `../shared/<relative>` beside the package.
    package static func shared(_ relative: String) -> String {
        packageRoot + "/../shared/" + relative
    }

    /// A path inside the package.
    package static func inPackage(_ relative: String) -> String {
        packageRoot + "/" + relative
    }
}
