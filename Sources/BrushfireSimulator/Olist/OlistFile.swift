/// The files of the Olist dataset that the converter reads, by the names Olist gives them, with the columns it uses.
public enum OlistFile: String, CaseIterable, Sendable, CustomStringConvertible {
    case orders = "olist_orders_dataset.csv"
    case items = "olist_order_items_dataset.csv"
    case reviews = "olist_order_reviews_dataset.csv"
    case customers = "olist_customers_dataset.csv"

    public var description: String { rawValue }

    /// The columns read; a file may have more, in any order.
    var columns: [String] {
        switch self {
        case .orders:
            [
                "order_id", "customer_id", "order_status", "order_purchase_timestamp", "order_approved_at",
                "order_delivered_carrier_date", "order_delivered_customer_date",
            ]
        case .items: ["order_id", "order_item_id", "product_id", "seller_id", "price", "freight_value"]
        case .reviews: ["review_id", "order_id", "review_score", "review_answer_timestamp"]
        case .customers:
            ["customer_id", "customer_unique_id", "customer_zip_code_prefix", "customer_city", "customer_state"]
        }
    }
}
