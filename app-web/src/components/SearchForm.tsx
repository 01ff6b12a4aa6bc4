import { type FormEvent, useEffect, useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { useI18n } from "../i18n/i18n";
import styles from "./Header.module.css";
import { Icon } from "./Icon";

/** Searching always lands on the home grid with `?q=`, keeping the chosen sort. */
export function SearchForm() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const current = params.get("q") ?? "";
  const [query, setQuery] = useState(current);
  useEffect(() => setQuery(current), [current]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    const q = query.trim();
    if (q) next.set("q", q);
    const sort = params.get("sort");
    if (sort) next.set("sort", sort);
    navigate(`/?${next.toString()}`);
  };

  return (
    <search>
      <form className={styles.search} onSubmit={onSubmit}>
        <label htmlFor="site-search" className="visually-hidden">
          {t("search.label")}
        </label>
        <input
          id="site-search"
          type="search"
          value={query}
          placeholder={t("search.placeholder")}
          onChange={(event) => setQuery(event.target.value)}
          maxLength={100}
        />
        <button type="submit" className={styles.searchButton}>
          <Icon name="search" size={22} />
          <span className="visually-hidden">{t("search.submit")}</span>
        </button>
      </form>
    </search>
  );
}
