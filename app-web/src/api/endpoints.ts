import { ApiClient } from "./client";
import {
  bidResultSchema,
  itemEnvelopeSchema,
  itemPageSchema,
  meSchema,
  myBidsSchema,
  myItemsSchema,
  myPurchasesSchema,
  sessionSchema,
} from "./schemas";

export type SortOrder = "latest" | "ending" | "price_desc" | "price_asc";
export type StatusFilter = "open" | "closed" | "all";

export interface ItemQuery {
  q?: string;
  sort?: SortOrder;
  status?: StatusFilter;
  page?: number;
  pageSize?: number;
}

export interface SignupInput {
  username: string;
  password: string;
  nickname: string;
  phone: string;
}

export interface NewItemInput {
  title: string;
  description: string;
  startPrice: number;
  endsAt: Date;
  image: File;
}

function queryString(query: ItemQuery): string {
  const params = new URLSearchParams();
  if (query.q) params.set("q", query.q);
  if (query.sort) params.set("sort", query.sort);
  if (query.status) params.set("status", query.status);
  if (query.page) params.set("page", String(query.page));
  if (query.pageSize) params.set("pageSize", String(query.pageSize));
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** Every call of shared/API.md that the web app makes, typed end to end. */
export function createEndpoints(client: ApiClient) {
  return {
    client,
    signup: (input: SignupInput) =>
      client.request("/api/auth/signup", sessionSchema, { method: "POST", body: input }),
    login: (username: string, password: string) =>
      client.request("/api/auth/login", sessionSchema, {
        method: "POST",
        body: { username, password },
      }),
    logout: () => client.requestNoContent("/api/auth/logout", { method: "POST" }),
    me: (signal?: AbortSignal) => client.request("/api/auth/me", meSchema, { signal }),

    listItems: (query: ItemQuery, signal?: AbortSignal) =>
      client.request(`/api/items${queryString(query)}`, itemPageSchema, { signal }),
    getItem: (id: number, signal?: AbortSignal) =>
      client.request(`/api/items/${id}`, itemEnvelopeSchema, { signal }),
    createItem: (input: NewItemInput) => {
      const form = new FormData();
      form.set("title", input.title);
      form.set("description", input.description);
      form.set("startPrice", String(input.startPrice));
      form.set("endsAt", input.endsAt.toISOString());
      form.set("image", input.image);
      return client.request("/api/items", itemEnvelopeSchema, {
        method: "POST",
        body: form,
        requiresAuth: true,
      });
    },
    deleteItem: (id: number) =>
      client.requestNoContent(`/api/items/${id}`, { method: "DELETE", requiresAuth: true }),
    placeBid: (id: number, amount: number) =>
      client.request(`/api/items/${id}/bids`, bidResultSchema, {
        method: "POST",
        body: { amount },
        requiresAuth: true,
      }),
    itemEventsUrl: (id: number) => `/api/items/${id}/events`,

    myItems: (signal?: AbortSignal) =>
      client.request("/api/me/items", myItemsSchema, { signal, requiresAuth: true }),
    myBids: (signal?: AbortSignal) =>
      client.request("/api/me/bids", myBidsSchema, { signal, requiresAuth: true }),
    myPurchases: (signal?: AbortSignal) =>
      client.request("/api/me/purchases", myPurchasesSchema, { signal, requiresAuth: true }),
  };
}

export type Api = ReturnType<typeof createEndpoints>;

/** The app's shared instance; tests build their own with createEndpoints. */
export const api: Api = createEndpoints(new ApiClient());
