import * as z from "zod/mini";
import { limits, phonePattern, usernamePattern } from "../limits.js";
import { id, isoTime, shownText } from "./primitives.js";

export const usernameSchema = z
  .string()
  .check(z.regex(usernamePattern, "must be 3-30 of a-z, 0-9 and _"));

export const passwordSchema = z
  .string()
  .check(z.minLength(limits.passwordMinLength), z.maxLength(limits.passwordMaxLength));

export const nicknameSchema = shownText(limits.nicknameMaxLength);

/** A Korean mobile number, `010-1234-5678` or digits only, normalised to digits. */
export const phoneSchema = z.pipe(
  z.string().check(z.regex(phonePattern, "must be a Korean mobile number like 010-1234-5678")),
  z.transform((value: string) => value.replaceAll("-", "")),
);

export const signupBodySchema = z.strictObject({
  username: usernameSchema,
  password: passwordSchema,
  nickname: nicknameSchema,
  phone: phoneSchema,
});

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
