import { Component, type ReactNode } from "react";
import { Link } from "react-router";
import { useI18n } from "../i18n/i18n";

/** Catches a page that fails to render or to load (e.g. its chunk vanished after a deploy). */
export class PageErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render() {
    return this.state.failed ? <RouteError /> : this.props.children;
  }
}

function RouteError() {
  const { t } = useI18n();
  return (
    <div className="container">
      <h1 className="page-title">{t("error.INTERNAL")}</h1>
      <p className="page-intro">
        <button
          type="button"
          className="button button-primary"
          onClick={() => window.location.reload()}
        >
          {t("home.retry")}
        </button>{" "}
        <Link to="/" className="button button-secondary" reloadDocument>
          {t("notFound.home")}
        </Link>
      </p>
    </div>
  );
}
