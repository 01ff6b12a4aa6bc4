// @vitest-environment jsdom
import { act, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
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

  it("shows end times in the viewer's time zone with its name", () => {
    const iso = "2026-11-22T15:30:00.000Z";
    expect(formatDateTime(iso, "en-US", "Asia/Seoul")).toMatch(
      /^Mon, Nov 23, 2026, 12:30\sAM GMT\+9$/,
    );
    expect(formatDateTime(iso, "en-US", "America/New_York")).toMatch(
      /^Sun, Nov 22, 2026, 10:30\sAM EST$/,
    );
  });
});

describe("<Countdown>", () => {
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
