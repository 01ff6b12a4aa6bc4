import { type ApiEndpoints, apiEndpoints } from "../api/endpoints";
import { homeItemQuery, homeListingKey, homeQuery } from "./homeQuery";

type Listing = Awaited<ReturnType<ApiEndpoints["listItems"]>>;

let pending: { key: string; listing: Promise<Listing>; data?: Listing } | null = null;

/**
 * Asks for the listing of the home page at `search` while the app boots, so the request runs
 * beside the page's code and strings instead of after them.
 */
export function prefetchHomeListing(search: string, api: ApiEndpoints = apiEndpoints): void {
  const query = homeQuery(new URLSearchParams(search));
  const listing = api.listItems(homeItemQuery(query));
  const prefetched: NonNullable<typeof pending> = { key: homeListingKey(query), listing };
  listing.then(
    (data) => {
      prefetched.data = data;
    },
    // the home page shows a failure; one nobody takes must not be an unhandled rejection
    () => {},
  );
  pending = prefetched;
}

/** The prefetched listing of `key` if it has arrived and nobody took it yet (a first render). */
export function arrivedHomeListing(key: string): Listing | undefined {
  return pending?.key === key ? pending.data : undefined;
}

/**
 * The prefetched listing if it is the one `key` names, handed out once: whatever asks next
 * (another filter, a retry, coming back to the page) fetches afresh.
 */
export function takeHomeListing(key: string): Promise<Listing> | undefined {
  const taken = pending;
  pending = null;
  return taken?.key === key ? taken.listing : undefined;
}

/** Another page was shown first: a later visit to the home page must not get an old listing. */
export function dropHomeListing(): void {
  pending = null;
}
