extension KeyedDecodingContainer {
    /// Decodes an option written either as one value or as a list (`url: x` or `url: [x, y]`);
    /// empty when absent.
    public func decodeOneOrMany<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> [T] {
        if let many = try? decodeIfPresent([T].self, forKey: key) { return many }
        return try decodeIfPresent(T.self, forKey: key).map { [$0] } ?? []
    }
}

/// Checks `url`-style options: every entry must be an http or https URL.
public func validateHTTPURLs(_ urls: [String], option: String, fileOption: String = "path") throws {
    for url in urls where !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
        throw ConfigurationError(option: option, "'\(url)' is not an http or https URL (use '\(fileOption)' for files)")
    }
}
