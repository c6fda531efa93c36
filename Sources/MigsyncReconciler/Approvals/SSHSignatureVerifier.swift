import Foundation
import MigsyncGit

/// Verifies commit signatures the way `git verify-commit` does for SSH signatures: with
/// `ssh-keygen -Y find-principals` and `ssh-keygen -Y verify` against an allowed-signers file
/// (Git's `gpg.ssh.allowedSignersFile` format) from the daemon's configuration.
///
/// The file is never taken from the repository: whoever can push could otherwise trust their
/// own key. Results are cached per commit, since a commit's signature never changes.
public final class SSHSignatureVerifier {
    /// What a signature proves.
    public enum Verdict: Sendable, Hashable {
        /// Made by the key of `principal` in the allowed-signers file.
        case verified(principal: String)
        /// No signature at all.
        case unsigned
        /// Signed, but by no key the allowed-signers file lists (or the signature is invalid).
        case untrusted(String)
        /// A signature kind this verifier does not check (OpenPGP, X.509).
        case unsupported(format: String)
    }

    public let allowedSignersPath: String
    private let sshKeygen: String
    private var cache: [GitObjectID: Verdict] = [:]

    public init(allowedSignersPath: String, sshKeygen: String = "/usr/bin/ssh-keygen") throws {
        guard FileManager.default.isReadableFile(atPath: allowedSignersPath) else {
            throw ApprovalError("allowed-signers file \(allowedSignersPath) cannot be read")
        }
        guard FileManager.default.isExecutableFile(atPath: sshKeygen) else {
            throw ApprovalError("\(sshKeygen) is missing: install openssh-client to verify signed approvals")
        }
        self.allowedSignersPath = allowedSignersPath
        self.sshKeygen = sshKeygen
    }

    /// Who signed `commit`, if anyone this daemon trusts.
    public func verdict(for commit: GitObjectID, in repository: GitRepository) throws -> Verdict {
        if let cached = cache[commit] { return cached }
        let verdict: Verdict
        if let signature = try repository.commitSignature(commit) {
            verdict = try check(signature)
        } else {
            verdict = .unsigned
        }
        cache[commit] = verdict
        return verdict
    }

    private func check(_ signature: GitCommitSignature) throws -> Verdict {
        guard signature.format == "ssh" else { return .unsupported(format: signature.format) }
        let folder = FileManager.default.temporaryDirectory.path + "/migsync-verify-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let signaturePath = folder + "/signature"
        try Data(signature.signature.utf8).write(to: URL(fileURLWithPath: signaturePath))
        let payload = Data(signature.signedPayload.utf8)

        let found = try run(["-Y", "find-principals", "-s", signaturePath, "-f", allowedSignersPath], input: nil)
        guard found.status == 0 else { return .untrusted("signed by a key the allowed-signers file does not list") }
        for principal in found.output.split(separator: "\n").map(String.init) where !principal.isEmpty {
            let verified = try run(
                ["-Y", "verify", "-f", allowedSignersPath, "-I", principal, "-n", "git", "-s", signaturePath],
                input: payload)
            if verified.status == 0 { return .verified(principal: principal) }
        }
        return .untrusted("the signature does not verify")
    }

    private func run(_ arguments: [String], input: Data?) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: sshKeygen)
        process.arguments = arguments
        let output = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(input)
            try? stdin.fileHandleForWriting.close()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// An approval could not be checked at all (not: an approval did not count).
public struct ApprovalError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
