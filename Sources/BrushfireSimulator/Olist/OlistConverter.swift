import BrushfireCore

/// Turns the public Olist marketplace dataset (Brazil, 2016–2018) into contract events.
///
/// A multi-seller order is split as the marketplace ships it, into one sub-order per seller: each (order, seller)
/// becomes one order event at the purchase time, with the seller as the shop, the customer's `customer_unique_id` as
/// the buyer, the seller's items and freight as the amount, and the customer's zip prefix, city and state as the
/// receiver's address. A `canceled` order refunds each of its sub-orders; a review rates each seller of its order.
/// Times are read as Brasília time, UTC−03:00. The README's *Real data: `brushfire convert olist`* states every rule.
public enum OlistConverter {
    /// The zone the data's wall-clock times are read in: Brasília time, UTC−03:00, without daylight saving.
    public static let utcOffsetMillis: Int64 = -3 * 3_600_000
    public static let currency = "BRL"
    /// The reason every refund carries: the dataset records only that the order was canceled.
    public static let refundReason = "order canceled"

    /// Reads the files from `directory` (`.csv.gz` or `.csv`) and converts them.
    public static func conversion(directory: String) throws(OlistConversionError) -> OlistConversion {
        try conversion(OlistFiles(directory: directory))
    }

    /// Converts the files' CSV text.
    public static func conversion(_ files: OlistFiles) throws(OlistConversionError) -> OlistConversion {
        let customers = try customersByID(try OlistTable(files, .customers))
        let orderTable = try OlistTable(files, .orders)
        var orders = try readOrders(orderTable, customers: customers)
        let itemTable = try OlistTable(files, .items)
        var parts = try readItems(itemTable, orders: &orders)
        let reviewTable = try OlistTable(files, .reviews)

        var events: [Event] = []
        var counts = (orders: 0, refunds: 0, filled: 0, canceled: 0, withoutItems: 0)
        for (position, order) in orders.list.enumerated() {
            if order.canceled { counts.canceled += 1 }
            guard let sellers = parts[position], !sellers.isEmpty else {
                counts.withoutItems += 1
                continue
            }
            let customer = order.customer
            let refundTime = order.refundTime
            if order.canceled && !order.hasLaterStep { counts.filled += 1 }
            for seller in sellers.keys.sorted() {
                let part = sellers[seller]!
                let key = "\(order.id)-\(seller)"
                let subOrder = "\(order.id)/\(seller)"
                events.append(
                    Event(
                        eventID: "olist-ev-o-\(key)", type: .order, timestamp: order.purchase, shopID: seller,
                        buyerID: customer.uniqueID, orderID: subOrder, itemID: part.mainProduct,
                        amountCents: part.amountCents, currency: currency, receiver: Receiver(address: customer.address)
                    ))
                counts.orders += 1
                if order.canceled {
                    events.append(
                        Event(
                            eventID: "olist-ev-r-\(key)", type: .refund, timestamp: refundTime, shopID: seller,
                            buyerID: customer.uniqueID, orderID: subOrder, amountCents: part.amountCents,
                            recordID: "olist-r-\(key)", reason: refundReason))
                    counts.refunds += 1
                }
            }
        }
        parts.removeAll()

        var reviewCounts = (events: 0, withoutItems: 0, beforeOrder: 0)
        var seenReviews: [String: Int] = [:]
        var unnamedReviews: [Int: Int] = [:]
        for record in reviewTable.records {
            let orderID = reviewTable.value(record, "order_id")
            guard let position = orders.index[orderID] else {
                throw reviewTable.error(record, "order_id", "order \"\(orderID)\" is not in \(OlistFile.orders)")
            }
            let order = orders.list[position]
            let scoreText = reviewTable.value(record, "review_score")
            guard let rating = Int(scoreText), (1...5).contains(rating) else {
                throw reviewTable.error(record, "review_score", "expected a whole number 1–5, found \"\(scoreText)\"")
            }
            let answered = try reviewTable.time(record, "review_answer_timestamp")
            // The key names the review within its order's event ids: its id, or `n<k>` for the k-th without one.
            var reviewID = reviewTable.value(record, "review_id")
            let key: String
            if reviewID.isEmpty {
                unnamedReviews[position, default: 0] += 1
                key = "n\(unnamedReviews[position]!)"
                reviewID = "olist-\(key)-\(order.id)"
            } else {
                reviewID = try reviewTable.identifier(record, "review_id")
                key = reviewID
            }
            if let first = seenReviews["\(key)/\(order.id)"] {
                throw reviewTable.error(
                    record, "review_id", "review \(key) of order \(order.id) already appears on line \(first)")
            }
            seenReviews["\(key)/\(order.id)"] = record.line
            guard let sellers = order.sellers, !sellers.isEmpty else {
                reviewCounts.withoutItems += 1
                continue
            }
            if answered < order.purchase { reviewCounts.beforeOrder += 1 }
            for seller in sellers {
                events.append(
                    Event(
                        eventID: "olist-ev-v-\(key)-\(order.id)-\(seller)", type: .review, timestamp: answered,
                        shopID: seller, buyerID: order.customer.uniqueID, orderID: "\(order.id)/\(seller)",
                        recordID: reviewID, rating: rating))
                reviewCounts.events += 1
            }
        }

        events.sort { $0.timestamp != $1.timestamp ? $0.timestamp < $1.timestamp : $0.eventID < $1.eventID }
        var rows: [OlistFile: Int] = [:]
        rows[.customers] = customers.count
        rows[.orders] = orderTable.records.count
        rows[.items] = itemTable.records.count
        rows[.reviews] = reviewTable.records.count
        return OlistConversion(
            events: events, rows: rows, orderEvents: counts.orders, refundEvents: counts.refunds,
            reviewEvents: reviewCounts.events, ordersWithoutItems: counts.withoutItems, canceledOrders: counts.canceled,
            refundTimesFilled: counts.filled, reviewsWithoutItems: reviewCounts.withoutItems,
            reviewsBeforeOrder: reviewCounts.beforeOrder)
    }

