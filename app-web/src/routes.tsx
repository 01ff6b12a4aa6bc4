import { webPages } from "@ssgbay/contract";
import { type ComponentType, lazy } from "react";
import { Route, Routes } from "react-router";
import { RequireAuth } from "./auth/RequireAuth";
import { Layout } from "./components/Layout";
import { pageStrings } from "./i18n/i18n";
import { dropHomeListing } from "./pages/firstListing";

/**
 * Each page is its own chunk, fetched the first time its route is shown (Layout suspends), in
 * parallel with the pages' strings of the current language, which it waits for too.
 */
function lazyPage(load: () => Promise<{ Component: ComponentType }>) {
  return lazy(() =>
    Promise.all([load(), pageStrings()]).then(([module]) => ({ default: module.Component })),
  );
}

/** Any other page shown before the home page makes the listing prefetched at boot too old. */
function lazyOtherPage(load: () => Promise<{ Component: ComponentType }>) {
  return lazyPage(() => {
    dropHomeListing();
    return load();
  });
}

const HomePage = lazyPage(() => import("./pages/HomePage"));
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
