// @vitest-environment jsdom
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { toLocalInputValue } from "../../src/lib/time";
import { Component as SellPage } from "../../src/pages/SellPage";
import { renderPage } from "../support/renderPage";
import { signedIn, startStubApi } from "../support/stubApiServer";

let stub: Awaited<ReturnType<typeof startStubApi>> | undefined;
afterEach(async () => {
  await stub?.close();
});

const png = () =>
  new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], "bike.png", { type: "image/png" });

async function fillValid(typist: ReturnType<typeof userEvent.setup>) {
  await typist.type(screen.getByLabelText("제목"), "자전거");
  await typist.type(screen.getByLabelText("설명"), "거의 새것");
  await typist.type(screen.getByLabelText("시작가 (원)"), "15000");
  await typist.upload(screen.getByLabelText("사진"), png());
}

describe("sell form", () => {
  it("shows the viewer's time zone and checks every field before sending", async () => {
    stub = await startStubApi({ "GET /api/auth/me": signedIn });
    await renderPage(<SellPage />, { apiUrl: stub.url, route: "/sell", path: "/sell" });
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(screen.getByText(new RegExp(`시간대: ${zone.replace("/", "\\/")}`))).toBeInTheDocument();

    const typist = userEvent.setup();
    const endsAt = screen.getByLabelText("마감 시간");
    await typist.clear(endsAt);
    await typist.type(endsAt, toLocalInputValue(new Date(Date.now() - 60_000)));
    await typist.type(screen.getByLabelText("시작가 (원)"), "99.5");
    await typist.click(screen.getByRole("button", { name: "경매 등록" }));

    expect(screen.getByText("제목은 1~100자로 입력해 주세요.")).toBeInTheDocument();
    expect(
      screen.getByText("시작가는 100원 이상 10억 원 이하의 정수여야 해요."),
    ).toBeInTheDocument();
    expect(screen.getByText("마감 시간은 지금부터 1분 이후여야 해요.")).toBeInTheDocument();
    expect(screen.getByText("사진을 한 장 올려 주세요.")).toBeInTheDocument();
    expect(stub.requests.some((request) => request.path === "/api/items")).toBe(false);
  });

  it("previews the chosen photo", async () => {
    stub = await startStubApi({ "GET /api/auth/me": signedIn });
    await renderPage(<SellPage />, { apiUrl: stub.url, route: "/sell", path: "/sell" });
    await userEvent.setup().upload(screen.getByLabelText("사진"), png());
    expect(await screen.findByAltText("1번째 사진")).toHaveAttribute(
      "src",
      expect.stringMatching(/^data:image\/png;base64,/),
    );
  });

  it("puts the server's field problems next to their fields", async () => {
    stub = await startStubApi({
      "GET /api/auth/me": signedIn,
      "POST /api/items": () => ({
        status: 400,
        body: {
          error: {
            code: "VALIDATION_FAILED",
            message: "invalid",
            details: [{ field: "body.endsAt", message: "must be at most 30 days ahead" }],
          },
        },
      }),
    });
    await renderPage(<SellPage />, { apiUrl: stub.url, route: "/sell", path: "/sell" });
    const typist = userEvent.setup();
    await fillValid(typist);
    await typist.click(screen.getByRole("button", { name: "경매 등록" }));
    expect(await screen.findByText("must be at most 30 days ahead")).toBeInTheDocument();
    expect(screen.getByLabelText("마감 시간")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByRole("alert")).toHaveTextContent("입력한 내용을 다시 확인해 주세요.");
  });

  it("shows a rejected image on the photo field", async () => {
    stub = await startStubApi({
      "GET /api/auth/me": signedIn,
      "POST /api/items": () => ({
        status: 415,
        body: { error: { code: "UNSUPPORTED_MEDIA_TYPE", message: "not an image" } },
      }),
    });
    await renderPage(<SellPage />, { apiUrl: stub.url, route: "/sell", path: "/sell" });
    const typist = userEvent.setup();
    await fillValid(typist);
    await typist.click(screen.getByRole("button", { name: "경매 등록" }));
    expect(
      await screen.findByText("JPEG, PNG, WebP, GIF 사진만 올릴 수 있어요.", {
        selector: ".field-error",
      }),
    ).toBeInTheDocument();
    expect(screen.getByLabelText("사진")).toHaveAttribute("aria-invalid", "true");
  });

  it("sends a multipart listing and opens the new item", async () => {
    const created = {
      id: 42,
      title: "자전거",
      imageUrl: "/api/images/k",
      startPrice: 15000,
      currentPrice: 15000,
      bidCount: 0,
      endsAt: new Date(Date.now() + 86_400_000).toISOString(),
      status: "open",
      seller: { id: 7, nickname: "민지" },
      description: "거의 새것",
      startsAt: new Date().toISOString(),
      minNextBid: 15000,
      winner: null,
      finalPrice: null,
      bids: [],
      category: "etc",
      condition: "used",
      tradeMethod: "delivery",
      tradeArea: null,
      buyNowPrice: null,
      images: ["/api/images/k"],
      watchCount: 0,
    };
    stub = await startStubApi({
      "GET /api/auth/me": signedIn,
      "POST /api/items": () => ({ status: 201, body: { item: created } }),
    });
    await renderPage(<SellPage />, { apiUrl: stub.url, route: "/sell", path: "/sell" });
    const typist = userEvent.setup();
    await fillValid(typist);
    await typist.click(screen.getByRole("button", { name: "경매 등록" }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/items/42"));
    const sent = stub.requests.find((request) => request.path === "/api/items")?.body ?? "";
    expect(sent).toContain('name="title"');
    expect(sent).toContain("15000");
    expect(sent).toMatch(/name="endsAt"\r\n\r\n\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000Z/);
    expect(sent).toMatch(/name="image"; filename="bike.png"/);
  });
});
