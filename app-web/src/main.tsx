import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { I18nProvider, loadInitialLanguage } from "./i18n/i18n";
import { prefetchHomeListing } from "./pages/firstListing";
import { AppRoutes } from "./routes";
import "./styles/global.css";

const root = document.getElementById("root");
if (!root) throw new Error("index.html must contain #root");

// The home page's listing and code load now, beside the strings, not one after the other.
if (location.pathname === "/") {
  prefetchHomeListing(location.search);
  import("./pages/HomePage").catch(() => {}); // a failure shows when the route imports it
}

const language = await loadInitialLanguage();
createRoot(root).render(
  <StrictMode>
    <I18nProvider initial={language}>
      <BrowserRouter>
        <AppRoutes />
      </BrowserRouter>
    </I18nProvider>
  </StrictMode>,
);
