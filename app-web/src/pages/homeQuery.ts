import {
  type ItemCategory,
  itemCategories,
  itemSortOrders,
  itemStatusFilters,
  limits,
} from "@ssgbay/contract";
import type { ItemQuery } from "../api/endpoints";

export const homePageSize = limits.pageSizeDefault;

/** What the home page lists, read from its URL; unknown or missing values are the defaults. */
export interface HomeQuery {
  q: string;
  sort: (typeof itemSortOrders)[number];
  status: (typeof itemStatusFilters)[number];
  category: ItemCategory | undefined;
  page: number;
}

function pick<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return allowed.find((candidate) => candidate === value) ?? fallback;
}

export function homeQuery(params: URLSearchParams): HomeQuery {
  return {
    q: params.get("q")?.trim() ?? "",
    sort: pick(params.get("sort"), itemSortOrders, "latest"),
    status: pick(params.get("status"), itemStatusFilters, "open"),
    category: itemCategories.find((value) => value === params.get("category")),
    page: Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1),
  };
}

/** Names one listing: the page reloads when it changes, and a prefetch serves only its own. */
export function homeListingKey({ q, sort, status, category, page }: HomeQuery): string {
  return `${q}|${sort}|${status}|${category}|${page}`;
}

/** The listing request of a home query. */
export function homeItemQuery(query: HomeQuery): ItemQuery {
  return { ...query, pageSize: homePageSize };
}
