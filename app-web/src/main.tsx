import "./homeBoot";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { I18nProvider, loadInitialLanguage } from "./i18n/i18n";
import { AppRoutes, HomePage } from "./routes";
import "./styles/global.css";

const root = document.getElementById("root");
if (!root) throw new Error("index.html must contain #root");

const language = await loadInitialLanguage();
// rendered with the frame in one pass rather than after a loading fallback
if (location.pathname === "/") await HomePage.preload(language).catch(() => {});
createRoot(root).render(
  <StrictMode>
    <I18nProvider initial={language}>
      <BrowserRouter>
        <AppRoutes />
      </BrowserRouter>
    </I18nProvider>
  </StrictMode>,
);
