import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll } from "vitest";

// One directory per test file for everything the file writes, removed when the file is done.
// Readable by others: nginx's worker user serves files from it.
const root = mkdtempSync(path.join(tmpdir(), "ssgbay-infra-test-"));
chmodSync(root, 0o755);
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A fresh directory (mode 0755) inside the test file's scratch root. */
export function scratchDirectory(name: string): string {
  const directory = mkdtempSync(path.join(root, `${name}-`));
  chmodSync(directory, 0o755);
  return directory;
}
