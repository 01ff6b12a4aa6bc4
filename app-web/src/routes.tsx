import { webPages } from "@ssgbay/contract";
import { type ComponentType, lazy } from "react";
import { Route, Routes } from "react-router";
import { RequireAuth } from "./auth/RequireAuth";
import { Layout } from "./components/Layout";
import { type Language, loadCatalog, pageStrings } from "./i18n/i18n";
import { dropHomeListing } from "./pages/firstListing";

type PageModule = { Component: ComponentType };
type LoadedPage = { default: ComponentType };

/** A thenable that calls back at once, so React.lazy renders the page in the same pass. */
function settledNow(page: LoadedPage): Promise<LoadedPage> {
  const thenable = {
    // biome-ignore lint/suspicious/noThenProperty: React.lazy reads a module from a thenable, and this one is settled
    then(onLoaded: (value: LoadedPage) => unknown) {
      onLoaded(page);
      return thenable;
    },
  };
  // a Promise would call back only after the render that asked has suspended
  return thenable as unknown as Promise<LoadedPage>;
}

/**
 * Each page is its own chunk, fetched the first time its route is shown (Layout suspends), in
 * parallel with the pages' strings of the current language, which it waits for too. A page
 * preloaded before the first render shows at once: no fallback first, which React would keep
 * on screen for at least 300 ms.
 */
function lazyPage(load: () => Promise<PageModule>) {
  let loaded: LoadedPage | undefined;
  const fetchPage = (strings: Promise<unknown>) =>
    Promise.all([load(), strings]).then(([module]) => {
      loaded = { default: module.Component };
      return loaded;
    });
  const Page = lazy(() => (loaded ? settledNow(loaded) : fetchPage(pageStrings())));
  return Object.assign(Page, {
    preload: (language: Language) => fetchPage(loadCatalog(language)),
  });
}

/** Any other page shown before the home page makes the listing prefetched at boot too old. */
function lazyOtherPage(load: () => Promise<PageModule>) {
  return lazyPage(() => {
    dropHomeListing();
    return load();
  });
}

export const HomePage = lazyPage(() => import("./pages/HomePage"));
const ItemPage = lazyOtherPage(() => import("./pages/ItemPage"));
const LoginPage = lazyOtherPage(() => import("./pages/LoginPage"));
const SignupPage = lazyOtherPage(() => import("./pages/SignupPage"));
const SellPage = lazyOtherPage(() => import("./pages/SellPage"));
const MyPage = lazyOtherPage(() => import("./pages/MyPage"));
const NotFoundPage = lazyOtherPage(() => import("./pages/NotFoundPage"));
const NotificationsPage = lazyOtherPage(() => import("./pages/NotificationsPage"));
const UserPage = lazyOtherPage(() => import("./pages/UserPage"));

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        {/* the contract's webPages: the servers answer other paths with 404 */}
        <Route index element={<HomePage />} />
        <Route path={webPages.item} element={<ItemPage />} />
        <Route path={webPages.user} element={<UserPage />} />
        <Route path={webPages.login} element={<LoginPage />} />
        <Route path={webPages.signup} element={<SignupPage />} />
        <Route element={<RequireAuth />}>
          <Route path={webPages.sell} element={<SellPage />} />
          <Route path={webPages.me} element={<MyPage />} />
          <Route path={webPages.notifications} element={<NotificationsPage />} />
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
