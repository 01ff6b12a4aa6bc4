import { prefetchHomeListing } from "./pages/firstListing";

/*
 * Imported first by main.tsx, so this runs before React's own modules are evaluated: on the home
 * page, its listing starts loading now (for a plain `/`, the API client hands over the request
 * boot.ts started). The home chunk is boot.ts's to start; without boot.ts (the dev server),
 * main.tsx imports it before the first render.
 */
if (location.pathname === "/") prefetchHomeListing(location.search);
