import AsyncHTTPClient
import Foundation
import GleanCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPCompression

/// Fetches documents over HTTP(S) for sources, the way a polite, robust feed reader does.
///
/// - Conditional GET: send the ETag / Last-Modified remembered from the last run; a 304 returns
///   ``FetchOutcome/notModified`` and costs nothing downstream.
/// - Bounds every attempt by a deadline over head and body (``Options/timeout``) and an idle
///   timeout between reads (``Options/idleTimeout``); a cancelled task (a stop) ends at once, its
///   retry sleeps included, with `CancellationError`.
/// - Retries connection errors, timeouts, 5xx and 429 with exponential backoff and jitter,
///   honouring `Retry-After` (seconds or an HTTP date, capped).
/// - Follows at most `maximumRedirects` redirects and rejects redirect cycles.
/// - Accepts gzip/deflate, and stops reading a body past `maximumBodyBytes` (decompressed).
/// - Identifies itself: `User-Agent: Glean/<version> (+https://github.com/glean-etl/glean)`.
public final class HTTPFetcher: Sendable {
    /// Tuning, with the defaults a cron job wants.
    public struct Options: Sendable {
        /// Time one attempt may take, from connecting to the last body byte: a deadline over the
        /// whole response, so a server trickling its body cannot hold a run.
        public var timeout: Duration = .seconds(30)
        public var connectTimeout: Duration = .seconds(10)
        /// Longest wait for the next bytes (the head included) within an attempt; the attempt
        /// fails (and is retried) when the server goes quiet for longer, even before ``timeout``.
        public var idleTimeout: Duration = .seconds(30)
        /// Attempts after the first.
        public var retries = 3
        /// First backoff; doubles per attempt, with jitter, up to `maximumBackoff`.
        public var backoff: Duration = .milliseconds(500)
        public var maximumBackoff: Duration = .seconds(30)
        /// Longest `Retry-After` honoured.
        public var maximumRetryAfter: Duration = .seconds(120)
        public var maximumRedirects = 5
        public var maximumBodyBytes = 50 << 20
        public var userAgent = "Glean/0.1 (+https://github.com/glean-etl/glean)"
        /// The `Accept` header sent. Default: feeds and XML first, anything else accepted.
        public var accept = "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5"

        public init() {}
    }

    /// Validators remembered from the previous fetch of a URL.
    public struct Validators: Sendable, Hashable {
        public var etag: String?
        public var lastModified: String?
        public init(etag: String? = nil, lastModified: String? = nil) {
            self.etag = etag
            self.lastModified = lastModified
        }
    }

    /// A fetched document.
    public struct Document: Sendable {
        /// The URL after redirects: the base for relative links.
        public var url: String
        public var bytes: [UInt8]
        public var contentType: String?
        /// The `charset` parameter of Content-Type, if any.
        public var charset: String?
        public var validators: Validators
        /// Attempts it took (1 when the first succeeded).
        public var attempts: Int
    }

    public enum FetchOutcome: Sendable {
        case notModified(attempts: Int)
        case document(Document)
    }

    /// Why a fetch failed for good.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var url: String
        public var message: String
        public var attempts: Int
        public var description: String { "\(url): \(message)" + (attempts > 1 ? " (after \(attempts) attempts)" : "") }

