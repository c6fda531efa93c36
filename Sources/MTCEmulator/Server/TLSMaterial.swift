import Foundation

/// The emulator's certificates: a CA, a serving certificate for 127.0.0.1/localhost signed by
/// it, and a client certificate signed by it for client-certificate authentication.
///
/// Made with the `openssl` command line once per state directory and reused afterwards, so a
/// restarted emulator keeps the CA its kubeconfig already trusts.
public struct TLSMaterial: Sendable {
    public var directory: String
    public var caCertificatePath: String { "\(directory)/ca.crt" }
    public var serverCertificatePath: String { "\(directory)/server.crt" }
    public var serverKeyPath: String { "\(directory)/server.key" }
    public var clientCertificatePath: String { "\(directory)/client.crt" }
    public var clientKeyPath: String { "\(directory)/client.key" }
    var caKeyPath: String { "\(directory)/ca.key" }

    /// Loads the material in `directory`, generating whatever is missing.
    /// - Parameter hosts: names and addresses the serving certificate must be valid for.
    public static func ensure(in directory: String, hosts: [String]) throws -> TLSMaterial {
        let material = TLSMaterial(directory: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let files = FileManager.default
        if !files.fileExists(atPath: material.caCertificatePath) || !files.fileExists(atPath: material.caKeyPath) {
            try material.makeCertificateAuthority()
            // A new CA invalidates certificates signed by an old one.
            try? files.removeItem(atPath: material.serverCertificatePath)
            try? files.removeItem(atPath: material.clientCertificatePath)
        }
        if !files.fileExists(atPath: material.serverCertificatePath)
            || !files.fileExists(atPath: material.serverKeyPath)
        {
            try material.makeLeaf(
                name: "server", subject: "/CN=migsync-emulator", usage: "serverAuth",
                subjectAltNames: Self.subjectAltNames(hosts))
        }
        if !files.fileExists(atPath: material.clientCertificatePath)
            || !files.fileExists(atPath: material.clientKeyPath)
        {
            try material.makeLeaf(
                name: "client", subject: "/O=system:masters/CN=migsync-admin", usage: "clientAuth",
                subjectAltNames: nil)
        }
        return material
    }

    private static func subjectAltNames(_ hosts: [String]) -> String {
        var entries = ["IP:127.0.0.1", "DNS:localhost"]
        for host in hosts where !host.isEmpty && host != "0.0.0.0" && host != "::" {
            let isAddress = host.allSatisfy { $0.isNumber || $0 == "." || $0 == ":" }
            let entry = isAddress ? "IP:\(host)" : "DNS:\(host)"
            if !entries.contains(entry) { entries.append(entry) }
        }
        return entries.joined(separator: ",")
    }

    private func makeCertificateAuthority() throws {
        try Self.openssl([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", caKeyPath, "-out", caCertificatePath, "-days", "3650", "-subj", "/CN=migsync-emulator-ca",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ])
    }

    private func makeLeaf(name: String, subject: String, usage: String, subjectAltNames: String?) throws {
        let key = "\(directory)/\(name).key"
        let request = "\(directory)/\(name).csr"
        let extensions = "\(directory)/\(name).ext"
        var lines = [
            "basicConstraints=critical,CA:FALSE", "keyUsage=critical,digitalSignature,keyEncipherment",
            "extendedKeyUsage=\(usage)",
        ]
        if let subjectAltNames { lines.append("subjectAltName=\(subjectAltNames)") }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: extensions))
        defer {
            try? FileManager.default.removeItem(atPath: request)
            try? FileManager.default.removeItem(atPath: extensions)
        }
        try Self.openssl([
            "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key,
            "-out", request, "-subj", subject,
        ])
        try Self.openssl([
            "x509", "-req", "-in", request, "-CA", caCertificatePath, "-CAkey", caKeyPath, "-set_serial",
            String(UInt32.random(in: 1...UInt32.max)), "-out", "\(directory)/\(name).crt", "-days", "3650",
            "-extfile", extensions,
        ])
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key)
    }

    private static func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw EmulatorError("cannot run openssl (install the openssl package): \(error)")
        }
        let output = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw EmulatorError(
                "openssl \(arguments.first ?? "") failed: \(String(decoding: output, as: UTF8.self))")
        }
    }
}
