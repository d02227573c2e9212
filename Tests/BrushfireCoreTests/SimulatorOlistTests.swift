import BrushfireCore
import BrushfireSimulator
import Foundation
import Testing

/// The Olist marketplace sample, read from `../shared/data/olist/` beside the package; never copied into the
/// repository (its licence, CC BY-NC-SA 4.0, is not the project's).
enum OlistFixture {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data/olist")

    static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent("olist_orders_dataset.csv.gz").path)
    }

    static let missing =
        "the Olist sample was not found at \(directory.path) (see /work/shared/data/olist/README.md); skipped"

    /// The converter's output, made once per test process.
    static let conversion = Result { () throws(OlistConversionError) in
        try OlistConverter.conversion(directory: directory.path)
    }

    /// One event reduced to what both readings state: id, type, time, shop, buyer, order, then the item, refund or
    /// review id, the amount or rating, and the address or refund reason.
    struct Row: Equatable, CustomStringConvertible {
        var id: String
        var type: String
        var ts: Int64
        var shop: String
        var buyer: String
        var order: String
        var label: String
        var number: Int64
        var text: String?

        init(_ event: Event) {
            id = event.eventID
            type = event.type.description
            ts = event.timestamp
            shop = event.shopID
            buyer = event.buyerID
            order = event.orderID ?? ""
            switch event.type {
            case .order:
                label = event.itemID ?? ""
                number = event.amountCents ?? -1
                text = event.receiver?.address
            case .refund:
                label = event.recordID ?? ""
                number = event.amountCents ?? -1
                text = event.reason
            case .review, .complaint:
                label = event.recordID ?? ""
                number = Int64(event.rating ?? -1)
                text = nil
            }
        }

        init(reference fields: [Any]) throws {
            guard fields.count == 9, let id = fields[0] as? String, let type = fields[1] as? String,
                let ts = (fields[2] as? NSNumber)?.int64Value, let shop = fields[3] as? String,
                let buyer = fields[4] as? String, let order = fields[5] as? String, let label = fields[6] as? String,
                let number = (fields[7] as? NSNumber)?.int64Value
            else { throw ReferenceFailure(description: "unexpected reference event \(fields)") }
            (self.id, self.type, self.ts, self.shop, self.buyer, self.order) = (id, type, ts, shop, buyer, order)
            (self.label, self.number, self.text) = (label, number, fields[8] as? String)
        }

        var description: String {
            "\(id) \(type) \(ts) \(shop) \(buyer) \(order) \(label) \(number) \(text ?? "-")"
        }
    }

    struct ReferenceFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// The same dataset read by `Scripts/olist_reference.py`: Python's csv and gzip modules and the README's rules.
    static let reference = Result { () throws -> (rows: [String: Int], counts: [String: Int], events: [Row]) in
        let run = try PythonScript.run("olist_reference.py", [directory.path])
        guard run.status == 0 else {
            throw ReferenceFailure(description: "olist_reference.py exited with \(run.status): \(run.standardError)")
        }
        guard let object = try JSONSerialization.jsonObject(with: run.standardOutput) as? [String: Any],
            let rows = object["rows"] as? [String: Int], let counts = object["counts"] as? [String: Int],
            let events = object["events"] as? [[Any]]
        else { throw ReferenceFailure(description: "olist_reference.py printed something unexpected") }
        return (rows, counts, try events.map(Row.init(reference:)))
    }
}

@Suite("Olist marketplace dataset conversion")
struct SimulatorOlistTests {
    @Test(
        "Rows read agree with the dataset's own description and with Python's csv module",
        .enabled(if: OlistFixture.isAvailable, "\(OlistFixture.missing)"))
    func realDatasetRows() throws {
        let conversion = try OlistFixture.conversion.get()
        // The sizes /work/shared/data/olist/README.md states.
        #expect(conversion.rows[.orders] == 30_950)
        #expect(conversion.rows[.items] == 35_101)
        #expect(conversion.rows[.reviews] == 16_407)
        #expect(conversion.rows[.customers] == 30_950)
        let reference = try OlistFixture.reference.get()
        for file in OlistFile.allCases {
            #expect(conversion.rows[file] == reference.rows[file.rawValue], "\(file)")
        }
    }

