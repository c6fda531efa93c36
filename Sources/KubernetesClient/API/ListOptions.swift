import KubeObjects

/// Filters and paging for a list call.
public struct ListOptions: Sendable, Hashable {
    public var labelSelector: LabelSelector?
    public var fieldSelector: String?
    /// Page size; the server then returns a `continueToken` for the next page.
    public var limit: Int?
    /// The token from the previous page.
    public var continueToken: String?
    /// `0` lets the server answer from its cache; `nil` asks for the latest state.
    public var resourceVersion: String?

    public init(
        labelSelector: LabelSelector? = nil, fieldSelector: String? = nil, limit: Int? = nil,
        continueToken: String? = nil, resourceVersion: String? = nil
    ) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.limit = limit
        self.continueToken = continueToken
        self.resourceVersion = resourceVersion
    }
}

/// One page of a list: the objects, the collection's resource version (where a watch can
/// start), and the token for the next page when there is one.
public struct KubeList: Sendable, Hashable {
    public var items: [KubeObject]
    public var resourceVersion: String
    public var continueToken: String?
    /// The server's count of objects after this page, when it says.
    public var remainingItemCount: Int?

    public init(
        items: [KubeObject], resourceVersion: String, continueToken: String? = nil, remainingItemCount: Int? = nil
    ) {
        self.items = items
        self.resourceVersion = resourceVersion
        self.continueToken = continueToken
        self.remainingItemCount = remainingItemCount
    }
}
