import { lazy, Suspense } from "react";
import { Link, NavLink, useNavigate } from "react-router";
import { useAuth } from "../auth/AuthContext";
import { useI18n } from "../i18n/i18n";
import styles from "./Header.module.css";
import { SearchForm } from "./SearchForm";

/** Signed-in only, with its live stream and strings: its own chunk, off the first page load. */
const NotificationBell = lazy(() => import("../afterSale/NotificationBell"));

export function Header() {
  const { t, language, setLanguage } = useI18n();
  const { state, user, logout } = useAuth();
  const navigate = useNavigate();

  return (
    <header className={styles.header}>
      <div className={`container ${styles.row}`}>
        <Link to="/" className={styles.logo}>
          {t("app.name")}
        </Link>
        <div className={styles.searchSlot}>
          <SearchForm />
        </div>
        <nav aria-label={t("nav.mainLabel")} className={styles.nav}>
          <NavLink to="/sell" className={styles.navLink}>
            {t("nav.sell")}
          </NavLink>
          {state.status === "loading" ? null : user ? (
            <>
              <NavLink to="/me" className={styles.navLink}>
                {t("nav.myPage")}
              </NavLink>
              <Suspense fallback={null}>
                <NotificationBell />
              </Suspense>
              <span className={styles.greeting} data-testid="greeting">
                {t("nav.greeting", { nickname: user.nickname })}
              </span>
              <button
                type="button"
                className={styles.navButton}
                onClick={async () => {
                  await logout();
                  navigate("/");
                }}
              >
                {t("nav.logout")}
              </button>
            </>
          ) : (
            <>
              <NavLink to="/login" className={styles.navLink}>
                {t("nav.login")}
              </NavLink>
              <NavLink to="/signup" className={`${styles.navLink} ${styles.signup}`}>
                {t("nav.signup")}
              </NavLink>
            </>
          )}
          <button
            type="button"
            className={styles.language}
            lang={language === "ko" ? "en" : "ko"}
            aria-label={t("nav.languageLabel")}
            onClick={() => void setLanguage(language === "ko" ? "en" : "ko")}
          >
            <span className={styles.languageFull}>{t("nav.language")}</span>
            <span className={styles.languageShort} aria-hidden="true">
              {t("nav.languageShort")}
            </span>
          </button>
        </nav>
      </div>
    </header>
  );
}
