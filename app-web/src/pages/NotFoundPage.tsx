import { Link } from "react-router";
import { usePageTitle } from "../hooks/usePageTitle";
import { useI18n } from "../i18n/i18n";
import styles from "./NotFoundPage.module.css";

export function Component() {
  const { t } = useI18n();
  usePageTitle(t("notFound.title"));
  return (
    <div className={`container ${styles.page}`}>
      <p className={styles.code} aria-hidden="true">
        404
      </p>
      <h1>{t("notFound.title")}</h1>
      <p className={styles.body}>{t("notFound.body")}</p>
      <Link to="/" className="button button-primary">
        {t("notFound.home")}
      </Link>
    </div>
  );
}
