import type { Translate } from "../i18n/i18n";

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;

/** "2일 3시간", "4시간 5분", "6분 7초", "8초", or "마감" once nothing is left. */
export function formatRemaining(remainingMs: number, t: Translate): string {
  if (remainingMs <= 0) return t("time.ended");
  const d = Math.floor(remainingMs / day);
  const h = Math.floor((remainingMs % day) / hour);
  const m = Math.floor((remainingMs % hour) / minute);
  const s = Math.floor((remainingMs % minute) / second);
  if (d > 0) return t("time.days", { d, h });
  if (h > 0) return t("time.hours", { h, m });
  if (m > 0) return t("time.minutes", { m, s });
  return t("time.seconds", { s });
}

/** The viewer's IANA time zone, e.g. "Asia/Seoul". */
export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Zones whose abbreviation Intl does not give (it says "GMT+9" for Korea in every locale). */
const zoneAbbreviations: Record<string, string> = { "Asia/Seoul": "KST" };

/** "KST", "UTC", "EST": how the zone is named beside a time. */
export function zoneLabel(timeZone: string, locale: string, at: Date = new Date()): string {
  const known = zoneAbbreviations[timeZone];
  if (known) return known;
  const parts = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: "short" }).formatToParts(
    at,
  );
  return parts.find((part) => part.type === "timeZoneName")?.value ?? timeZone;
}

/**
 * A date and time in the viewer's time zone with the zone named ("12월 2일 (수) 오후 3:05 KST");
 * within a minute of `now` the seconds too, since soft close moves an end by seconds.
 */
export function formatDateTime(
  iso: string,
  locale: string,
  { timeZone = viewerTimeZone(), now = Date.now() }: { timeZone?: string; now?: number } = {},
): string {
  const date = new Date(iso);
  const withSeconds = Math.abs(date.getTime() - now) < minute;
  const text = new Intl.DateTimeFormat(locale, {
    year: "numeric",
    month: "short",
    day: "numeric",
    weekday: "short",
    hour: "numeric",
    minute: "2-digit",
    ...(withSeconds ? { second: "2-digit" } : {}),
    timeZone,
  }).format(date);
  return `${text} ${zoneLabel(timeZone, locale, date)}`;
}

/** Value for <input type="datetime-local"> in the viewer's zone, e.g. "2026-11-22T19:30". */
export function toLocalInputValue(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(
    date.getHours(),
  )}:${pad(date.getMinutes())}`;
}

/** Reads a datetime-local value as a time in the viewer's zone; null when it is not a date. */
export function fromLocalInputValue(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
