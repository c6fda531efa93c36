/// Binary search over sorted lists, for the places that keep lists sorted to avoid hashing
/// every element (object keys, paths, status notes by commit).
public enum SortedSearch {
    /// The first index in `0..<count` for which `isBefore` is false. `isBefore` must hold
    /// for a prefix of the indexes, as "the element at this index sorts before the one
    /// sought" does in a sorted list.
    public static func lowerBound(_ count: Int, _ isBefore: (Int) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if isBefore(middle) { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
