import type { ItemStatus } from "@ssgbay/contract";
import { useI18n } from "../i18n/i18n";
import styles from "./StatusBadge.module.css";

export function StatusBadge({ status, ended }: { status: ItemStatus; ended?: boolean }) {
  const { t } = useI18n();
  const label = status === "open" && ended ? t("time.ended") : t(`status.${status}`);
  const tone =
    status === "open" && !ended ? styles.open : status === "sold" ? styles.sold : styles.closed;
  return <span className={`${styles.badge} ${tone}`}>{label}</span>;
}
