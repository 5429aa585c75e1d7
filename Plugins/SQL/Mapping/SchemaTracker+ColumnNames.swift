/// How field names become column names that the server keeps apart.
///
/// The rule (also in the README's SQL section): a field goes to the column whose name the server
/// takes for the field's name (``SQLDialect/folded(_:)``: in SQLite `Title` and `title` are one
/// column; in PostgreSQL `a\0b` and `ab` are, NUL being removed, and so are names that agree in
/// their first 63 bytes once cut, see ``SQLDialect/identifier(_:)``) — unless an earlier value of
/// the same row already took that column, or it is a key column and the field's name is not
/// exactly the key's. Then the field takes the first of `<name>__2`, `<name>__3`, … that is free
/// by the same test. So:
/// - within one row, the later of two colliding names is suffixed (`{"Title": 1, "title": 2}` in
///   SQLite: columns `Title` and `title__2`; `{"a": {"b": 11}, "a__b": 10}`: `a__b` and
///   `a__b__2`; a field `_id` beside the record id: `_id__2`) — no value is dropped and no run
///   fails on a duplicate column;
/// - across rows, names the server takes for one share its column (a record with only `title`
///   writes to `Title`), as the database itself would resolve them;
/// - the choice depends only on the row's field order and the table's columns, which a rerun reads
///   back from the database: the same field of the same record goes to the same column every time.
extension SchemaTracker.Table {
    /// Where the field column `name` goes in a row whose earlier values took the columns at
    /// `used`: its stored name, the existing column's position (nil: a new column) and whether
    /// it was suffixed.
    mutating func slot(for name: String, used: [Int]) -> (name: String, position: Int?, renamed: Bool) {
        var candidate = name
        var suffix = 1
        while true {
            let forms = self.forms(of: candidate)
            let position = index[forms.folded]
            let takenByKey = keyByFold[forms.folded].map { $0 != forms.stored } ?? false
            if !takenByKey, position.map({ !used.contains($0) }) ?? true {
                return (position.map { columns[$0].name } ?? forms.stored, position, suffix > 1)
            }
            suffix += 1
            candidate = name + "__" + String(suffix)
        }
    }

    /// The stored and folded forms of a name, cached (up to 65,536 names: a stream of ever new
    /// names must not grow the cache without bound; past that they are computed each time).
    private mutating func forms(of name: String) -> SchemaTracker.ColumnName {
        if let known = forms[name] { return known }
        let computed = SchemaTracker.ColumnName(stored: dialect.identifier(name), folded: dialect.folded(name))
        if forms.count < 65_536 { forms[name] = computed }
        return computed
    }
}
