/// A CSV document split into records (RFC 4180: commas, double-quoted fields, `""` escapes, CRLF or LF),
/// each with the line it starts on, for error messages.
struct CSVTable: Sendable {
    struct Record: Sendable {
        var line: Int
        var fields: [String]
    }

    var records: [Record] = []

    /// Parses `text`, dropping a leading byte-order mark and blank lines.
    init(parsing text: String) throws(TmallConversionError) {
        var scalars = Substring(text).unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var quotedField = false
        var iterator = scalars.makeIterator()
        var pending: Unicode.Scalar? = nil

        func endRecord() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
            if !(fields.count == 1 && fields[0].isEmpty) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields = []
        }

        while let scalar = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if scalar == "\"" {
                    let next = iterator.next()
                    if next == "\"" {
                        field.append("\"")
                    } else {
                        inQuotes = false
                        pending = next
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"":
                guard field.isEmpty, !quotedField else {
                    throw TmallConversionError(line: line, field: nil, "a quote inside an unquoted field")
                }
                inQuotes = true
                quotedField = true
            case ",":
                fields.append(String(field))
                field = String.UnicodeScalarView()
                quotedField = false
            case "\r":
                let next = iterator.next()
                if next != "\n" { pending = next }
                endRecord()
                quotedField = false
                line += 1
                recordLine = line
            case "\n":
                endRecord()
                quotedField = false
                line += 1
                recordLine = line
            default:
                if quotedField {
                    throw TmallConversionError(line: line, field: nil, "text after a closing quote")
                }
                field.append(scalar)
            }
        }
        if inQuotes { throw TmallConversionError(line: recordLine, field: nil, "a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
    }
}
