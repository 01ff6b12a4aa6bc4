import * as z from "zod/mini";
import { limits, phonePattern, usernamePattern } from "../limits.js";
import { id, isoTime, shownText } from "./primitives.js";

export const usernameSchema = z
  .string()
  .check(z.regex(usernamePattern, "must be 3-30 of a-z, 0-9 and _"));

export const passwordSchema = z
  .string()
  .check(z.minLength(limits.passwordMinLength), z.maxLength(limits.passwordMaxLength));

/** Whether a password contains the username, ignoring case (a guess any attacker tries first). */
export function passwordContainsUsername(password: string, username: string): boolean {
  return username.length > 0 && password.toLowerCase().includes(username.toLowerCase());
}

/**
 * The messages of the password rules beyond length, as VALIDATION_FAILED details carry them
 * (`field: "body.password"`), so a client can show each in its own words. `common`: the server
 * keeps a list of common passwords (too large for a web bundle) and refuses those.
 */
export const passwordRuleMessages = {
  containsUsername: "contains the username",
  common: "is too common",
} as const;

/**
 * Judged as sent (what the OpenAPI document states), then trimmed and stored and shown in Unicode
 * NFKC form (full-width `Ｍｉｎｊｉ` becomes `Minji`), so what one sees is what `nicknameKey`
 * compares. The rare text NFKC lengthens past the limit (`ﷺ` is 18 letters) is refused.
 */
export const nicknameSchema = shownText(limits.nicknameMaxLength).check(
  z.normalize("NFKC"),
  z.maxLength(limits.nicknameMaxLength, "must fit its length limit also in Unicode NFKC form"),
);

/**
 * What makes two nicknames the same person to a reader: NFKC, then case folded (upper then
 * lower case folds `ß` with `SS`, `ǅ` with `Ǆ`). Nicknames are unique by this key.
 */
export function nicknameKey(nickname: string): string {
  return nickname.normalize("NFKC").toUpperCase().toLowerCase().normalize("NFKC");
}

/** A Korean mobile number, `010-1234-5678` or digits only, normalised to digits. */
export const phoneSchema = z.pipe(
  z.string().check(z.regex(phonePattern, "must be a Korean mobile number like 010-1234-5678")),
  z.transform((value: string) => value.replaceAll("-", "")),
);

export const signupBodySchema = z
  .strictObject({
    username: usernameSchema,
    password: passwordSchema,
    nickname: nicknameSchema,
    phone: phoneSchema,
  })
  .check(
    z.refine((body) => !passwordContainsUsername(body.password, body.username), {
      path: ["password"],
      message: passwordRuleMessages.containsUsername,
    }),
  );

export const loginBodySchema = z.strictObject({
  username: z.string().check(z.minLength(1), z.maxLength(128)),
  password: z.string().check(z.minLength(1), z.maxLength(limits.passwordMaxLength)),
});

export const userSchema = z.object({ id, username: z.string(), nickname: z.string() });

export type User = z.infer<typeof userSchema>;

/** The answer of signup, login and refresh; the tokens also arrive as HttpOnly cookies. */
export const sessionSchema = z.object({
  user: userSchema,
  accessToken: z.string(),
  expiresAt: isoTime,
});

/** What a browser reads of a session: its tokens stay in the cookies, out of JavaScript. */
export const browserSessionSchema = z.pick(sessionSchema, { user: true });

export const meResponseSchema = z.object({ user: userSchema });
