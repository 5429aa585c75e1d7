import Foundation
import GleanCore
import GleanTesting
import Testing
import Yams

/// The input layer through the real binary: standard input for every source, archives, shards and
/// the Kubernetes Indexed Job manifest.
@Suite("input layer through glean run")
struct InputLayerCLITests {
    @Test(arguments: [
        ("json", "{\"title\":\"from stdin\"}\n"),
        ("rss", "<rss version=\"2.0\"><channel><title>T</title><item><guid>g1</guid><title>from stdin</title></item></channel></rss>"),
        ("xml", "<catalog><book><title>from stdin</title></book></catalog>"),
    ])
    func standardInputForEverySource(kind: String, document: String) async throws {
        let directory = TemporaryDirectory()
        let extra = kind == "xml" ? ", record: catalog/book" : kind == "rss" ? ", incremental: false" : ""
        directory.write("p.yml", """
            sources:
              in: {type: \(kind), path: '-'\(extra)}
            sinks:
              out: {type: json, inputs: [in], path: out.jsonl}
            """)
        let plain = try await GleanProcess.run(["run", "p.yml", "--progress", "never"], directory: directory.path, input: document)
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(directory.read("out.jsonl")?.contains("from stdin") == true, "\(directory.read("out.jsonl") ?? "nothing")")
        // The same document gzipped on standard input: detected by its bytes.
        let gzipped = try runProgram("/bin/sh", ["-c", "printf '%s' \"$0\" | gzip -c | base64 -w0", document])
        let bytes = try #require(Data(base64Encoded: gzipped.output))
        let compressed = try await GleanProcess.run(["run", "p.yml", "--progress", "never"], directory: directory.path, bytes: bytes)
        #expect(compressed.status == 0, "\(compressed.stderr)")
        #expect(directory.read("out.jsonl")?.contains("from stdin") == true)
    }

    @Test func aZipOfFeedsAndAFolderOfXMLThroughTheirSources() async throws {
        let directory = TemporaryDirectory()
        directory.write("feeds/a.xml", "<rss version=\"2.0\"><channel><title>A</title><item><guid>a1</guid><title>A one</title></item></channel></rss>")
        directory.write("feeds/b.xml", "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>B</title><entry><id>b1</id><title>B one</title></entry></feed>")
        let zipped = try runProgram("/bin/sh", ["-c", "cd '\(directory.path)' && zip -qr feeds.zip feeds"])
        try #require(zipped.status == 0, "\(zipped.error)")
        directory.write("p.yml", """
            sources:
              news: {type: rss, path: feeds.zip, incremental: false}
            sinks:
              out: {type: json, inputs: [news], path: out.jsonl, metadata: true}
            """)
        let result = try await GleanProcess.run(["run", "p.yml", "--progress", "never"], directory: directory.path)
        #expect(result.status == 0, "\(result.stderr)")
        let text = directory.read("out.jsonl") ?? ""
        #expect(text.contains("A one") && text.contains("B one"), "\(text)")
        #expect(text.contains("feeds.zip!/feeds/b.xml"), "the archive entry is the item's origin: \(text)")
    }

    @Test func urlsForJSONAndXMLIncludingACompressedBodyAndAZip() async throws {
        let directory = TemporaryDirectory()
        directory.write("www/a.jsonl", "{\"n\":1}\n{\"n\":2}\n")
        directory.write("www/catalog.xml", "<catalog><book><title>over http</title></book></catalog>")
        let made = try runProgram("/bin/sh", ["-c", "cd '\(directory.path)/www' && gzip -k a.jsonl && mv a.jsonl.gz b.data && zip -q books.zip catalog.xml"])
        try #require(made.status == 0, "\(made.error)")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../GleanInputsTests/Support/file_server.py").standardizedFileURL.path
        let server = try ScriptServer(script: script, arguments: [directory.path + "/www"])
        directory.write("p.yml", """
            sources:
              lines: {type: json, url: ["\(server.url("/a.jsonl"))", "\(server.url("/b.data"))", "\(server.url("/gone.jsonl"))"], retries: 0}
              books: {type: xml, record: catalog/book, url: "\(server.url("/books.zip"))"}
            sinks:
              out: {type: json, inputs: [lines, books], path: out.jsonl}
            """)
        let result = try await GleanProcess.run(["run", "p.yml", "--progress", "never"], directory: directory.path)
        #expect(result.status == 3, "a URL that fails is a dead letter: \(result.stderr)")
        let lines = (directory.read("out.jsonl") ?? "").split(separator: "\n")
        #expect(lines.filter { $0.contains("\"n\"") }.count == 4, "\(lines)")
        #expect(lines.contains { $0.contains("over http") }, "\(lines)")
        #expect(result.stderr.contains("gone.jsonl"), "\(result.stderr)")
    }

