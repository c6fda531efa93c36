/// The emulated clusters behind the emulator. (Interface only so far.)
public struct Inventory: Sendable, Hashable {
    public init() {}

    /// The inventory used when none is given.
    public static let `default` = Inventory()

    /// Reads an inventory YAML file.
    public static func load(path: String) throws -> Inventory { Inventory() }
}