    // MARK: - Reading the files

    struct Customer {
        var uniqueID: String
        var address: String
    }

    struct Order {
        var id: String
        var customer: Customer
        var canceled: Bool
        var purchase: Int64
        /// The latest of approval, hand-over to the carrier and delivery, or the purchase if none is recorded.
        var refundTime: Int64
        /// True when the order records approval, hand-over or delivery.
        var hasLaterStep: Bool
        /// Sorted seller ids, once the items are read; `nil` for an order with no items.
        var sellers: [String]?
        var line: Int
    }

    /// One seller's share of an order: its items' prices and freight, and how often each product occurs.
    struct Part {
        var amountCents: Int64 = 0
        /// Product → (items, lowest `order_item_id`).
        var products: [String: (count: Int, first: Int)] = [:]

        /// The product with the most items; on a tie, the one listed first in the order.
        var mainProduct: String {
            products.min { a, b in
                a.value.count != b.value.count ? a.value.count > b.value.count : a.value.first < b.value.first
            }!.key
        }
    }

    static func customersByID(_ table: OlistTable) throws(OlistConversionError) -> [String: Customer] {
        var customers: [String: Customer] = [:]
        var lines: [String: Int] = [:]
        for record in table.records {
            let id = try table.identifier(record, "customer_id")
            if let first = lines[id] {
                throw table.error(record, "customer_id", "customer \(id) already appears on line \(first)")
            }
            lines[id] = record.line
            let zip = table.value(record, "customer_zip_code_prefix")
            let city = table.value(record, "customer_city")
            let state = table.value(record, "customer_state")
            let address = "\(zip), \(city), \(state)"
            guard address.unicodeScalars.count <= 1024 else {
                throw table.error(record, "customer_city", "the address would exceed the contract's 1024 characters")
            }
            customers[id] = Customer(uniqueID: try table.identifier(record, "customer_unique_id"), address: address)
        }
        return customers
    }

    static func readOrders(
        _ table: OlistTable, customers: [String: Customer]
    ) throws(OlistConversionError) -> (list: [Order], index: [String: Int]) {
        var list: [Order] = []
        var index: [String: Int] = [:]
        list.reserveCapacity(table.records.count)
        for record in table.records {
            let id = try table.identifier(record, "order_id")
            if let first = index[id] {
                throw table.error(record, "order_id", "order \(id) already appears on line \(list[first].line)")
            }
            let customerID = table.value(record, "customer_id")
            guard let customer = customers[customerID] else {
                throw table.error(
                    record, "customer_id", "customer \"\(customerID)\" is not in \(OlistFile.customers)")
            }
            let purchase = try table.time(record, "order_purchase_timestamp")
            var latest = purchase
            var hasLaterStep = false
            for column in ["order_approved_at", "order_delivered_carrier_date", "order_delivered_customer_date"] {
                if let time = try table.optionalTime(record, column) {
                    latest = max(latest, time)
                    hasLaterStep = true
                }
            }
            index[id] = list.count
            list.append(
                Order(
                    id: id, customer: customer, canceled: table.value(record, "order_status") == "canceled",
                    purchase: purchase, refundTime: latest, hasLaterStep: hasLaterStep, sellers: nil,
                    line: record.line))
        }
        return (list, index)
    }

    /// Each order's sellers and their parts, by the order's position; fills in `Order.sellers`.
    static func readItems(
        _ table: OlistTable, orders: inout (list: [Order], index: [String: Int])
    ) throws(OlistConversionError) -> [Int: [String: Part]] {
        var parts: [Int: [String: Part]] = [:]
        var itemLines: [String: Int] = [:]
        for record in table.records {
            let orderID = table.value(record, "order_id")
            guard let position = orders.index[orderID] else {
                throw table.error(record, "order_id", "order \"\(orderID)\" is not in \(OlistFile.orders)")
            }
            let itemText = table.value(record, "order_item_id")
            guard let item = Int(itemText), item >= 1 else {
                throw table.error(record, "order_item_id", "expected a whole number from 1, found \"\(itemText)\"")
            }
            if let first = itemLines["\(orderID)#\(item)"] {
                throw table.error(
                    record, "order_item_id", "item \(item) of order \(orderID) already appears on line \(first)")
            }
            itemLines["\(orderID)#\(item)"] = record.line
            let seller = try table.identifier(record, "seller_id")
            let product = try table.identifier(record, "product_id")
            let cents = try table.cents(record, "price") + table.cents(record, "freight_value")
            parts[position, default: [:]][seller, default: Part()].amountCents += cents
            parts[position]![seller]!.products[product, default: (0, item)].count += 1
            let first = parts[position]![seller]!.products[product]!.first
            parts[position]![seller]!.products[product]!.first = min(first, item)
        }
        for (position, sellers) in parts { orders.list[position].sellers = sellers.keys.sorted() }
        return parts
    }
}