    @Test func theIndexedJobManifestParsesAndWiresTheIndex() async throws {
        let manifest = try String(contentsOfFile: GleanProcess.packageRoot + "/Pipelines/deploy/k8s-indexed-job.yaml", encoding: .utf8)
        let documents = try Array(Yams.load_all(yaml: manifest)).compactMap { $0 as? [String: Any] }
        let configMap = try #require(documents.first { $0["kind"] as? String == "ConfigMap" })
        let job = try #require(documents.first { $0["kind"] as? String == "Job" })
        let spec = try #require(job["spec"] as? [String: Any])
        #expect(spec["completionMode"] as? String == "Indexed")
        let completions = try #require(spec["completions"] as? Int)
        #expect(spec["parallelism"] as? Int == completions)
        let pod = try #require((spec["template"] as? [String: Any])?["spec"] as? [String: Any])
        let container = try #require((pod["containers"] as? [[String: Any]])?.first)
        let command = try #require(container["command"] as? [String])
        let shards = try #require(command.firstIndex(of: "--shards").map { Int(command[$0 + 1]) } ?? nil)
        #expect(shards == completions, "--shards must equal completions")
        #expect(!command.contains("--shard"), "the index must come from JOB_COMPLETION_INDEX")
        // The pipeline the command names is the ConfigMap's, mounted where the command looks.
        let mounts = try #require(container["volumeMounts"] as? [[String: Any]])
        let pipelineMount = try #require(mounts.first { $0["name"] as? String == "pipelines" }?["mountPath"] as? String)
        let pipelinePath = try #require(command.last)
        let data = try #require(configMap["data"] as? [String: String])
        let pipeline = try #require(data[String(pipelinePath.dropFirst(pipelineMount.count + 1))])
        #expect(pipelinePath.hasPrefix(pipelineMount + "/"))

        // Run it as the Job would, one process per index, over a folder and a zip of documents.
        let directory = TemporaryDirectory()
        for i in 0..<30 { directory.write("archives/folder/\(i).json", "{\"doc\":\"folder-\(i)\"}") }
        let script = """
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[1] + '/archives/docs.zip', 'w') as z:
                for i in range(50): z.writestr(f'docs/{i}.json', '{"doc":"zip-%d"}' % i)
                z.writestr('docs/readme.txt', 'not a document')
            """
        try #require(try runProgram("/usr/bin/python3", ["-c", script, directory.path]).status == 0)
        let local = pipeline.replacingOccurrences(of: "/archives", with: directory.path + "/archives")
            .replacingOccurrences(of: "/output", with: directory.path + "/output")
        directory.write("pipelines/" + String(pipelinePath.split(separator: "/").last!), local)
        var arguments = Array(command.dropFirst())  // without "glean"
        arguments[arguments.count - 1] = directory.path + "/pipelines/" + String(pipelinePath.split(separator: "/").last!)
        if let state = arguments.firstIndex(of: "--state-dir") { arguments[state + 1] = directory.path + "/output/state" }
        for index in 0..<completions {
            let result = try await GleanProcess.run(arguments, directory: directory.path, environment: ["JOB_COMPLETION_INDEX": String(index)])
            #expect(result.status == 0, "index \(index): \(result.stderr)")
        }
        var documentsRead: [String] = []
        for index in 0..<completions {
            let lines = (directory.read("output/documents-\(index)-of-\(completions).jsonl") ?? "").split(separator: "\n")
            documentsRead += lines.compactMap { line in try? JSONReader.parse(String(line)).objectValue?["doc"]?.stringValue }
            #expect(directory.list("output/state/archive-extract").contains("shard-\(index)-of-\(completions)"))
        }
        #expect(documentsRead.count == 80)
        #expect(Set(documentsRead).count == 80, "every document exactly once")
    }

    @Test func shardFlagsAreCheckedAndGleanShardIsRead() async throws {
        let directory = TemporaryDirectory()
        for i in 0..<20 { directory.write("in/\(i).jsonl", "{\"n\":\(i)}\n") }
        directory.write("p.yml", """
            sources:
              in: {type: json, path: in}
            sinks:
              out: {type: json, inputs: [in], path: 'out-${GLEAN_SHARD_INDEX}.jsonl'}
            """)
        let bad = try await GleanProcess.run(["run", "p.yml", "--shard", "3/3"], directory: directory.path)
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("0 ≤ i < n"), "\(bad.stderr)")
        let noIndex = try await GleanProcess.run(["run", "p.yml", "--shards", "2"], directory: directory.path, environment: ["JOB_COMPLETION_INDEX": ""])
        #expect(noIndex.status != 0)
        #expect(noIndex.stderr.contains("JOB_COMPLETION_INDEX"), "\(noIndex.stderr)")
        var total = 0
        for index in 0..<2 {
            let result = try await GleanProcess.run(["run", "p.yml", "--progress", "never"], directory: directory.path, environment: ["GLEAN_SHARD": "\(index)/2"])
            #expect(result.status == 0, "\(result.stderr)")
            total += (directory.read("out-\(index).jsonl") ?? "").split(separator: "\n").count
        }
        #expect(total == 20)
    }
}
