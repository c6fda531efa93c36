import Testing

@testable import MigsyncCore

@Test func theCoreModuleLinks() {
    _ = MigsyncCore.self
}
