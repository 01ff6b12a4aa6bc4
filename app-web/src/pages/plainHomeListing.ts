/**
 * The listing request of the home page without a query string, as the API client sends it
 * (firstListing.test.tsx holds it to homeQuery's defaults). boot.ts starts it before the app's
 * code, which it cannot import: the contract's values come with zod.
 */
export const plainHomeListingPath = "/api/items?sort=latest&status=open&page=1&pageSize=24";
