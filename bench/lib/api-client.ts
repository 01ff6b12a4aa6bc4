import { z } from "zod";

const loginResponse = z.object({
  accessToken: z.string().min(1),
  user: z.object({ id: z.number() }),
});

/** Logs one seeded user in through POST /api/auth/login and returns its bearer token. */
export async function login(baseUrl: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
    signal: AbortSignal.timeout(60_000),
  });
  const body: unknown = await response.json();
  if (response.status !== 200) {
    throw new Error(`login of ${username} answered ${response.status}: ${JSON.stringify(body)}`);
  }
  return loginResponse.parse(body).accessToken;
}

/** Logs users in a few at a time (each login is a deliberately slow scrypt on the server). */
export async function loginAll(
  baseUrl: string,
  usernames: readonly string[],
  password: string,
  parallel = 4,
): Promise<string[]> {
  const tokens: string[] = new Array(usernames.length);
  let next = 0;
  const worker = async () => {
    while (next < usernames.length) {
      const index = next++;
      tokens[index] = await login(baseUrl, usernames[index] as string, password);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return tokens;
}

export const placedBidResponse = z.object({
  bid: z.object({ id: z.number().int(), amount: z.number().int() }),
  item: z.object({
    currentPrice: z.number().int(),
    bidCount: z.number().int(),
    minNextBid: z.number().int(),
  }),
});

export const errorResponse = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});

export const itemDetailResponse = z.object({
  item: z.object({
    id: z.number().int(),
    currentPrice: z.number().int(),
    bidCount: z.number().int(),
    minNextBid: z.number().int(),
    status: z.enum(["open", "sold", "unsold"]),
  }),
});
