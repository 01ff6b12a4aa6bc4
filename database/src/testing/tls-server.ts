// A private MariaDB/MySQL server that serves TLS with a certificate for 127.0.0.1 from a CA made
// here (openssl), for tests of the TLS code paths (DB_TLS_CA). Also a second, unrelated CA.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type EphemeralServer, startEphemeralServer } from "../ephemeral.js";

export interface TlsServer {
  server: EphemeralServer;
  /** PEM of the CA that signed the server's certificate. */
  ca: string;
  /** PEM of a CA that signed nothing the server has. */
  otherCa: string;
  stop(): Promise<void>;
}

function makeCertificates(directory: string) {
  const file = (name: string) => path.join(directory, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "pipe" });
  const ca = (name: string) =>
    openssl(
      ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"],
      ...["-keyout", file(`${name}.key`), "-out", file(`${name}.pem`), "-subj", `/CN=${name}`],
    );
  ca("ssgbay-test-ca");
  ca("other-ca");
  openssl(
    ...["req", "-newkey", "rsa:2048", "-nodes", "-keyout", file("server.key")],
    ...["-out", file("server.csr"), "-subj", "/CN=127.0.0.1"],
  );
  writeFileSync(file("server.ext"), "subjectAltName=IP:127.0.0.1\n");
  openssl(
    ...["x509", "-req", "-in", file("server.csr"), "-CA", file("ssgbay-test-ca.pem")],
    ...["-CAkey", file("ssgbay-test-ca.key"), "-CAcreateserial", "-days", "2"],
    ...["-extfile", file("server.ext"), "-out", file("server.pem")],
  );
  return {
    serverArgs: [
      `--ssl-ca=${file("ssgbay-test-ca.pem")}`,
      `--ssl-cert=${file("server.pem")}`,
      `--ssl-key=${file("server.key")}`,
    ],
    ca: readFileSync(file("ssgbay-test-ca.pem"), "utf8"),
    otherCa: readFileSync(file("other-ca.pem"), "utf8"),
  };
}

/** Starts the server (its admin URL is `server.url`); `stop` removes it and the certificates. */
export async function startTlsServer(database = "ssgbay_tls"): Promise<TlsServer> {
  const directory = mkdtempSync(path.join(tmpdir(), "ssgbay-tls-"));
  try {
    const { serverArgs, ca, otherCa } = makeCertificates(directory);
    const server = await startEphemeralServer({ handleSignals: false, database, serverArgs });
    return {
      server,
      ca,
      otherCa,
      async stop() {
        await server.stop();
        rmSync(directory, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(directory, { recursive: true, force: true });
    throw error;
  }
}
