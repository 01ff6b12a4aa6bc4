import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from "react";
import { formatInteger } from "../lib/number";
import type { MessageKey, Messages } from "./ko";
import { koShell } from "./ko.shell";
import { initialLanguage, type Language, languageStorageKey } from "./language";

export { type Language, languages, preferredLanguage } from "./language";
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** A message with a form per plural category: `<base>.other` always, `<base>.one` etc. as needed. */
export type CountedKey = {
  [Key in MessageKey]: Key extends `${infer Base}.other` ? Base : never;
}[MessageKey];
/** The form of `key` for `count` (filled in as `{count}`, in the locale's digits). */
export type TranslateCount = (
  key: CountedKey,
  count: number,
  values?: Record<string, string | number>,
) => string;

/**
 * The catalogs loaded so far. Korean starts with the frame's strings (ko.shell.ts, in the first
 * JavaScript) and the rest arrives with the first page (pages wait for it, see `pageStrings`);
 * English is one chunk, fetched when it is first needed.
 */
const loaded: Partial<Record<Language, Messages>> = {};
const loading: Partial<Record<Language, Promise<Messages>>> = {};
/** What `t` reads while the full Korean catalog is on its way: the frame's strings. */
const shellCatalog = koShell as Partial<Messages>;

/**
 * One import per language, each in its own function: written as one expression, the bundler
 * gives both imports one preload list, so every visitor fetched both languages' strings.
 */
const importCatalog: Record<Language, () => Promise<Messages>> = {
  ko: async () => (await import("./ko")).ko,
  en: async () => (await import("./en")).en,
};

export function loadCatalog(language: Language): Promise<Messages> {
  const cached = loaded[language];
  if (cached) return Promise.resolve(cached);
  let pending = loading[language];
  if (!pending) {
    pending = importCatalog[language]().then(
      (catalog) => {
        loaded[language] = catalog;
        return catalog;
      },
      (error: unknown) => {
        delete loading[language];
        throw error;
      },
    );
    loading[language] = pending;
  }
  return pending;
}

/** Resolves once the strings of the current language's pages are there (a lazy page awaits it). */
let currentLanguage: Language = "ko";
export function pageStrings(): Promise<Messages> {
  return loadCatalog(currentLanguage);
}

/** Fills `{name}` placeholders; unknown names stay visible so a missing value is noticed. */
export function format(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

/** A key whose catalog has not arrived yet reads as the key itself (pages never render then). */
export function translator(catalog: Partial<Messages>): Translate {
  return (key, values) => format(catalog[key] ?? key, values);
}

export function countTranslator(catalog: Partial<Messages>, locale: string): TranslateCount {
  const rules = new Intl.PluralRules(locale);
  return (key, count, values) => {
    const template =
      catalog[`${key}.${rules.select(count)}` as MessageKey] ??
      catalog[`${key}.other` as MessageKey] ??
      key;
    return format(template, { ...values, count: formatInteger(count, locale) });
  };
}

/**
 * The language to start in (the visitor's last choice, else the browser's preference), with its
 * strings loaded.
 */
export async function loadInitialLanguage(): Promise<Language> {
  const language = initialLanguage();
  if (language === "ko") {
    // the frame renders now with its own strings; the pages' strings load beside the first page
    void loadCatalog("ko").catch(() => {});
    return "ko";
  }
  try {
    await loadCatalog(language);
    return language;
  } catch {
    return "ko";
  }
}

interface I18nValue {
  language: Language;
  locale: string;
  t: Translate;
  tCount: TranslateCount;
  setLanguage(language: Language): Promise<void>;
}

const I18nContext = createContext<I18nValue | null>(null);

/** `initial` must already be loaded (loadInitialLanguage / loadCatalog); Korean always is. */
export function I18nProvider({
  children,
  initial = "ko",
}: {
  children: ReactNode;
  initial?: Language;
}) {
  const [language, setLanguageState] = useState<Language>(() => (loaded[initial] ? initial : "ko"));
  // bumps when a catalog arrives, so whatever rendered before it reads the full strings
  const [catalogs, setCatalogs] = useState(0);
  currentLanguage = language;
  useEffect(() => {
    if (loaded[language]) return;
    let live = true;
    loadCatalog(language).then(
      () => live && setCatalogs((count) => count + 1),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [language]);
  const setLanguage = useCallback(async (next: Language) => {
    await loadCatalog(next);
    setLanguageState(next);
    try {
      localStorage.setItem(languageStorageKey, next);
    } catch {
      // private mode: the choice lasts for this page only
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `catalogs` says `loaded` changed
  const value = useMemo<I18nValue>(() => {
    const catalog = loaded[language] ?? shellCatalog;
    const locale = language === "ko" ? "ko-KR" : "en-US";
    return {
      language,
      locale,
      t: translator(catalog),
      tCount: countTranslator(catalog, locale),
      setLanguage,
    };
  }, [language, setLanguage, catalogs]);
  return <I18nContext value={value}>{children}</I18nContext>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n must be used inside <I18nProvider>");
  return value;
}