        public init(url: String, message: String, attempts: Int) {
            self.url = url
            self.message = message
            self.attempts = attempts
        }
    }

    public let options: Options
    private let client: HTTPClient

    public init(options: Options = Options()) {
        self.options = options
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .follow(max: options.maximumRedirects, allowCycles: false),
            timeout: .init(connect: .nanoseconds(Int64(options.connectTimeout.nanoseconds)), read: .nanoseconds(Int64(min(options.idleTimeout, options.timeout).nanoseconds))),
            decompression: .enabled(limit: .size(options.maximumBodyBytes)))
        configuration.httpVersion = .automatic
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Releases connections; call once when done.
    public func shutdown() async {
        try? await client.shutdown()
    }

    /// Fetches `url`, retrying what is worth retrying.
    public func fetch(_ url: String, validators: Validators? = nil, logger: Logger) async throws -> FetchOutcome {
        var attempt = 0
        while true {
            attempt += 1
            let delay: Duration
            do {
                let (timeout, attempt) = (options.timeout, attempt)
                return try await Deadline.run(within: timeout, orThrow: { Retryable(message: "timed out: no complete response within \(timeout) (head and body)") }) {
                    try await self.fetchOnce(url, validators: validators, attempt: attempt)
                }
            } catch where Task.isCancelled {
                // A stop: end now, without retrying or reporting the feed as failed.
                throw CancellationError()
            } catch let retry as Retryable {
                guard attempt <= options.retries else {
                    throw Failure(url: url, message: retry.message, attempts: attempt)
                }
                delay = retry.retryAfter.map { min($0, options.maximumRetryAfter) } ?? backoff(attempt: attempt)
                logger.info("\(url): \(retry.message); retrying in \(delay)")
            } catch let failure as Failure {
                throw failure
            } catch {
                let message = Self.describe(error)
                guard Self.isRetryable(error), attempt <= options.retries else {
                    throw Failure(url: url, message: message, attempts: attempt)
                }
                delay = backoff(attempt: attempt)
                logger.info("\(url): \(message); retrying in \(delay)")
            }
            try await Task.sleep(for: delay)
        }
    }

    private struct Retryable: Error, Sendable {
        var message: String
        var retryAfter: Duration?
    }

    private func fetchOnce(_ url: String, validators: Validators?, attempt: Int) async throws -> FetchOutcome {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "User-Agent", value: options.userAgent)
        request.headers.add(name: "Accept", value: options.accept)
        request.headers.add(name: "Accept-Encoding", value: "gzip, deflate")
        if let etag = validators?.etag { request.headers.add(name: "If-None-Match", value: etag) }
        if let lastModified = validators?.lastModified { request.headers.add(name: "If-Modified-Since", value: lastModified) }
        let response = try await client.execute(request, timeout: .nanoseconds(Int64(options.timeout.nanoseconds)))
        let status = response.status.code
        if status == 304 { return .notModified(attempts: attempt) }
        if status == 429 || (500...599).contains(status) {
            throw Retryable(message: "HTTP \(status) \(response.status.reasonPhrase)", retryAfter: Self.retryAfter(response.headers.first(name: "Retry-After")))
        }
        guard (200...299).contains(status) else {
            throw Failure(url: url, message: "HTTP \(status) \(response.status.reasonPhrase)", attempts: attempt)
        }
        var bytes: [UInt8] = []
        let declaredLength = response.headers.first(name: "Content-Length").flatMap(Int.init)
        if let declaredLength, declaredLength > options.maximumBodyBytes {
            throw Failure(url: url, message: "body of \(declaredLength) bytes exceeds the limit of \(options.maximumBodyBytes)", attempts: attempt)
        }
        for try await buffer in response.body {
            guard bytes.count + buffer.readableBytes <= options.maximumBodyBytes else {
                throw Failure(url: url, message: "body exceeds the limit of \(options.maximumBodyBytes) bytes", attempts: attempt)
            }
            bytes.append(contentsOf: buffer.readableBytesView)
        }
        let contentType = response.headers.first(name: "Content-Type")
        return .document(Document(
            url: response.url?.absoluteString ?? url, bytes: bytes, contentType: contentType,
            charset: contentType.flatMap(Self.charset), validators: Validators(etag: response.headers.first(name: "ETag"), lastModified: response.headers.first(name: "Last-Modified")),
            attempts: attempt))
    }

    /// Exponential backoff with jitter: base × 2^(attempt-1) × [0.5, 1), capped.
    func backoff(attempt: Int) -> Duration {
        let base = options.backoff * (1 << min(attempt - 1, 20))
        let capped = min(base, options.maximumBackoff)
        return capped * Double.random(in: 0.5..<1.0)
    }

    /// `Retry-After` as seconds or an HTTP date.
    static func retryAfter(_ value: String?) -> Duration? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Int(value), seconds >= 0 { return .seconds(seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return .seconds(max(0, date.timeIntervalSinceNow))
    }

    /// The charset parameter of a Content-Type value.
    static func charset(_ contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let parts = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, parts[0].lowercased() == "charset" {
                return parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            }
        }
        return nil
    }

    static func isRetryable(_ error: any Error) -> Bool {
        if let http = error as? HTTPClientError {
            return [HTTPClientError.connectTimeout, .readTimeout, .deadlineExceeded, .remoteConnectionClosed, .bodyLengthMismatch].contains(http)
        }
        // A body cut short (the parser meets end of stream), connection refused/reset and other
        // socket errors from NIO: all transient as far as a feed reader can tell.
        if error is HTTPParserError { return true }
        return error is IOError || String(describing: type(of: error)).contains("ConnectionError") || String(describing: type(of: error)).contains("ChannelError")
    }

    static func describe(_ error: any Error) -> String {
        if let http = error as? HTTPClientError {
            switch http {
            case .connectTimeout: return "connection timed out"
            case .readTimeout, .deadlineExceeded: return "timed out"
            case .remoteConnectionClosed: return "the server closed the connection early"
            case .bodyLengthMismatch: return "truncated body (shorter than its Content-Length)"
            case .redirectCycleDetected: return "redirect loop"
            case .redirectLimitReached: return "too many redirects"
            default: return "\(http)"
            }
        }
        if let parser = error as? HTTPParserError, parser == .invalidEOFState { return "truncated body (the connection closed mid-response)" }
        return "\(error)"
    }
}

extension Duration {
    fileprivate var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
