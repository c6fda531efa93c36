import Hummingbird
import NIOCore

/// Per-request context: Hummingbird's core storage plus the connection, from which client
/// certificate authentication reads the peer's certificate.
struct EmulatorRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        channel = source.channel
    }
}
