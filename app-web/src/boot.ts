import { fetchEarly } from "./api/earlyFetch";
import { initialLanguage } from "./i18n/language";
import { plainHomeListingPath } from "./pages/plainHomeListing";

/*
 * index.html runs this small script as soon as it is there (async, before the app's own has
 * arrived): on the home page, the home page's
 * chunk, the pages' strings of the visitor's language and (without a query string) the listing
 * are fetched now, beside the app's code, instead of after it has arrived and run (main.tsx
 * asks for the same again and gets these). Nothing here may import the app's code, or it would
 * wait for it.
 */
if (location.pathname === "/") {
  if (location.search === "") fetchEarly(plainHomeListingPath);
  import("./pages/HomePage").catch(() => {}); // a failure shows when the route imports it
  // two statements: the bundler gives one conditional expression's imports one preload list
  if (initialLanguage() === "en") import("./i18n/en").catch(() => {});
  else import("./i18n/ko").catch(() => {});
}
