import { type ComponentType, lazy } from "react";
import { Route, Routes } from "react-router";
import { RequireAuth } from "./auth/RequireAuth";
import { Layout } from "./components/Layout";

/** Each page is its own chunk, fetched the first time its route is shown (Layout suspends). */
function lazyPage(load: () => Promise<{ Component: ComponentType }>) {
  return lazy(() => load().then((module) => ({ default: module.Component })));
}

const HomePage = lazyPage(() => import("./pages/HomePage"));
const ItemPage = lazyPage(() => import("./pages/ItemPage"));
const LoginPage = lazyPage(() => import("./pages/LoginPage"));
const SignupPage = lazyPage(() => import("./pages/SignupPage"));
const SellPage = lazyPage(() => import("./pages/SellPage"));
const MyPage = lazyPage(() => import("./pages/MyPage"));
const NotFoundPage = lazyPage(() => import("./pages/NotFoundPage"));
const NotificationsPage = lazyPage(() => import("./pages/NotificationsPage"));

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<HomePage />} />
        <Route path="items/:id" element={<ItemPage />} />
        <Route path="login" element={<LoginPage />} />
        <Route path="signup" element={<SignupPage />} />
        <Route element={<RequireAuth />}>
          <Route path="sell" element={<SellPage />} />
          <Route path="me" element={<MyPage />} />
          <Route path="notifications" element={<NotificationsPage />} />
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
