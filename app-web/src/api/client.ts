import type * as z from "zod/mini";
import { ApiError, apiErrorFromResponse, badResponse } from "./errors";

export interface RequestOptions {
  method?: "GET" | "POST" | "DELETE";
  /** A JSON-serialisable body, or FormData for uploads. */
  body?: unknown;
  signal?: AbortSignal;
  /** Calls that only make sense signed in report an expired session to the app (login redirect). */
  requiresAuth?: boolean;
}

type SessionExpiredListener = () => void;

/** Calls whose 401 means "wrong credentials" or "no session", never "refresh and retry". */
const sessionEndpoints = new Set([
  "/api/auth/login",
  "/api/auth/signup",
  "/api/auth/refresh",
  "/api/auth/logout",
]);

/**
 * The one HTTP client of the app. Credentials travel only as the API's HttpOnly cookies; on a
 * 401 it asks for fresh cookies once (POST /api/auth/refresh) and retries the call once.
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

  async request<Schema extends z.ZodMiniType>(
    path: string,
    schema: Schema,
    options: RequestOptions = {},
  ): Promise<z.infer<Schema>> {
    const response = await this.send(path, options);
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new ApiError(response.status, "BAD_RESPONSE", "response body is not JSON");
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw badResponse(parsed.error);
    return parsed.data;
  }

  /** For answers without a body (204). */
  async requestNoContent(path: string, options: RequestOptions = {}): Promise<void> {
    await this.send(path, options);
  }

  private async send(path: string, options: RequestOptions): Promise<Response> {
    let response = await this.fetchOnce(path, options);
    if (response.status === 401 && !sessionEndpoints.has(path)) {
      if (await this.refreshSession()) response = await this.fetchOnce(path, options);
      if (response.status === 401 && options.requiresAuth) this.sessionExpiredListener?.();
    }
    if (!response.ok) throw await apiErrorFromResponse(response);
    return response;
  }

  /** One refresh at a time: concurrent 401s share the same attempt. */
  private refreshSession(): Promise<boolean> {
    this.refreshing ??= this.fetchOnce("/api/auth/refresh", { method: "POST" })
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
    try {
      return await this.fetchImpl(`${this.baseUrl}${path}`, {
        method: options.method ?? "GET",
        headers,
        body,
        credentials: "same-origin",
        signal: options.signal,
      });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw new ApiError(0, "NETWORK", error instanceof Error ? error.message : "network error");
    }
  }
}
