import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto";
import pLimit from "p-limit";
import { HttpError } from "../http/errors.js";

// OWASP's scrypt floor: N=2^17, r=8, p=1. Each hash holds 128 * N * r bytes = 128 MiB while it
// runs, so how many run at once, not how many arrive, decides the process's memory.
export const scryptParams = { N: 2 ** 17, r: 8, p: 1 } as const;
export const SCRYPT_BYTES_PER_HASH = 128 * scryptParams.N * scryptParams.r;
const maxmem = 2 * SCRYPT_BYTES_PER_HASH;
const keyLength = 32;
const saltLength = 16;

export interface HashingLimits {
  /** Hashes computed at once (each takes SCRYPT_BYTES_PER_HASH of memory). */
  concurrency: number;
  /** Hashes that may wait for a slot; beyond that a request is refused with 503. */
  queue: number;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** Whether the password matches, and whether its stored hash uses outdated parameters. */
  verify(password: string, stored: string): Promise<{ valid: boolean; outdated: boolean }>;
  /** Verifies against a throwaway hash, so an unknown user costs as long as a wrong password. */
  verifyAgainstNobody(password: string): Promise<void>;
  readonly pending: () => number;
}

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFC"), salt, keyLength, options, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}

const hashPattern = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

/** `scrypt$N$r$p$salt$key` (base64url): self-describing, so parameters can change later. */
function format(salt: Buffer, key: Buffer): string {
  const { N, r, p } = scryptParams;
  return ["scrypt", N, r, p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

export function createPasswordHasher(limits: HashingLimits): PasswordHasher {
  const slots = pLimit(limits.concurrency);
  const busy = () =>
    new HttpError("UNAVAILABLE", "Too many sign-ins at once; try again in a moment.");

  /** Runs one scrypt in a slot, or refuses at once when the queue is full. */
  function run(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
    if (slots.pendingCount >= limits.queue && slots.activeCount >= limits.concurrency) {
      return Promise.reject(busy());
    }
    return slots(() => derive(password, salt, { ...options, maxmem }));
  }

  async function hash(password: string): Promise<string> {
    const salt = randomBytes(saltLength);
    return format(salt, await run(password, salt, scryptParams));
  }

  let nobody: Promise<string> | undefined;

  return {
    hash,
    async verify(password, stored) {
      const match = hashPattern.exec(stored);
      if (!match) return { valid: false, outdated: false };
      const [, n, r, p, salt, key] = match.map(String);
      const params = { N: Number(n), r: Number(r), p: Number(p) };
      const expected = Buffer.from(key ?? "", "base64url");
      const actual = await run(password, Buffer.from(salt ?? "", "base64url"), params);
      const valid = actual.length === expected.length && timingSafeEqual(actual, expected);
      const outdated =
        params.N !== scryptParams.N || params.r !== scryptParams.r || params.p !== scryptParams.p;
      return { valid, outdated };
    },
    async verifyAgainstNobody(password) {
      nobody ??= hash(randomBytes(16).toString("hex"));
      // A failed first hash (queue full) must not poison every later call.
      const stored = await nobody.catch((error: unknown) => {
        nobody = undefined;
        throw error;
      });
      await this.verify(password, stored);
    },
    pending: () => slots.activeCount + slots.pendingCount,
  };
}

// For tools that make users outside a server (demo data, benchmarks): one hash at a time.
const toolHasher = createPasswordHasher({ concurrency: 1, queue: Number.POSITIVE_INFINITY });

export const hashPassword = (password: string): Promise<string> => toolHasher.hash(password);

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  return (await toolHasher.verify(password, stored)).valid;
}
