import type { RequestListener } from "node:http";
import { type RouteDefinition, routes } from "@ssgbay/contract";
import { solidPng } from "@ssgbay/database/testing";
import type { RowDataPacket } from "mysql2/promise";
import request from "supertest";
import { expect } from "vitest";
import { z } from "zod";
import type { ApiApp } from "../../src/index.js";

export interface TestUser {
  id: number;
  username: string;
  nickname: string;
  password: string;
  accessToken: string;
  /** The Set-Cookie values from signup, as a Cookie header sends them back. */
  cookies: string[];
}

let counter = 0;

/**
 * Checks an answer against the contract's response schema for its route: the status, every
 * field's type and rule, and no field the contract lacks.
 */
export function expectContractAnswer(
  route: RouteDefinition,
  response: { status: number; body: unknown },
): void {
  expect(response.status, JSON.stringify(response.body)).toBe(route.response.status);
  expectContractShape(route.response.schema, response.body);
}

/** Checks a value against a contract schema, with no field the schema lacks. */
export function expectContractShape(schema: z.core.$ZodType | undefined, value: unknown): void {
  if (!schema) throw new Error("no contract schema to check against");
  const parsed = z.safeParse(schema, value);
  expect(parsed.error?.issues ?? []).toEqual([]);
  expect(parsed.data).toEqual(value);
}

export function uniqueUsername(prefix = "user"): string {
  counter += 1;
  return `${prefix}_${process.pid}_${counter}`.slice(0, 30);
}

export function cookiePairs(setCookie: string | string[] | undefined): string[] {
  const values = setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie];
  return values.map((value) => value.split(";")[0] ?? "");
}

export async function signUp(app: RequestListener, prefix = "user"): Promise<TestUser> {
  const username = uniqueUsername(prefix);
  // Nicknames are unique too: the counter tells apart users made with the same prefix.
  const password = "correct horse battery";
  const response = await request(app)
    .post("/api/auth/signup")
    .send({
      username,
      password,
      nickname: `${prefix.slice(0, 16)} 닉네임 ${counter}`,
      phone: "010-1234-5678",
    });
  expectContractAnswer(routes.signup, response);
  return {
    id: response.body.user.id,
    username,
    nickname: response.body.user.nickname,
    password,
    accessToken: response.body.accessToken,
    cookies: cookiePairs(response.headers["set-cookie"]),
  };
}

export interface NewItem {
  title?: string;
  description?: string;
  startPrice?: string;
  endsAt?: string;
  image?: Buffer;
  filename?: string;
}

export function minutesFromNow(minutes: number): string {
  return new Date(Date.now() + minutes * 60_000).toISOString();
}

/** Posts a new item as multipart; returns the raw supertest response. */
export function postItem(app: RequestListener, token: string | undefined, item: NewItem = {}) {
  const req = request(app).post("/api/items");
  if (token) req.set("Authorization", `Bearer ${token}`);
  return req
    .field("title", item.title ?? "빈티지 카메라")
    .field("description", item.description ?? "A camera in good condition")
    .field("startPrice", item.startPrice ?? "10000")
    .field("endsAt", item.endsAt ?? minutesFromNow(60))
    .attach("image", item.image ?? solidPng(4, 3), item.filename ?? "photo.png");
}

export async function createItem(app: RequestListener, token: string, item: NewItem = {}) {
  const response = await postItem(app, token, item);
  expectContractAnswer(routes.createItem, response);
  return response.body.item as { id: number; imageUrl: string; startPrice: number };
}

export function bid(
  app: RequestListener,
  token: string | undefined,
  itemId: number,
  amount: unknown,
) {
  const req = request(app).post(`/api/items/${itemId}/bids`);
  if (token) req.set("Authorization", `Bearer ${token}`);
  return req.send({ amount });
}

interface CountRow extends RowDataPacket {
  n: number;
}

/** Row counts of every table the API writes, to prove a refused request wrote nothing. */
export async function rowCounts(api: ApiApp): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ["users", "items", "bids", "purchases", "refresh_tokens"]) {
    const [rows] = await api.pool.query<CountRow[]>(`SELECT COUNT(*) AS n FROM ${table}`);
    counts[table] = Number(rows[0]?.n);
  }
  return counts;
}
