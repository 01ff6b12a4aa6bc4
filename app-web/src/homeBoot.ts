import { prefetchHomeListing } from "./pages/firstListing";

/*
 * Imported first by main.tsx, so this runs before React's own modules are evaluated: on the home
 * page, its listing and code start loading now, beside the rest of the boot.
 */
if (location.pathname === "/") {
  prefetchHomeListing(location.search);
  import("./pages/HomePage").catch(() => {}); // a failure shows when the route imports it
}
