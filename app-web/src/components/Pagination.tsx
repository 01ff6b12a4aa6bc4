import { useI18n } from "../i18n/i18n";
import styles from "./Pagination.module.css";

interface PaginationProps {
  page: number;
  pages: number;
  onChange(page: number): void;
}

export function Pagination({ page, pages, onChange }: PaginationProps) {
  const { t } = useI18n();
  if (pages <= 1) return null;
  return (
    <nav className={styles.pagination} aria-label={t("pagination.label")}>
      <button
        type="button"
        className="button button-secondary"
        disabled={page <= 1}
        onClick={() => onChange(page - 1)}
      >
        {t("pagination.previous")}
      </button>
      <span aria-current="page">{t("pagination.page", { page, pages })}</span>
      <button
        type="button"
        className="button button-secondary"
        disabled={page >= pages}
        onClick={() => onChange(page + 1)}
      >
        {t("pagination.next")}
      </button>
    </nav>
  );
}
