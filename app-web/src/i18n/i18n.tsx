import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from "react";
import { ko, type MessageKey, type Messages } from "./ko";

export type Language = "ko" | "en";
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

export const languages: readonly Language[] = ["ko", "en"];

const storageKey = "ssgbay.language";

// Korean ships in the main bundle; English is its own chunk, fetched when first chosen.
const loaded: Partial<Record<Language, Messages>> = { ko };

export async function loadCatalog(language: Language): Promise<Messages> {
  const cached = loaded[language];
  if (cached) return cached;
  const { en } = await import("./en");
  loaded.en = en;
  return en;
}

/** Fills `{name}` placeholders; unknown names stay visible so a missing value is noticed. */
export function format(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

export function translator(catalog: Messages): Translate {
  return (key, values) => format(catalog[key], values);
}

export function countTranslator(catalog: Messages, locale: string): TranslateCount {
  const rules = new Intl.PluralRules(locale);
  return (key, count, values) => {
    const exact = `${key}.${rules.select(count)}`;
    const template =
      exact in catalog ? catalog[exact as MessageKey] : catalog[`${key}.other` as MessageKey];
    return format(template, { ...values, count: count.toLocaleString(locale) });
  };
}

function storedLanguage(): Language | undefined {
  try {
    const stored = localStorage.getItem(storageKey);
    return languages.find((language) => language === stored);
  } catch {
    return undefined;
  }
}

/**
 * The first of the browser's preferred languages (navigator.languages, the order of its
 * Accept-Language) that the app speaks: en-US → English, ko-KR → Korean; Korean otherwise.
 */
export function preferredLanguage(browserLanguages: readonly string[]): Language {
  for (const tag of browserLanguages) {
    const primary = tag.split("-")[0]?.toLowerCase();
    const found = languages.find((language) => language === primary);
    if (found) return found;
  }
  return "ko";
}

/**
 * The language to start in (the visitor's last choice, else the browser's preference), with its
 * strings loaded.
 */
export async function loadInitialLanguage(): Promise<Language> {
  const language = storedLanguage() ?? preferredLanguage(navigator.languages ?? []);
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
  const setLanguage = useCallback(async (next: Language) => {
    await loadCatalog(next);
    setLanguageState(next);
    try {
      localStorage.setItem(storageKey, next);
    } catch {
      // private mode: the choice lasts for this page only
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const value = useMemo<I18nValue>(() => {
    const catalog = loaded[language] ?? ko;
    const locale = language === "ko" ? "ko-KR" : "en-US";
    return {
      language,
      locale,
      t: translator(catalog),
      tCount: countTranslator(catalog, locale),
      setLanguage,
    };
  }, [language, setLanguage]);
  return <I18nContext value={value}>{children}</I18nContext>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n must be used inside <I18nProvider>");
  return value;
}
