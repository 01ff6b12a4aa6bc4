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

function storedLanguage(): Language {
  try {
    return localStorage.getItem(storageKey) === "en" ? "en" : "ko";
  } catch {
    return "ko";
  }
}

/** The language to start in (the visitor's last choice, else Korean), with its strings loaded. */
export async function loadInitialLanguage(): Promise<Language> {
  const language = storedLanguage();
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
  const value = useMemo<I18nValue>(
    () => ({
      language,
      locale: language === "ko" ? "ko-KR" : "en-US",
      t: translator(loaded[language] ?? ko),
      setLanguage,
    }),
    [language, setLanguage],
  );
  return <I18nContext value={value}>{children}</I18nContext>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n must be used inside <I18nProvider>");
  return value;
}
