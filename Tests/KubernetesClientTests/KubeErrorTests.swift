import Testing

@testable import KubernetesClient

@Suite("Status decoding")
struct KubeErrorTests {
    @Test(
        "each Status becomes the error a caller acts on",
        arguments: [
            ("not-found.json", 404, KubeError.notFound(message: "migplans.migration.openshift.io \"shop\" not found")),
            (
                "already-exists.json", 409,
                .alreadyExists(message: "migplans.migration.openshift.io \"shop\" already exists")
            ),
            (
                "conflict.json", 409,
                .conflict(
                    message:
                        "Operation cannot be fulfilled on migplans.migration.openshift.io \"shop\": the object has been modified; please apply your changes to the latest version and try again"
                )
            ),
            ("unauthorized.json", 401, .unauthorized(message: "Unauthorized")),
            ("expired.json", 410, .gone(message: "too old resource version: 12 (3456)")),
            (
                "too-many-requests.json", 429,
                .tooManyRequests(message: "Too many requests, please try again later.", retryAfter: .seconds(7))
            ),
            (
                "server-timeout.json", 500,
                .timeout(
                    message:
                        "The list operation against migplans could not be completed at this time, please try again.")
            ),
            (
                "internal-error.json", 500,
                .serverError(code: 500, message: "Internal error occurred: etcdserver: leader changed")
            ),
            (
                "bad-request.json", 400,
                .badRequest(message: "unable to parse requirement: found '(', expected: identifier")
            ),
            ("proxy-502.html", 502, .serverError(code: 502, message: "Bad Gateway")),
        ])
    func decodesStatus(fixture: String, code: Int, expected: KubeError) throws {
        let response = HTTPResponse(status: code, body: try Fixtures.bytes("status/\(fixture)"))
        #expect(KubeError.from(response: response) == expected)
    }

    @Test("invalid lists each field cause")
    func invalidCauses() throws {
        let response = HTTPResponse(status: 422, body: try Fixtures.bytes("status/invalid.json"))
        guard case .invalid(let message, let causes) = KubeError.from(response: response) else {
            Issue.record("expected .invalid")
            return
        }
        #expect(message.hasPrefix("MigPlan.migration.openshift.io \"shop\" is invalid"))
        #expect(causes.map(\.field) == ["spec.srcMigClusterRef", "spec.namespaces"])
        #expect(causes.map(\.reason) == ["FieldValueRequired", "FieldValueTypeInvalid"])
        #expect(causes[0].message == "Required value")
    }

    @Test("forbidden keeps the server's explanation")
    func forbidden() throws {
        let response = HTTPResponse(status: 403, body: try Fixtures.bytes("status/forbidden.json"))
        guard case .forbidden(let message) = KubeError.from(response: response) else {
            Issue.record("expected .forbidden")
            return
        }
        #expect(message.contains("cannot list resource \"migplans\""))
    }

    @Test("a Retry-After header wins over the Status detail")
    func retryAfterHeader() throws {
        let response = HTTPResponse(
            status: 429, headers: ["retry-after": "3"], body: try Fixtures.bytes("status/too-many-requests.json"))
        #expect(
            KubeError.from(response: response)
                == .tooManyRequests(message: "Too many requests, please try again later.", retryAfter: .seconds(3)))
    }

    @Test("a server that echoes the token gets it scrubbed from the message")
    func scrubsEchoedSecrets() {
        let body = #"{"kind":"Status","code":401,"reason":"Unauthorized","message":"token s3cr3t-token-xyz rejected"}"#
        let error = KubeError.from(
            response: HTTPResponse(status: 401, body: Array(body.utf8)),
            redactor: Redactor(secrets: ["s3cr3t-token-xyz"]))
        #expect(error == .unauthorized(message: "token <redacted> rejected"))
    }
}
