/// A buyer account and the people it ships to.
struct Buyer: Sendable {
    var id: String
    /// Where this account usually ships.
    var home: Persona
    /// An office or second home used now and then.
    var secondary: Persona?
    /// Relative purchase frequency (heavy-tailed: a few buy daily, most now and then).
    var activity: Double
}
