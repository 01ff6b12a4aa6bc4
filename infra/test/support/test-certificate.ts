import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { scratchDirectory } from "./scratch.js";

/**
 * A throwaway self-signed certificate and its key (EC P-256, PEM), made by openssl as an operator
 * would, valid from now for `days`, for `name` and the given subject alternative names.
 */
export function testCertificate(
  options: { days?: number; name?: string; altNames?: string[] } = {},
): { certificate: string; key: string } {
  const dir = scratchDirectory("cert");
  const [crt, key] = [path.join(dir, "tls.crt"), path.join(dir, "tls.key")];
  const name = options.name ?? "shop.example";
  const altNames = options.altNames ?? [`DNS:${name}`];
  execFileSync("openssl", [
    ...["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"],
    ...["-keyout", key, "-out", crt, "-days", String(options.days ?? 30)],
    ...["-subj", `/CN=${name}`, "-addext", `subjectAltName=${altNames.join(",")}`],
  ]);
  return { certificate: readFileSync(crt, "utf8"), key: readFileSync(key, "utf8") };
}