    @Test(
        "Events by type and what was skipped agree with an independent reading",
        .enabled(if: OlistFixture.isAvailable, "\(OlistFixture.missing)"))
    func realDatasetCounts() throws {
        let conversion = try OlistFixture.conversion.get()
        let counts = try OlistFixture.reference.get().counts
        func reference(_ key: String) -> Int { counts[key] ?? 0 }
        #expect(conversion.orderEvents == reference("order_events"))
        #expect(conversion.refundEvents == reference("refund_events"))
        #expect(conversion.reviewEvents == reference("review_events"))
        #expect(conversion.ordersWithoutItems == reference("orders_without_items"))
        #expect(conversion.canceledOrders == reference("canceled_orders"))
        #expect(conversion.refundTimesFilled == reference("refund_times_filled"))
        #expect(conversion.reviewsWithoutItems == reference("reviews_without_items"))
        #expect(conversion.reviewsBeforeOrder == reference("reviews_before_order"))
        let byType = Dictionary(grouping: conversion.events, by: \.type).mapValues(\.count)
        #expect(byType[.order] == conversion.orderEvents)
        #expect(byType[.refund] == conversion.refundEvents)
        #expect(byType[.review] == conversion.reviewEvents)
        #expect(byType[.complaint] == nil)
        #expect(conversion.events.count == conversion.orderEvents + conversion.refundEvents + conversion.reviewEvents)
        #expect(Set(conversion.events.map(\.shopID)).count == 2_353, "the README's 2,353 sellers")
    }

    @Test(
        "Every event agrees with the independent reading, field by field and in the same order",
        .enabled(if: OlistFixture.isAvailable, "\(OlistFixture.missing)"))
    func realDatasetEvents() throws {
        let ours = try OlistFixture.conversion.get().events.map(OlistFixture.Row.init)
        let theirs = try OlistFixture.reference.get().events
        #expect(ours.count == theirs.count)
        let differences = zip(ours, theirs).filter { $0 != $1 }
        #expect(differences.isEmpty, "\(differences.count) differ, e.g. \(differences.prefix(3))")
    }

    @Test(
        "Every converted event is written by the contract and decodes back to itself",
        .enabled(if: OlistFixture.isAvailable, "\(OlistFixture.missing)"))
    func realDatasetDecodes() throws {
        let events = try OlistFixture.conversion.get().events
        let decoder = EventDecoder()
        var failures: [String] = []
        for event in events {
            let line = event.jsonLine()
            switch decoder.decode(Array(line.utf8)) {
            case .success(let decoded) where decoded == event: break
            case .success(let decoded): failures.append("\(event.eventID) decoded as \(decoded)")
            case .failure(let error): failures.append("\(event.eventID): \(error)")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) failures, e.g. \(failures.prefix(3))")
        #expect(Set(events.map(\.eventID)).count == events.count, "event ids are unique")
        let sorted = zip(events, events.dropFirst()).allSatisfy { a, b in
            a.timestamp < b.timestamp || (a.timestamp == b.timestamp && a.eventID < b.eventID)
        }
        #expect(sorted)
        #expect(events.allSatisfy { $0.type != .order || $0.currency == "BRL" })
        #expect(events.allSatisfy { $0.receiver?.name == nil && $0.receiver?.phone == nil })
    }

    @Test(
        "Every converted event satisfies Schemas/event.schema.json",
        .enabled(if: OlistFixture.isAvailable, "\(OlistFixture.missing)"),
        .enabled(if: SchemaValidator.isAvailable, "\(SchemaValidator.unavailableReason ?? "")"))
    func realDatasetSatisfiesSchema() throws {
        let lines = try OlistFixture.conversion.get().events.map { Array($0.jsonLine().utf8) }
        let verdicts = try SchemaValidator.eventSchema.verdicts(forLines: lines)
        #expect(verdicts.count == lines.count)
        let invalid = verdicts.filter { !$0.isValid }
        #expect(
            invalid.isEmpty,
            "\(invalid.count) invalid, e.g. line \(invalid.first?.line ?? 0): \(invalid.first?.reason ?? "")")
    }

    // MARK: - The rules, on a dataset small enough to read

