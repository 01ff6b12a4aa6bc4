import { useI18n } from "../i18n/i18n";

export function PageLoading() {
  const { t } = useI18n();
  return (
    <div className="container" role="status" aria-live="polite">
      <p className="visually-hidden">{t("nav.loading")}</p>
      <div className="skeleton" style={{ height: 28, width: "40%", margin: "32px 0 16px" }} />
      <div className="skeleton" style={{ height: 240 }} />
    </div>
  );
}
