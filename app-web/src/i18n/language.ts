/*
 * Which language a visitor starts in. Kept apart from i18n.tsx (React, the catalogs) so that
 * boot.ts can ask for the right strings before the app's code has arrived.
 */

export type Language = "ko" | "en";

export const languages: readonly Language[] = ["ko", "en"];

export const languageStorageKey = "ssgbay.language";

function storedLanguage(): Language | undefined {
  try {
    const stored = localStorage.getItem(languageStorageKey);
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

/** The visitor's last choice, else the browser's preference. */
export function initialLanguage(): Language {
  return storedLanguage() ?? preferredLanguage(navigator.languages ?? []);
}
