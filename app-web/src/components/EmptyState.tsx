import type { ReactNode } from "react";
import styles from "./EmptyState.module.css";

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className={`card ${styles.empty}`}>
      <p className={styles.icon} aria-hidden="true">
        🔍
      </p>
      <p className={styles.title}>{title}</p>
      {children}
    </div>
  );
}
