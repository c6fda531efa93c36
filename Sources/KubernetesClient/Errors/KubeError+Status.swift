import KubeObjects

extension KubeError {
    /// Builds the error for a non-2xx response from the `Status` object the API server sends,
    /// falling back to the HTTP code when the body is not a `Status` (a proxy's HTML page).
    ///
    /// - Parameter redactor: scrubs the request's credentials out of every message, in case a
    ///   server echoes them.
    static func from(response: HTTPResponse, redactor: Redactor = Redactor()) -> KubeError {
        let status = (try? JSONReader.parse(response.body)).flatMap { value -> JSONValue? in
            value["kind"]?.stringValue == "Status" ? value : nil
        }
        let reason = status?["reason"]?.stringValue ?? ""
        let code = Int(status?["code"]?.intValue ?? Int64(response.status))
        let fallback = HTTPStatusText.text(for: response.status)
        let message = redactor.scrub(status?["message"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? fallback)
        let details = status?["details"]

        switch (reason, response.status) {
        case ("NotFound", _), (_, 404):
            return .notFound(message: message)
        case ("AlreadyExists", _):
            return .alreadyExists(message: message)
        case ("Conflict", _), (_, 409):
            return .conflict(message: message)
        case ("Invalid", _), (_, 422):
            let causes = (details?["causes"]?.arrayValue ?? []).map { cause in
                StatusCause(
                    field: cause["field"]?.stringValue ?? "",
                    message: redactor.scrub(cause["message"]?.stringValue ?? ""),
                    reason: cause["reason"]?.stringValue ?? "")
            }
            return .invalid(message: message, causes: causes)
        case ("Unauthorized", _), (_, 401):
            return .unauthorized(message: message)
        case ("Forbidden", _), (_, 403):
            return .forbidden(message: message)
        case ("Gone", _), ("Expired", _), (_, 410):
            return .gone(message: message)
        case ("TooManyRequests", _), (_, 429):
            return .tooManyRequests(
                message: message,
                retryAfter: retryAfter(header: response.headers["retry-after"], details: details))
        case ("Timeout", _), ("ServerTimeout", _), (_, 504):
            return .timeout(message: message)
        case ("BadRequest", _), (_, 400):
            return .badRequest(message: message)
        case (_, 500..<600):
            return .serverError(code: response.status, message: message)
        default:
            return .unexpectedStatus(code: code, message: message)
        }
    }

    /// `Retry-After` in seconds (the form the API server uses), else the `Status` detail.
    static func retryAfter(header: String?, details: JSONValue?) -> Duration? {
        if let header, let seconds = Int(header.trimmingWhitespace()), seconds >= 0 {
            return .seconds(seconds)
        }
        if let seconds = details?["retryAfterSeconds"]?.intValue, seconds >= 0 {
            return .seconds(seconds)
        }
        return nil
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}

/// Reason phrases for responses without a `Status` body.
enum HTTPStatusText {
    static func text(for code: Int) -> String {
        switch code {
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 409: return "Conflict"
        case 410: return "Gone"
        case 422: return "Unprocessable Entity"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        default: return "HTTP \(code)"
        }
    }
}
