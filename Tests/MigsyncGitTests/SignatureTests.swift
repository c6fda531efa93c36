import Foundation
import MigsyncGit
import MigsyncTesting
import Testing

@Suite("Commit signatures")
struct SignatureTests {
    @Test("the signature and signed payload of an SSH-signed commit verify with ssh-keygen")
    func sshSignedCommit() throws {
        let directory = try TemporaryDirectory()
        let served = try ServedRepository(basePath: try directory.subdirectory("served"))
        let key = directory.path + "/signer"
        try run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "alice@example.com", "-f", key])
        try served.commit(files: ["migrations/cutover.yaml": "stage: false\n"], message: "Cut over")
        try GitCLI.run(
            [
                "-c", "gpg.format=ssh", "-c", "user.signingkey=\(key).pub", "commit", "--quiet", "--amend", "--no-edit",
                "-S",
            ],
            in: served.workPath)
        try served.push()
        let repository = try GitRepository.open(path: served.barePath)
        let commit = try repository.resolve("main")

        let signature = try #require(try repository.commitSignature(commit))

        #expect(signature.format == "ssh")
        #expect(signature.signature.hasPrefix("-----BEGIN SSH SIGNATURE-----"))
        #expect(signature.signedPayload.contains("Cut over"))
        #expect(!signature.signedPayload.contains("gpgsig"))
        // ssh-keygen checks that the signature covers exactly the payload we extracted.
        let signatureFile = try directory.write(signature.signature, to: "commit.sig")
        let payloadFile = try directory.write(signature.signedPayload, to: "commit.payload")
        let allowed = try directory.write(
            "alice@example.com \(try String(contentsOfFile: key + ".pub", encoding: .utf8))", to: "allowed_signers")
        try run(
            "/bin/sh",
            [
                "-c",
                "/usr/bin/ssh-keygen -Y verify -f '\(allowed)' -I alice@example.com -n git -s '\(signatureFile)' < '\(payloadFile)'",
            ]
        )
        // A payload that was not signed fails the same check, so the check above means something.
        try directory.write(signature.signedPayload + "tampered\n", to: "commit.payload")
        #expect(throws: TestSetupError.self) {
            try run(
                "/bin/sh",
                [
                    "-c",
                    "/usr/bin/ssh-keygen -Y verify -f '\(allowed)' -I alice@example.com -n git -s '\(signatureFile)' < '\(payloadFile)'",
                ]
            )
        }
    }

    @Test("an unsigned commit has no signature; a missing commit is an error")
    func unsignedCommit() throws {
        let directory = try TemporaryDirectory()
        let served = try ServedRepository(basePath: directory.path)
        let repository = try GitRepository.open(path: served.barePath)

        #expect(try repository.commitSignature(try repository.resolve("main")) == nil)
        #expect(throws: GitError.self) {
            try repository.commitSignature(try #require(GitObjectID(hex: String(repeating: "1", count: 40))))
        }
    }

    private func run(_ executable: String, _ arguments: [String]) throws {
        try Subprocess.checked(executable, arguments)
    }
}
