// @vitest-environment jsdom
import type { ItemSummary } from "@ssgbay/contract";
import { cleanup, render, screen } from "@testing-library/react";
import type { ReactElement } from "react";
import { renderToString } from "react-dom/server";
import { MemoryRouter } from "react-router";
import { afterEach, describe, expect, it } from "vitest";
import { firstScreenful, PagedItemGrid } from "../../src/components/PagedItemGrid";
import { I18nProvider, loadCatalog } from "../../src/i18n/i18n";

afterEach(cleanup);

const items: ItemSummary[] = Array.from({ length: 24 }, (_, index) => ({
  id: index + 1,
  title: `물건 ${index + 1}`,
  imageUrl: "/api/images/0123456789abcdef0123456789abcdef.png",
  startPrice: 10_000,
  currentPrice: 12_000 + index,
  bidCount: 1,
  endsAt: new Date(Date.now() + 86_400_000).toISOString(),
  status: "open",
  seller: { id: 2, nickname: "민지" },
  category: "etc",
  condition: "used",
  tradeMethod: "delivery",
  tradeArea: null,
  buyNowPrice: null,
}));

function grid(): ReactElement {
  return (
    <I18nProvider initial="ko">
      <MemoryRouter>
        <PagedItemGrid items={items} label="목록" page={1} pages={2} onPage={() => {}} />
      </MemoryRouter>
    </I18nProvider>
  );
}

describe("PagedItemGrid", () => {
  it("builds a screenful of cards in its first render, then every card", async () => {
    await loadCatalog("ko");
    // the first render alone (what a server render is): only the first cards
    const first = renderToString(grid());
    expect(first.match(/<article/g)).toHaveLength(firstScreenful);
    expect(first).toContain("물건 1<");
    expect(first).not.toContain(`물건 ${firstScreenful + 1}<`);

    render(grid());
    expect(await screen.findByRole("link", { name: "물건 24" })).toBeTruthy();
    expect(screen.getAllByRole("article")).toHaveLength(items.length);
    // in the listing's order
    expect(screen.getAllByRole("heading", { level: 2 }).map((h) => h.textContent)).toEqual(
      items.map((item) => item.title),
    );
  });
});
