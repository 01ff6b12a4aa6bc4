import { pathOf, type RouteDefinition, coreRoutes as routes } from "@ssgbay/contract";
import * as z from "zod/mini";
import { takeEarlyFetch } from "./earlyFetch";
import { ApiCallError, badResponse, callErrorFromResponse } from "./errors";

type Schema = z.core.$ZodType;

/** What a call of `route` sends: its path parameters, query, JSON body or multipart form. */
export type CallInput<R extends RouteDefinition> = (R extends { params: infer P extends Schema }
  ? { params: z.output<P> }
  : unknown) &
  (R extends { query: infer Q extends Schema } ? { query?: Partial<z.output<Q>> } : unknown) &
  (R extends { body: infer B extends Schema } ? { body: z.input<B> } : unknown) &
  (R extends { form: object } ? { form: FormData } : unknown) & { signal?: AbortSignal };

/** The schema a call's answer is read with: the route's response schema unless told otherwise. */
export type ResponseSchema<R extends RouteDefinition> = R["response"] extends {
  schema: infer S extends Schema;
}
  ? S
  : undefined;

export interface CallOptions<S extends Schema | undefined> {
  /** Calls that only make sense signed in report an expired session to the app (login redirect). */
  requiresAuth?: boolean;
  /** Reads only part of the answer (a view of the route's response schema). */
  schema?: S;
}

interface RequestOptions {
  method: RouteDefinition["method"];
  /** A JSON-serialisable body, or FormData for uploads. */
  body?: unknown;
  signal?: AbortSignal;
  requiresAuth?: boolean;
}

interface LooseInput {
  params?: Record<string, string | number>;
  query?: Record<string, unknown>;
  body?: unknown;
  form?: FormData;
  signal?: AbortSignal;
}

type SessionExpiredListener = () => void;

/** Calls whose 401 means "wrong credentials" or "no session", never "refresh and retry". */
const sessionPaths: ReadonlySet<string> = new Set(
  [routes.login, routes.signup, routes.refresh, routes.logout].map((route) => route.path),
);

/** Unset filters (undefined, "", 0) are left out: the server applies its defaults. */
function queryString(query: Record<string, unknown> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value) params.set(name, String(value));
  const text = params.toString();
  return text ? `?${text}` : "";
}

/**
 * The one HTTP client of the app, calling the routes of the contract's table. Credentials travel
 * only as the API's HttpOnly cookies; on a 401 it asks for fresh cookies once (the refresh
 * route) and retries the call once.
 */
export class ApiClient {
  private refreshing: Promise<boolean> | null = null;
  private sessionExpiredListener: SessionExpiredListener | null = null;

  constructor(
    private readonly baseUrl = "",
    private readonly fetchImpl: typeof fetch = (input, init) => fetch(input, init),
  ) {}

  onSessionExpired(listener: SessionExpiredListener | null): void {
    this.sessionExpiredListener = listener;
  }

  /** Calls a route and checks the answer against its schema, so the UI only sees typed data. */
  async call<R extends RouteDefinition, S extends Schema | undefined = ResponseSchema<R>>(
    route: R,
    input: CallInput<R>,
    options: CallOptions<S> = {},
  ): Promise<S extends Schema ? z.output<S> : undefined> {
    const { params, query, body, form, signal } = input as LooseInput;
    const response = await this.send(`${pathOf(route, params)}${queryString(query)}`, {
      method: route.method,
      body: form ?? body,
      signal,
      requiresAuth: options.requiresAuth,
    });
    const schema: Schema | undefined = options.schema ?? route.response.schema;
    if (!schema) return undefined as S extends Schema ? z.output<S> : undefined;
    let answer: unknown;
    try {
      answer = await response.json();
    } catch {
      throw new ApiCallError("BAD_RESPONSE", "response body is not JSON", {
        status: response.status,
      });
    }
    const parsed = z.safeParse(schema, answer);
    if (!parsed.success) throw badResponse(parsed.error);
    return parsed.data as S extends Schema ? z.output<S> : undefined;
  }

  private async send(path: string, options: RequestOptions): Promise<Response> {
    let response = await this.fetchOnce(path, options);
    if (response.status === 401 && !sessionPaths.has(path)) {
      if (await this.refreshSession()) response = await this.fetchOnce(path, options);
      if (response.status === 401 && options.requiresAuth) this.sessionExpiredListener?.();
    }
    if (!response.ok) throw await callErrorFromResponse(response);
    return response;
  }

  /** One refresh at a time: concurrent 401s share the same attempt. */
  private refreshSession(): Promise<boolean> {
    this.refreshing ??= this.fetchOnce(routes.refresh.path, { method: routes.refresh.method })
      .then((response) => response.ok)
      .catch(() => false)
      .finally(() => {
        this.refreshing = null;
      });
    return this.refreshing;
  }

  private async fetchOnce(path: string, options: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = { accept: "application/json" };
    let body: BodyInit | undefined;
    if (options.body instanceof FormData) body = options.body;
    else if (options.body !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(options.body);
    }
    const url = `${this.baseUrl}${path}`;
    // a GET that boot.ts started already (its options are apiGetInit's, the same as these)
    const early = options.method === "GET" ? takeEarlyFetch(url) : undefined;
    try {
      return await (early ??
        this.fetchImpl(url, {
          method: options.method,
          headers,
          body,
          credentials: "same-origin",
          signal: options.signal,
        }));
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw new ApiCallError("NETWORK", error instanceof Error ? error.message : "network error", {
        status: 0,
      });
    }
  }
}
