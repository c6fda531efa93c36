import KubeObjects
import Testing

@testable import KubernetesClient

@Suite("retries")
struct RetryPolicyTests {
    let policy = RetryPolicy(
        maxAttempts: 6, initialDelay: .milliseconds(100), maxDelay: .seconds(2), multiplier: 2, jitter: 0.2)

    @Test(
        "backoff doubles from the initial delay up to the cap, jitter within ±20%",
        arguments: [
            (1, 0.5, Duration.milliseconds(100)),
            (2, 0.5, .milliseconds(200)),
            (3, 0.5, .milliseconds(400)),
            (5, 0.5, .milliseconds(1600)),
            (6, 0.5, .seconds(2)),
            (30, 0.5, .seconds(2)),
            (2, 0.0, .milliseconds(160)),
            (2, 1.0, .milliseconds(240)),
            (30, 1.0, .seconds(2)),
        ])
    func backoff(attempt: Int, random: Double, expected: Duration) {
        let delay = policy.backoff(afterAttempt: attempt, random: random)
        #expect(abs((delay - expected) / .microseconds(1)) < 2, "\(delay) vs \(expected)")
    }

    @Test(
        "which failures are retried, by method",
        arguments: [
            (KubeError.tooManyRequests(message: "", retryAfter: nil), HTTPMethod.post, true),
            (.serverError(code: 500, message: ""), .get, true),
            (.serverError(code: 500, message: ""), .post, false),
            (.serverError(code: 503, message: ""), .post, true),
            (.timeout(message: ""), .put, true),
            (.timeout(message: ""), .post, false),
            (.transport(TransportFailure(kind: .connect, message: "")), .post, true),
            (.transport(TransportFailure(kind: .interrupted, message: "")), .post, false),
            (.transport(TransportFailure(kind: .interrupted, message: "")), .delete, true),
            (.transport(TransportFailure(kind: .tls, message: "")), .get, false),
            (.conflict(message: ""), .put, false),
            (.notFound(message: ""), .get, false),
            (.unauthorized(message: ""), .get, false),
        ])
    func retryable(error: KubeError, method: HTTPMethod, expected: Bool) {
        #expect(policy.isRetryable(error, method: method) == expected)
    }

    @Test("Retry-After is honoured as given, capped, and no try is made past maxAttempts")
    func retryAfterAndLimit() {
        let throttled = KubeError.tooManyRequests(message: "", retryAfter: .seconds(7))
        #expect(policy.delay(afterAttempt: 1, error: throttled, method: .get, random: 0.9) == .seconds(7))
        let long = KubeError.tooManyRequests(message: "", retryAfter: .seconds(600))
        #expect(policy.delay(afterAttempt: 1, error: long, method: .get, random: 0.5) == .seconds(60))
        #expect(policy.delay(afterAttempt: 6, error: throttled, method: .get, random: 0.5) == nil)
    }

    @Test("the client waits Retry-After, then backs off exponentially, then succeeds")
    func clientRetryTiming() async throws {
        let plan =
            #"{"apiVersion":"migration.openshift.io/v1alpha1","kind":"MigPlan","metadata":{"name":"shop","namespace":"openshift-migration","resourceVersion":"9"}}"#
        let transport = ScriptedTransport([
            .respond(
                .json(
                    429, try String(decoding: Fixtures.bytes("status/too-many-requests.json"), as: UTF8.self),
                    headers: ["retry-after": "2"])),
            .respond(
                .json(
                    503, #"{"kind":"Status","code":503,"reason":"ServiceUnavailable","message":"apiserver restarting"}"#
                )),
            .fail(.transport(TransportFailure(kind: .connect, message: "Couldn't connect to server"))),
            .respond(.json(200, plan)),
        ])
        let sleeper = SleepRecorder()
        let client = KubernetesClient(
            transport: transport, retryPolicy: policy, sleep: sleeper.sleep, random: { 0.5 })
        let object = try await client.get(.migPlan, namespace: "openshift-migration", name: "shop")
        #expect(object.resourceVersion == "9")
        #expect(sleeper.delays == [.seconds(2), .milliseconds(200), .milliseconds(400)])
        #expect(transport.requests.count == 4)
    }

    @Test("a create is not repeated after a 500: the object may exist")
    func createNotRetriedOnServerError() async throws {
        let transport = ScriptedTransport([
            .respond(.json(500, try String(decoding: Fixtures.bytes("status/internal-error.json"), as: UTF8.self)))
        ])
        let sleeper = SleepRecorder()
        let client = KubernetesClient(transport: transport, retryPolicy: policy, sleep: sleeper.sleep)
        let plan = KubeObject(
            apiVersion: "migration.openshift.io/v1alpha1", kind: "MigPlan", namespace: "ns", name: "p")
        await #expect(
            throws: KubeError.serverError(code: 500, message: "Internal error occurred: etcdserver: leader changed")
        ) {
            try await client.create(plan)
        }
        #expect(transport.requests.count == 1)
        #expect(sleeper.delays.isEmpty)
    }

    @Test("retries stop after maxAttempts and the last error is thrown")
    func givesUp() async throws {
        let unavailable = HTTPResponse.json(503, #"{"kind":"Status","code":503,"message":"down"}"#)
        let transport = ScriptedTransport(Array(repeating: .respond(unavailable), count: 10))
        let sleeper = SleepRecorder()
        let client = KubernetesClient(
            transport: transport, retryPolicy: RetryPolicy(maxAttempts: 3), sleep: sleeper.sleep, random: { 0.5 })
        await #expect(throws: KubeError.serverError(code: 503, message: "down")) {
            try await client.get(.namespace, name: "x")
        }
        #expect(transport.requests.count == 3)
        #expect(sleeper.delays.count == 2)
    }
}
