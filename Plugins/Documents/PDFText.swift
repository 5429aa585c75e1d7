import Foundation
import Subprocess
import SystemPackage

/// PDF text, title, author and creation date through poppler's `pdftotext` (Debian
/// `poppler-utils`), run once per document under `prlimit`.
///
/// Why a process and not poppler linked in (`libpoppler-glib`): measured with
/// `Benchmarks/pdf-reader.sh` (under `prlimit`, as here), the linked library is 3.6× faster on
/// 3-page PDFs (3.5 ms against 12.9 ms a document: the difference is the process start) and 1.4×
/// on 30-page ones (23.7 ms against 32.5 ms). Against that: PDFs are untrusted input parsed by a
/// large C++ library with a long history of crashes and hangs, and in a process of its own a
/// crash, a loop or a memory blow-up costs one document — killed at its CPU or memory limit,
/// dead-lettered — instead of the run; and glean does not link glib, cairo and fifty other
/// libraries. With `parallelism` the
/// process starts overlap.
///
/// `pdftotext -htmlmeta` gives the text (pages joined by a blank line) and the document
/// information dictionary's title, author and creation date in one run.
package enum PDFText {
    /// Memory (address space) and CPU seconds one `pdftotext` may use.
    static let memoryLimit = 2 << 30
    static let cpuSeconds = 120
    /// Most text taken from one PDF.
    static let maximumText = 256 << 20

    /// Why a PDF gave no record.
    struct Failure: Error {
        let message: String
        /// The document is password-protected: a clear skip, not damage.
        var passwordProtected = false
    }

    /// What `pdftotext` read from `bytes`.
    static func read(_ bytes: [UInt8]) async throws(Failure) -> DocumentContent {
        guard let pdftotext = Executables.find("pdftotext") else {
            throw Failure(message: "PDF text needs pdftotext, which is not installed (Debian: apt-get install poppler-utils)")
        }
        let arguments = ["-enc", "UTF-8", "-htmlmeta", "-", "-"]
        let executable: Executable
        let allArguments: [String]
        if let prlimit = Executables.find("prlimit") {
            executable = .path(FilePath(prlimit))
            allArguments = ["--as=\(memoryLimit)", "--cpu=\(cpuSeconds)", "--", pdftotext] + arguments
        } else {
            executable = .path(FilePath(pdftotext))
            allArguments = arguments
        }
        let result: ExecutionRecord
        do {
            let run = try await Subprocess.run(
                executable, arguments: Arguments(allArguments), environment: .custom(["LC_ALL": "C.UTF-8"]),
                input: .array(bytes), output: .bytes(limit: maximumText), error: .string(limit: 64 << 10))
            result = ExecutionRecord(status: run.terminationStatus, output: run.standardOutput, error: run.standardError)
        } catch {
            throw Failure(message: "pdftotext could not be run or wrote more than \(maximumText >> 20) MiB of text: \(error)")
        }
        guard case .exited(0) = result.status else {
            let said = result.error.split(separator: "\n").map(String.init)
            if said.contains(where: { $0.contains("Incorrect password") }) {
                throw Failure(message: "the PDF is password-protected; skipped", passwordProtected: true)
            }
            let reason = switch result.status {
            case .exited(3): "copying text out of this PDF is not permitted by its owner"
            case .exited: "the PDF is damaged or not a PDF"
            case .signaled(let signal): signal == SIGXCPU || signal == SIGKILL ? "pdftotext went over its CPU or memory limit" : "pdftotext crashed (signal \(signal))"
            }
            throw Failure(message: reason + (said.last.map { " (pdftotext: \($0.prefix(200)))" } ?? ""))
        }
        return parse(String(decoding: result.output, as: UTF8.self))
    }

    /// The text and metadata of `pdftotext -htmlmeta` output: metadata in `<head>` (HTML-escaped),
    /// the text in `<pre>` as it is (pdftotext does not escape it), form feeds between pages.
    package static func parse(_ html: String) -> DocumentContent {
        let headEnd = html.range(of: "</head>")?.lowerBound ?? html.startIndex
        let head = String(html[..<headEnd])
        var text = ""
        if let open = html.range(of: "<pre>", range: headEnd..<html.endIndex),
           let close = html.range(of: "</pre>", options: .backwards, range: open.upperBound..<html.endIndex) {
            text = String(html[open.upperBound..<close.lowerBound])
        }
        let pages = text.split(separator: "\u{0C}", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
        func element(_ name: String) -> String? {
            guard let open = head.range(of: "<\(name)>"), let close = head.range(of: "</\(name)>", range: open.upperBound..<head.endIndex) else { return nil }
            return nonEmpty(unescape(String(head[open.upperBound..<close.lowerBound])))
        }
        func meta(_ name: String) -> String? {
            guard let start = head.range(of: "<meta name=\"\(name)\" content=\"") else { return nil }
            guard let end = head.range(of: "\"/>", range: start.upperBound..<head.endIndex) else { return nil }
            return nonEmpty(unescape(String(head[start.upperBound..<end.lowerBound])))
        }
        return DocumentContent(
            text: pages.joined(separator: "\n\n"), title: element("title"), author: meta("Author"),
            published: meta("CreationDate"))
    }

    /// `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;` and numeric references decoded: the escapes
    /// pdftotext writes into `<head>`.
    static func unescape(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            rest = rest[amp...]
            guard let semicolon = rest.prefix(12).firstIndex(of: ";") else {
                out.append("&")
                rest = rest.dropFirst()
                continue
            }
            let name = rest[rest.index(after: rest.startIndex)..<semicolon]
            let named: [Substring: String] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'"]
            var decoded = named[name]
            if decoded == nil, name.hasPrefix("#") {
                let digits = name.dropFirst()
                let value = digits.hasPrefix("x") || digits.hasPrefix("X") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
                decoded = value.flatMap(Unicode.Scalar.init).map { String(Character($0)) }
            }
            if let decoded {
                out += decoded
                rest = rest[rest.index(after: semicolon)...]
            } else {
                out.append("&")
                rest = rest.dropFirst()
            }
        }
        return out + rest
    }

    static func nonEmpty(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    private struct ExecutionRecord {
        let status: TerminationStatus
        let output: [UInt8]
        let error: String
    }
}

/// Programs glean runs, found without depending on the environment: `PATH` when there is one,
/// then the usual places (Spark starts its children with an empty environment).
enum Executables {
    static func find(_ name: String) -> String? {
        var directories = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        directories += ["/usr/bin", "/bin", "/usr/local/bin", "/opt/homebrew/bin"]
        for directory in directories where !directory.isEmpty {
            let path = directory + "/" + name
            if access(path, X_OK) == 0 { return path }
        }
        return nil
    }
}
