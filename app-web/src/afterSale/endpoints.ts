import {
  type MarkReadInput,
  type PageQuery,
  pathOf,
  type RatingInput,
  afterSaleRoutes as routes,
} from "@ssgbay/contract";
import { useMemo } from "react";
import type { ApiClient } from "../api/client";
import { useAuth } from "../auth/AuthContext";

/** The after-sale routes of the contract, on the app's one client (bundled with these pages). */
export function createAfterSaleEndpoints(client: ApiClient) {
  const signedIn = { requiresAuth: true };
  return {
    userProfile: (id: number, signal?: AbortSignal) =>
      client.call(routes.userProfile, { params: { id }, signal }),
    getSale: (id: number, signal?: AbortSignal) =>
      client.call(routes.getSale, { params: { id }, signal }, signedIn),
    markHandedOver: (id: number) =>
      client.call(routes.markHandedOver, { params: { id } }, signedIn),
    rateSale: (id: number, body: RatingInput) =>
      client.call(routes.rateSale, { params: { id }, body }, signedIn),
    listMessages: (id: number, query: Partial<PageQuery>, signal?: AbortSignal) =>
      client.call(routes.listMessages, { params: { id }, query, signal }, signedIn),
    sendMessage: (id: number, body: string) =>
      client.call(routes.sendMessage, { params: { id }, body: { body } }, signedIn),
    listNotifications: (query: Partial<PageQuery>, signal?: AbortSignal) =>
      client.call(routes.listNotifications, { query, signal }, signedIn),
    markNotificationsRead: (body: MarkReadInput) =>
      client.call(routes.markNotificationsRead, { body }, signedIn),
    myEventsUrl: () => pathOf(routes.myEvents),
  };
}

export type AfterSaleEndpoints = ReturnType<typeof createAfterSaleEndpoints>;

export function useAfterSaleApi(): AfterSaleEndpoints {
  const { api } = useAuth();
  return useMemo(() => createAfterSaleEndpoints(api.client), [api]);
}
