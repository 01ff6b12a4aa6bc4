import type { ReactNode } from "react";
import styles from "./EmptyState.module.css";
import { Icon } from "./Icon";

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className={`card ${styles.empty}`}>
      <span className={styles.icon}>
        <Icon name="search" size={40} />
      </span>
      <p className={styles.title}>{title}</p>
      {children}
    </div>
  );
}
