import { useEffect, useState } from "react";
import { useI18n } from "../i18n/i18n";
import styles from "./BackToTop.module.css";
import { Icon } from "./Icon";

/** Appears after scrolling down a screen; moves focus to the top of the page too. */
export function BackToTop() {
  const { t } = useI18n();
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    const onScroll = () => setVisible(window.scrollY > window.innerHeight);
    onScroll();
    window.addEventListener("scroll", onScroll, { passive: true });
    return () => window.removeEventListener("scroll", onScroll);
  }, []);
  if (!visible) return null;
  return (
    <button
      type="button"
      className={styles.button}
      onClick={() => {
        window.scrollTo({ top: 0, behavior: "smooth" });
        document.getElementById("main")?.focus({ preventScroll: true });
      }}
    >
      <Icon name="arrowUp" />
      <span className="visually-hidden">{t("nav.backToTop")}</span>
    </button>
  );
}
