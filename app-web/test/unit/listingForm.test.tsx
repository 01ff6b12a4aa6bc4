// @vitest-environment jsdom
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { Component as SellPage } from "../../src/pages/SellPage";
import { renderPage } from "../support/renderPage";
import { signedIn, startStubApi } from "../support/stubApiServer";

let stub: Awaited<ReturnType<typeof startStubApi>> | undefined;
afterEach(async () => {
  await stub?.close();
});

const png = (name: string) =>
  new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], name, { type: "image/png" });

describe("listing with several photos and the details", () => {
  it("sends the photos in the chosen order with category, condition, trade and buy-now", async () => {
    stub = await startStubApi({
      "GET /api/auth/me": signedIn,
      "POST /api/items": () => ({
        status: 400,
        body: { error: { code: "VALIDATION_FAILED", message: "stop here", details: [] } },
      }),
    });
    await renderPage(<SellPage />, { apiUrl: stub.url, route: "/sell", path: "/sell" });
    const typist = userEvent.setup();
    await typist.type(screen.getByLabelText("제목"), "미러리스 카메라");
    await typist.type(screen.getByLabelText("시작가 (원)"), "300000");
    await typist.upload(screen.getByLabelText("사진"), [png("a.png"), png("b.png"), png("c.png")]);
    expect(await screen.findAllByTestId("photo")).toHaveLength(3);
    expect(screen.getAllByTestId("photo")[0]).toHaveTextContent("대표");
    // c to the front, then a (now second) out
    await typist.click(screen.getByRole("button", { name: "3번째 사진을 앞으로" }));
    await typist.click(screen.getByRole("button", { name: "2번째 사진을 앞으로" }));
    await typist.click(screen.getByRole("button", { name: "2번째 사진 빼기" }));
    expect(screen.getAllByTestId("photo")).toHaveLength(2);

    await typist.selectOptions(screen.getByLabelText("카테고리"), "카메라");
    await typist.selectOptions(screen.getByLabelText("상품 상태"), "거의 새것");
    await typist.click(screen.getByRole("radio", { name: "직거래" }));
    await typist.click(screen.getByRole("button", { name: "경매 등록" }));
    // a meet-up needs its place
    expect(await screen.findByText("직거래 장소를 1~40자로 입력해 주세요.")).toBeVisible();
    await waitFor(() => expect(screen.getByLabelText("직거래 장소")).toHaveFocus());
    await typist.type(screen.getByLabelText("직거래 장소"), "합정역");
    await typist.type(screen.getByLabelText("즉시 구매가 (원, 선택)"), "250000");
    await typist.click(screen.getByRole("button", { name: "경매 등록" }));
    expect(
      await screen.findByText("즉시 구매가는 시작가보다 높고 10억 원 이하인 정수여야 해요."),
    ).toBeVisible();
    await typist.clear(screen.getByLabelText("즉시 구매가 (원, 선택)"));
    await typist.type(screen.getByLabelText("즉시 구매가 (원, 선택)"), "450000");
    await typist.click(screen.getByRole("button", { name: "경매 등록" }));

    await waitFor(() =>
      expect(stub?.requests.some((request) => request.path === "/api/items")).toBe(true),
    );
    const sent = stub.requests.find((request) => request.path === "/api/items")?.body ?? "";
    const files = [...sent.matchAll(/name="image"; filename="(\w)\.png"/g)].map((m) => m[1]);
    expect(files).toEqual(["c", "b"]);
    for (const [name, value] of [
      ["category", "camera"],
      ["condition", "like_new"],
      ["tradeMethod", "meetup"],
      ["tradeArea", "합정역"],
      ["buyNowPrice", "450000"],
    ]) {
      expect(sent).toContain(`name="${name}"\r\n\r\n${value}\r\n`);
    }
  });
});
