extension ReorderBuffer {
    /// Drops the buffered events that `shouldRemove` selects (events of a partition that moved away).
    mutating func removeAll(where shouldRemove: (Event) -> Bool) {
        for second in Array(buckets.keys) {
            let before = buckets[second]!.count
            buckets[second]!.removeAll(where: shouldRemove)
            count -= before - buckets[second]!.count
        }
    }
}
