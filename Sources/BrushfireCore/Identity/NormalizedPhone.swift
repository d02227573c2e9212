/// A phone number reduced to a canonical form, with how much we can trust it.
public struct NormalizedPhone: Sendable, Equatable {
    /// What kind of number the input turned out to be.
    public enum Kind: UInt8, Sendable {
        /// Nothing but whitespace and separators.
        case empty
        /// Not a possible number: wrong length, unknown mainland range, stray letters.
        case invalid
        /// Partly hidden (`138****5678`): a weak hint, never the same identity as a full number.
        case masked
        /// A mainland mobile number (13x–19x ranges).
        case mobile
        /// A mainland mobile number of a virtual operator (162, 165, 167, 170, 171): cheap and disposable.
        case virtualMobile
        /// A mainland fixed line with its area code.
        case landline
        /// Any number outside mainland China, in E.164 form.
        case international
    }

    public var kind: Kind
    /// The canonical form to fingerprint: digits only for mainland numbers (`13812345678`, `057187654321`),
    /// `+` and the country code otherwise (`+447911123456`), `*` for hidden digits (`138****5678`), and empty
    /// for empty and invalid input.
    public var canonical: String
    /// A masked form safe to show in alerts and logs: `138****5678`; never the full number.
    public var display: String

    public init(kind: Kind, canonical: String, display: String) {
        self.kind = kind
        self.canonical = canonical
        self.display = display
    }

    /// True when the number names one subscriber line, so equal canonical forms may link orders.
    ///
    /// Masked numbers are not linkable as identities: many subscribers share one masked form.
    public var isLinkable: Bool {
        switch kind {
        case .mobile, .virtualMobile, .landline, .international: return true
        case .empty, .invalid, .masked: return false
        }
    }
}
