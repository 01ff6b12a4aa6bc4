import { z } from "zod";

export const usernameSchema = z
  .string()
  .regex(/^[a-z0-9_]{3,30}$/, "must be 3-30 of a-z, 0-9 and _")
  .meta({ example: "kim_minsu" });

export const passwordSchema = z.string().min(8).max(128);

export const nicknameSchema = z
  .string()
  .trim()
  .min(1)
  .max(30)
  .refine((value) => !/\p{Cc}/u.test(value), "must not contain control characters");

/** A Korean mobile number, `010-1234-5678` or digits only, normalised to digits. */
export const phoneSchema = z
  .string()
  .regex(/^01[016789]-?\d{3,4}-?\d{4}$/, "must be a Korean mobile number like 010-1234-5678")
  .transform((value) => value.replaceAll("-", ""))
  .meta({ example: "010-1234-5678" });

export const signupBodySchema = z
  .strictObject({
    username: usernameSchema,
    password: passwordSchema,
    nickname: nicknameSchema,
    phone: phoneSchema,
  })
  .meta({ id: "SignupRequest" });

export const loginBodySchema = z
  .strictObject({
    username: z.string().min(1).max(128),
    password: z.string().min(1).max(128),
  })
  .meta({ id: "LoginRequest" });

export const userSchema = z
  .object({ id: z.number().int(), username: z.string(), nickname: z.string() })
  .meta({ id: "User" });

export type User = z.infer<typeof userSchema>;

export const sessionSchema = z
  .object({ user: userSchema, accessToken: z.string(), expiresAt: z.iso.datetime() })
  .meta({ id: "Session" });

export const meResponseSchema = z.object({ user: userSchema });
