// @vitest-environment jsdom
import { act, render, screen } from "@testing-library/react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { Countdown } from "../../src/components/Countdown";
import { I18nProvider, loadCatalog, translator } from "../../src/i18n/i18n";
import { ko } from "../../src/i18n/ko";
import { formatDateTime, formatRemaining } from "../../src/lib/time";

const t = translator(ko);

describe("remaining time", () => {
  it("reads in days, hours, minutes or seconds", () => {
    expect(formatRemaining(2 * 86_400_000 + 3 * 3_600_000 + 5_000, t)).toBe("2일 3시간");
    expect(formatRemaining(4 * 3_600_000 + 5 * 60_000, t)).toBe("4시간 5분");
    expect(formatRemaining(6 * 60_000 + 7_000, t)).toBe("6분 7초");
    expect(formatRemaining(8_999, t)).toBe("8초");
    expect(formatRemaining(0, t)).toBe("마감");
    expect(formatRemaining(-1, t)).toBe("마감");
  });

  it("shows end times in the viewer's time zone with its name (KST for Korea, not GMT+9)", () => {
    const iso = "2026-11-22T15:30:00.000Z";
    const now = Date.parse("2026-11-22T10:00:00.000Z");
    expect(formatDateTime(iso, "en-US", { timeZone: "Asia/Seoul", now })).toMatch(
      /^Mon, Nov 23, 2026, 12:30\sAM KST$/,
    );
    expect(formatDateTime(iso, "ko-KR", { timeZone: "Asia/Seoul", now })).toMatch(
      /^2026년 11월 23일 \(월\) (오전|AM) 12:30 KST$/,
    );
    expect(formatDateTime(iso, "en-US", { timeZone: "America/New_York", now })).toMatch(
      /^Sun, Nov 22, 2026, 10:30\sAM EST$/,
    );
  });

  it("adds the seconds within a minute of now, where soft close moves the end", () => {
    const iso = "2026-11-22T15:30:42.000Z";
    const zone = { timeZone: "Asia/Seoul" };
    expect(formatDateTime(iso, "ko-KR", { ...zone, now: Date.parse(iso) - 30_000 })).toMatch(
      /12:30:42 KST$/,
    );
    expect(formatDateTime(iso, "ko-KR", { ...zone, now: Date.parse(iso) - 61_000 })).toMatch(
      /12:30 KST$/,
    );
  });
});

describe("<Countdown>", () => {
  // pages (and so their countdowns) render once their strings are loaded
  beforeAll(() => loadCatalog("ko"));
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-11-22T10:00:00.000Z"));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("ticks every second and ends at endsAt", async () => {
    render(
      <I18nProvider>
        <Countdown endsAt="2026-11-22T10:00:03.000Z" withSuffix />
      </I18nProvider>,
    );
    const countdown = screen.getByTestId("countdown");
    expect(countdown).toHaveTextContent("3초 남음");
    expect(countdown).toHaveAttribute("datetime", "2026-11-22T10:00:03.000Z");
    act(() => vi.advanceTimersByTime(1000));
    expect(countdown).toHaveTextContent("2초 남음");
    act(() => vi.advanceTimersByTime(2000));
    expect(countdown).toHaveTextContent("마감");
  });

  it("speaks English when chosen", async () => {
    vi.useRealTimers();
    await loadCatalog("en");
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-11-22T10:00:00.000Z"));
    render(
      <I18nProvider initial="en">
        <Countdown endsAt="2026-11-22T11:05:00.000Z" withSuffix />
      </I18nProvider>,
    );
    expect(screen.getByTestId("countdown")).toHaveTextContent("1h 5m left");
  });
});