    static let customers = """
        customer_id,customer_unique_id,customer_zip_code_prefix,customer_city,customer_state
        c1,u1,01310,sao paulo,SP
        c2,u1,01310,sao paulo,SP
        c3,u3,22290,rio de janeiro,RJ

        """

    static let orders = """
        order_id,customer_id,order_status,order_purchase_timestamp,order_approved_at,order_delivered_carrier_date,\
        order_delivered_customer_date,order_estimated_delivery_date
        o1,c1,delivered,2017-11-24 20:13:05,2017-11-24 20:30:00,2017-11-27 10:00:00,2017-12-01 15:00:00,2017-12-10 00:00:00
        o2,c2,canceled,2017-11-25 09:00:00,2017-11-25 09:10:00,2017-11-26 08:00:00,,2017-12-10 00:00:00
        o3,c3,canceled,2018-01-02 10:00:00,,,,2018-01-20 00:00:00
        o4,c3,unavailable,2018-01-03 10:00:00,2018-01-03 10:05:00,,,2018-01-20 00:00:00

        """

    static let items = """
        order_id,order_item_id,product_id,seller_id,shipping_limit_date,price,freight_value
        o1,1,pA,sX,2017-11-30 00:00:00,29.90,7.5
        o1,2,pB,sX,2017-11-30 00:00:00,10,0.00
        o1,3,pB,sX,2017-11-30 00:00:00,10.00,0
        o1,4,pC,sY,2017-11-30 00:00:00,100.00,12.34
        o2,1,pD,sY,2017-11-30 00:00:00,5.00,1.00
        o2,2,pE,sY,2017-11-30 00:00:00,6.00,1.00
        o3,1,pA,sX,2018-01-05 00:00:00,29.90,8.00

        """

    static let reviews = """
        review_id,order_id,review_score,review_comment_title,review_comment_message,review_creation_date,\
        review_answer_timestamp
        r1,o1,1,"Ruim, muito ruim","chegou ""quebrado"",
        e atrasado",2017-12-02 00:00:00,2017-12-03 11:22:33
        ,o2,3,,,2017-11-27 00:00:00,2017-11-28 08:00:00
        ,o2,2,,,2017-11-27 00:00:00,2017-11-29 08:00:00
        r4,o4,5,,,2018-01-05 00:00:00,2018-01-05 12:00:00
        r5,o3,4,,"linha um\r\nlinha dois",2018-01-01 00:00:00,2018-01-01 09:00:00

        """

    static let small = OlistFiles(orders: orders, items: items, reviews: reviews, customers: customers)

    static func brasilia(_ text: String) -> Int64 {
        RFC3339Probe.millis(text.replacingOccurrences(of: " ", with: "T") + "-03:00")
    }

    @Test("One order event per order and seller: its items' prices plus freight, its most frequent product")
    func ordersPerSeller() throws {
        let conversion = try OlistConverter.conversion(Self.small)
        let orders = conversion.events.filter { $0.type == .order }
        #expect(conversion.orderEvents == 4 && orders.count == 4)
        #expect(conversion.ordersWithoutItems == 1, "o4 has no items")
        let x = try #require(orders.first { $0.orderID == "o1/sX" })
        #expect(x.eventID == "olist-ev-o-o1-sX" && x.shopID == "sX" && x.buyerID == "u1")
        let itemsAndFreight: Int64 = 2_990 + 750 + 1_000 + 1_000
        #expect(x.amountCents == itemsAndFreight)
        #expect(x.itemID == "pB", "two items of pB outnumber one of pA")
        #expect(x.currency == "BRL")
        #expect(x.receiver == Receiver(address: "01310, sao paulo, SP"))
        #expect(x.timestamp == Self.brasilia("2017-11-24 20:13:05"))
        #expect(x.jsonLine().contains("\"ts\":\"2017-11-25T07:13:05.000+08:00\""))
        let y = try #require(orders.first { $0.orderID == "o1/sY" })
        #expect(y.amountCents == 11_234 && y.itemID == "pC" && y.timestamp == x.timestamp)
        let tie = try #require(orders.first { $0.orderID == "o2/sY" })
        #expect(tie.itemID == "pD", "on a tie, the product listed first")
        #expect(tie.buyerID == "u1", "the same person under another customer_id")
    }

