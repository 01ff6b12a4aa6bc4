import { useEffect } from "react";
import { useI18n } from "../i18n/i18n";

/** Names the browser tab (and what a screen reader announces on navigation) after the page. */
export function usePageTitle(title: string | null): void {
  const { t } = useI18n();
  const appName = t("app.name");
  useEffect(() => {
    document.title = title ? `${title} · ${appName}` : `${appName} · ${t("app.tagline")}`;
  }, [title, appName, t]);
}
