/// The CSV text of the Olist files the converter reads.
public struct OlistFiles: Sendable {
    public var orders: String
    public var items: String
    public var reviews: String
    public var customers: String

    public init(orders: String, items: String, reviews: String, customers: String) {
        self.orders = orders
        self.items = items
        self.reviews = reviews
        self.customers = customers
    }

    /// Reads each file from `directory` as `NAME.csv.gz`, or as plain `NAME.csv` where there is no compressed one.
    public init(directory: String) throws(OlistConversionError) {
        func read(_ file: OlistFile) throws(OlistConversionError) -> String {
            let base = directory.hasSuffix("/") ? directory + file.rawValue : directory + "/" + file.rawValue
            let path = CompressedTextFile.exists(base + ".gz") ? base + ".gz" : base
            do {
                return try CompressedTextFile.text(atPath: path)
            } catch {
                throw OlistConversionError(file: path, line: nil, field: nil, error.message)
            }
        }
        self.init(
            orders: try read(.orders), items: try read(.items), reviews: try read(.reviews),
            customers: try read(.customers))
    }

    subscript(file: OlistFile) -> String {
        switch file {
        case .orders: orders
        case .items: items
        case .reviews: reviews
        case .customers: customers
        }
    }
}