    @Test("A canceled order refunds each of its sub-orders at its last recorded step, or at purchase")
    func canceledOrdersRefund() throws {
        let conversion = try OlistConverter.conversion(Self.small)
        let refunds = conversion.events.filter { $0.type == .refund }
        #expect(conversion.canceledOrders == 2 && conversion.refundEvents == 2 && refunds.count == 2)
        let o2 = try #require(refunds.first { $0.orderID == "o2/sY" })
        #expect(o2.timestamp == Self.brasilia("2017-11-26 08:00:00"), "handed to the carrier after approval")
        #expect(o2.amountCents == 1_300 && o2.recordID == "olist-r-o2-sY" && o2.reason == "order canceled")
        #expect(o2.eventID == "olist-ev-r-o2-sY" && o2.buyerID == "u1" && o2.shopID == "sY")
        let o3 = try #require(refunds.first { $0.orderID == "o3/sX" })
        #expect(o3.timestamp == Self.brasilia("2018-01-02 10:00:00"), "no step recorded: the purchase time")
        #expect(conversion.refundTimesFilled == 1)
    }

    @Test("A review rates every seller of its order at its answer time; quoted text with commas and breaks is read")
    func reviewsPerSeller() throws {
        let conversion = try OlistConverter.conversion(Self.small)
        let reviews = conversion.events.filter { $0.type == .review }
        #expect(conversion.reviewEvents == 5 && reviews.count == 5)
        #expect(conversion.reviewsWithoutItems == 1, "r4's order has no items")
        let r1 = reviews.filter { $0.recordID == "r1" }
        #expect(Set(r1.map(\.shopID)) == ["sX", "sY"] && r1.allSatisfy { $0.rating == 1 && $0.buyerID == "u1" })
        #expect(r1.allSatisfy { $0.timestamp == Self.brasilia("2017-12-03 11:22:33") })
        #expect(r1.map(\.eventID).sorted() == ["olist-ev-v-r1-o1-sX", "olist-ev-v-r1-o1-sY"])
        let unnamed = reviews.filter { $0.orderID == "o2/sY" }.sorted { $0.timestamp < $1.timestamp }
        #expect(unnamed.map(\.recordID) == ["olist-n1-o2", "olist-n2-o2"], "reviews without an id are numbered")
        #expect(unnamed.map(\.eventID) == ["olist-ev-v-n1-o2-sY", "olist-ev-v-n2-o2-sY"])
        #expect(unnamed.map(\.rating) == [3, 2])
        let r5 = try #require(reviews.first { $0.recordID == "r5" })
        #expect(r5.timestamp < Self.brasilia("2018-01-02 10:00:00") && conversion.reviewsBeforeOrder == 1)
        #expect(conversion.rows == [.orders: 4, .items: 7, .reviews: 5, .customers: 3])
    }

