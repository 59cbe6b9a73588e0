import Foundation
import LogHuntTestSupport
import Testing

/// Issue 8: the parallel pipeline reports exactly what one worker does. A generated corpus of
/// every source (many batches of each file, several files per source, gzip and plain, planted
/// incidents so that rules and correlations fire) and SampleLogs are hunted with 1, 2 and 3
/// worker threads; the JSON Lines output must be byte-identical.
@Suite struct ThreadEquivalenceTests {
    @Test func findingsDoNotDependOnTheNumberOfWorkers() throws {
        let dir = try TempDirectory()
        let generator = TestPaths.shared("bench/gen_corpus.py")
        let generated = try LogHuntProcess.python(
            "import runpy, sys; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')",
            arguments: [
                generator, "--source", "mixed", "--size-mb", "12", "--files", "3", "--plant", "3", "--gzip", "--out",
                dir.path + "/corpus", "-q",
            ])
        #expect(generated.status == 0, "gen_corpus.py: \(generated.stderr)")
        for input in [dir.path + "/corpus", "SampleLogs"] {
            var outputs: [Data] = []
            for threads in ["1", "2", "3"] {
                let run = try LogHuntProcess.run(["hunt", "-q", "-f", "jsonl", "--threads", threads, input])
                #expect(run.status == 0, "\(input) with \(threads) threads: \(run.stderr)")
                outputs.append(run.stdout)
            }
            #expect(outputs[0].count > 1000, "\(input): the rules find something")
            #expect(outputs[1] == outputs[0], "\(input): 2 workers differ from 1")
            #expect(outputs[2] == outputs[0], "\(input): 3 workers differ from 1")
        }
    }
}
