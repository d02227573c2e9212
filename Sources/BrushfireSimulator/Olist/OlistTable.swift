/// One Olist file split into records, with its columns found by header name and typed readings of its fields that
/// report the file, line and column of a bad value.
struct OlistTable {
    let file: OlistFile
    /// The data records, header excluded.
    let records: ArraySlice<CSVTable.Record>
    private let index: [String: Int]

    init(_ files: OlistFiles, _ file: OlistFile) throws(OlistConversionError) {
        self.file = file
        let table: CSVTable
        do {
            table = try CSVTable(parsing: files[file])
        } catch {
            throw OlistConversionError(file: file.rawValue, line: error.line, field: nil, error.message)
        }
        guard let header = table.records.first else {
            throw OlistConversionError(
                file: file.rawValue, line: 1, field: nil, "the file is empty; expected a header row")
        }
        var index: [String: Int] = [:]
        for column in file.columns {
            guard let position = header.fields.firstIndex(of: column) else {
                throw OlistConversionError(
                    file: file.rawValue, line: header.line, field: column,
                    "missing column; the header has \(header.fields.joined(separator: ", "))")
            }
            index[column] = position
        }
        for record in table.records.dropFirst() where record.fields.count != header.fields.count {
            throw OlistConversionError(
                file: file.rawValue, line: record.line, field: nil,
                "expected \(header.fields.count) fields, found \(record.fields.count)")
        }
        self.index = index
        self.records = table.records.dropFirst()
    }

    func value(_ record: CSVTable.Record, _ column: String) -> String {
        record.fields[index[column]!]
    }

    func error(_ record: CSVTable.Record, _ column: String, _ message: String) -> OlistConversionError {
        OlistConversionError(file: file.rawValue, line: record.line, field: column, message)
    }

    /// The longest id accepted: Olist's ids are 32 hexadecimal digits, and an event id joins three of them, which
    /// must stay within the contract's 128 characters.
    static let maxIdentifierLength = 36

    /// A non-empty id of at most `maxIdentifierLength` characters.
    func identifier(_ record: CSVTable.Record, _ column: String) throws(OlistConversionError) -> String {
        let text = value(record, column)
        guard !text.isEmpty, text.unicodeScalars.count <= Self.maxIdentifierLength else {
            throw error(
                record, column, "expected an id of 1–\(Self.maxIdentifierLength) characters, found \"\(text)\"")
        }
        return text
    }

    /// A wall-clock time in Brasília time, as epoch milliseconds.
    func time(_ record: CSVTable.Record, _ column: String) throws(OlistConversionError) -> Int64 {
        let text = value(record, column)
        guard let time = CSVField.dateTime(text) else {
            throw error(record, column, "expected a time like 2017-11-24 20:13:05, found \"\(text)\"")
        }
        return time.millis(utcOffset: OlistConverter.utcOffsetMillis)
    }

    /// Like `time`, but an empty field is `nil`.
    func optionalTime(_ record: CSVTable.Record, _ column: String) throws(OlistConversionError) -> Int64? {
        value(record, column).isEmpty ? nil : try time(record, column)
    }

    /// An amount in reais with at most two decimals, in cents.
    func cents(_ record: CSVTable.Record, _ column: String) throws(OlistConversionError) -> Int64 {
        let text = value(record, column)
        guard let cents = CSVField.cents(text) else {
            throw error(record, column, "expected an amount in reais like 29.90, found \"\(text)\"")
        }
        return cents
    }
}