    @Test("Events are sorted by time, then event id, so an order precedes its refund in the same second")
    func sortedOutput() throws {
        let events = try OlistConverter.conversion(Self.small).events
        let keys = events.map { ($0.timestamp, $0.eventID) }
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 < $1 })
        let o3 = events.filter { $0.orderID == "o3/sX" }
        #expect(o3.map(\.type) == [.review, .order, .refund], "r5 precedes its order in the data and stays there")
    }

    @Test("The files are read from a directory, gzip-compressed or plain")
    func readsDirectory() throws {
        let manager = FileManager.default
        let directory = manager.temporaryDirectory.appendingPathComponent("brushfire-olist-\(UUID().uuidString)")
        try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? manager.removeItem(at: directory) }
        let texts: [OlistFile: String] = [
            .orders: Self.orders, .items: Self.items, .reviews: Self.reviews, .customers: Self.customers,
        ]
        for (file, text) in texts {
            try Data(text.utf8).write(to: directory.appendingPathComponent(file.rawValue))
        }
        // Two of the four compressed by the system's gzip, the others left plain.
        for file in [OlistFile.orders, .reviews] {
            let gzip = Process()
            gzip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            gzip.arguments = ["gzip", directory.appendingPathComponent(file.rawValue).path]
            try gzip.run()
            gzip.waitUntilExit()
            #expect(gzip.terminationStatus == 0)
        }
        #expect(manager.fileExists(atPath: directory.appendingPathComponent("olist_orders_dataset.csv.gz").path))
        let fromDisk = try OlistConverter.conversion(directory: directory.path)
        let fromText = try OlistConverter.conversion(Self.small)
        #expect(fromDisk.events == fromText.events)

        try manager.removeItem(at: directory.appendingPathComponent("olist_order_items_dataset.csv"))
        #expect {
            try OlistConverter.conversion(directory: directory.path)
        } throws: { error in
            guard let error = error as? OlistConversionError else { return false }
            return error.file.hasSuffix("olist_order_items_dataset.csv") && error.line == nil
        }
    }

    @Test(
        "Bad input is reported with its file, line and column",
        arguments: [
            (OlistFile.orders, "o1,c1,delivered,", "o1,c9,delivered,", 2, "customer_id"),
            (.orders, "2017-11-24 20:13:05,2017", "2017-11-31 20:13:05,2017", 2, "order_purchase_timestamp"),
            (.orders, "2017-11-25 09:10:00", "yesterday", 3, "order_approved_at"),
            (.orders, "o3,c3,canceled", "o1,c3,canceled", 4, "order_id"),
            (.items, "29.90,7.5", "29.90,-7.5", 2, "freight_value"),
            (.items, "o1,2,pB", "o1,1,pB", 3, "order_item_id"),
            (.items, "o3,1,pA", "o9,1,pA", 8, "order_id"),
            (.items, "o1,4,pC,sY", "o1,4,pC,", 5, "seller_id"),
            (.reviews, ",o2,3,", ",o2,6,", 4, "review_score"),
            (.reviews, "r4,o4,5", "r4,o99,5", 6, "order_id"),
            (.reviews, "r5,o3,4", "r1,o1,4", 7, "review_id"),
            (.reviews, ",o2,2,", "n1,o2,2,", 5, "review_id"),
            (.reviews, "2017-12-03 11:22:33", "", 2, "review_answer_timestamp"),
            (.customers, "c3,u3", "c3,", 4, "customer_unique_id"),
            (.customers, "customer_state", "state", 1, "customer_state"),
        ])
    func badInput(file: OlistFile, replacing: String, with: String, line: Int, field: String) throws {
        var files = Self.small
        func damage(_ text: String) -> String {
            precondition(text.contains(replacing), "\(replacing) not in \(file)")
            return text.replacingOccurrences(of: replacing, with: with)
        }
        switch file {
        case .orders: files.orders = damage(files.orders)
        case .items: files.items = damage(files.items)
        case .reviews: files.reviews = damage(files.reviews)
        case .customers: files.customers = damage(files.customers)
        }
        #expect {
            try OlistConverter.conversion(files)
        } throws: { error in
            guard let error = error as? OlistConversionError else { return false }
            return error.file == file.rawValue && error.line == line && error.field == field && !error.message.isEmpty
        }
    }

    @Test(
        "Broken CSV structure is reported with its file and line",
        arguments: [
            ("dois\",", "dois,", 7),
            ("r4,o4,5,,,", "r4,o4,5,a\"b,,", 6),
            ("r4,o4,5,,,", "r4,o4,5,", 6),
        ])
    func brokenStructure(replacing: String, with: String, line: Int) {
        var files = Self.small
        files.reviews = files.reviews.replacingOccurrences(of: replacing, with: with)
        #expect {
            try OlistConverter.conversion(files)
        } throws: { error in
            guard let error = error as? OlistConversionError else { return false }
            return error.file == OlistFile.reviews.rawValue && error.line == line && error.field == nil
        }
    }
}

/// Epoch milliseconds of an RFC 3339 time, through the contract's own decoder.
enum RFC3339Probe {
    static func millis(_ text: String) -> Int64 {
        let line =
            #"{"event_id":"p","type":"review","ts":"\#(text)","shop_id":"s","order_id":"o","buyer_id":"b","review_id":"r","rating":5}"#
        guard case .success(let event) = EventDecoder().decode(Array(line.utf8)) else { return -1 }
        return event.timestamp
    }
}
