import { Suspense, useEffect } from "react";
import { Outlet, useLocation } from "react-router";
import { AuthProvider } from "../auth/AuthContext";
import { useI18n } from "../i18n/i18n";
import { BackToTop } from "./BackToTop";
import { Header } from "./Header";
import styles from "./Layout.module.css";
import { PageLoading } from "./PageLoading";
import { PageErrorBoundary } from "./RouteError";

/** The frame around every page: skip link, header, the page, footer, back-to-top. */
export function Layout() {
  const { t } = useI18n();
  const { pathname } = useLocation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new page starts at its top
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [pathname]);
  return (
    <AuthProvider>
      <a href="#main" className={styles.skip}>
        {t("nav.skipToContent")}
      </a>
      <Header />
      <main id="main" tabIndex={-1} className={styles.main}>
        <PageErrorBoundary key={pathname}>
          <Suspense fallback={<PageLoading />}>
            <Outlet />
          </Suspense>
        </PageErrorBoundary>
      </main>
      <footer className={styles.footer}>
        <div className="container">
          <strong>{t("app.name")}</strong> · {t("app.tagline")}
        </div>
      </footer>
      <BackToTop />
    </AuthProvider>
  );
}
