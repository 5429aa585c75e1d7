import GleanCore

/// SQL sinks: `sql_dump` (SQLite and PostgreSQL scripts), `sqlite` (a database, via GRDB) and
/// `postgres` (a server, via postgres-nio).
public enum SQLPlugin: GleanPlugin {
    public static func register(in registry: inout StageRegistry) {
        registry.registerSink(
            "sql_dump", configuration: SQLDumpSink.Configuration.self,
            summary: "Writes a SQL script (SQLite or PostgreSQL) that loads as it is: tables created from the records, nested objects flattened, arrays of objects as child tables, upserts on the key.",
            example: "type: sql_dump\ninputs: [articles]\npath: out/articles.sql\ndialect: postgres\ntable: articles\nkey: [id]"
        ) { configuration, context in try SQLDumpSink(configuration: configuration, context: context) }
        registry.registerSink(
            "sqlite", configuration: SQLiteSink.Configuration.self,
            summary: "Writes a SQLite database directly: the same mapping as sql_dump, WAL, a transaction per 8,192 records, upserts on the key, schema evolution.",
            example: "type: sqlite\ninputs: [articles]\npath: out/news.db\ntable: articles\nkey: [id]"
        ) { configuration, context in try SQLiteSink(configuration: configuration, context: context) }
        registry.registerSink(
            "postgres", configuration: PostgresSink.Configuration.self,
            summary: "Writes to PostgreSQL: the same mapping as sql_dump, COPY in transactions of 8,192 records, upserts on the key, concurrent writers, retries on dropped connections, rows the server refuses dead-lettered with its message.",
            example: "type: postgres\ninputs: [articles]\nurl: postgresql://glean:${PASSWORD}@db.example.com:5432/news\ntable: articles\nkey: [id]"
        ) { configuration, context in try PostgresSink(configuration: configuration, context: context) }
    }
}
