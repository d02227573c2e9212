/// A CSV document split into records (RFC 4180: commas, double-quoted fields, `""` escapes, CRLF or LF), each with
/// the line it starts on, for error messages. A quoted field may hold commas, quotes and line breaks, which are kept
/// as written (a CRLF inside quotes stays CRLF).
struct CSVTable: Sendable {
    struct Record: Sendable {
        var line: Int
        var fields: [String]
    }

    var records: [Record] = []

    /// Parses `text`, dropping a leading byte-order mark and blank lines.
    init(parsing text: String) throws(CSVError) {
        var text = text
        let parsed = text.withUTF8 { bytes in Result { () throws(CSVError) in try Self.records(of: bytes) } }
        records = try parsed.get()
    }

    /// Splits UTF-8 bytes into records. Every delimiter is ASCII, so a field is always a whole run of UTF-8.
    private static func records(of bytes: UnsafeBufferPointer<UInt8>) throws(CSVError) -> [Record] {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var quotedField = false
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0

        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            quotedField = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields = []
        }

        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if inQuotes {
                if byte == quote {
                    if index < bytes.count && bytes[index] == quote {
                        field.append(quote)
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if byte == lf { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case quote:
                guard field.isEmpty, !quotedField else {
                    throw CSVError(line: line, "a quote inside an unquoted field")
                }
                inQuotes = true
                quotedField = true
            case comma:
                endField()
            case cr, lf:
                if byte == cr && index < bytes.count && bytes[index] == lf { index += 1 }
                endRecord()
                line += 1
                recordLine = line
            default:
                if quotedField { throw CSVError(line: line, "text after a closing quote") }
                field.append(byte)
            }
        }
        if inQuotes { throw CSVError(line: recordLine, "a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty || quotedField { endRecord() }
        return records
    }
}
