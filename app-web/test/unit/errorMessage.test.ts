import { describe, expect, it } from "vitest";
import { ApiCallError, callErrorFromResponse } from "../../src/api/errors";
import { loadCatalog, translator } from "../../src/i18n/i18n";
import { ko } from "../../src/i18n/ko";
import { errorMessage } from "../../src/lib/errorMessage";

const t = translator(ko);
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

describe("error messages are chosen by error.code", () => {
  it("maps every contract code to its own sentence", async () => {
    const codes = [
      "VALIDATION_FAILED",
      "UNAUTHENTICATED",
      "INVALID_CREDENTIALS",
      "FORBIDDEN",
      "OWN_ITEM",
      "NOT_FOUND",
      "METHOD_NOT_ALLOWED",
      "USERNAME_TAKEN",
      "AUCTION_CLOSED",
      "HAS_BIDS",
      "PAYLOAD_TOO_LARGE",
      "UNSUPPORTED_MEDIA_TYPE",
      "RATE_LIMITED",
      "INTERNAL",
      "UNAVAILABLE",
    ] as const;
    const seen = new Set<string>();
    for (const code of codes) {
      const error = await callErrorFromResponse(
        json(400, { error: { code, message: "server text {x}" } }),
      );
      const message = errorMessage(error, t, "ko-KR");
      expect(message).toBe(ko[`error.${code}`]);
      seen.add(message);
    }
    expect(seen.size).toBe(codes.length);
  });

  it("says how much to bid for BID_TOO_LOW", async () => {
    const error = await callErrorFromResponse(
      json(409, { error: { code: "BID_TOO_LOW", message: "low", details: { minNextBid: 12300 } } }),
    );
    expect(errorMessage(error, t, "ko-KR")).toBe(
      "입찰 금액이 너무 낮아요. 12,300원 이상 입찰해 주세요.",
    );
    const en = translator(await loadCatalog("en"));
    expect(errorMessage(error, en, "en-US")).toBe("Your bid is too low. Bid at least ₩12,300.");
  });

  it("never shows raw bodies: unknown shapes fall back to a sentence by status", async () => {
    const html = new Response("<html>Bad gateway</html>", { status: 502 });
    const error = await callErrorFromResponse(html);
    expect(error.code).toBe("UNAVAILABLE");
    expect(errorMessage(error, t, "ko-KR")).toBe(ko["error.UNAVAILABLE"]);
    const odd = await callErrorFromResponse(
      json(500, { error: { code: "SOMETHING_NEW", message: "{}" } }),
    );
    expect(errorMessage(odd, t, "ko-KR")).toBe(ko["error.INTERNAL"]);
    expect(errorMessage(new TypeError("boom"), t, "ko-KR")).toBe(ko["error.INTERNAL"]);
  });

  it("reads per-field problems from VALIDATION_FAILED details", () => {
    const error = new ApiCallError("VALIDATION_FAILED", "bad", {
      status: 400,
      details: [
        { field: "body.startPrice", message: "must be an integer" },
        { field: "title", message: "too long" },
        { field: "body.endsAt", message: "must be ahead" },
        { field: "body.endsAt", message: "a second problem with the same field" },
      ],
    });
    expect(error.fieldErrors()).toEqual({
      startPrice: "must be an integer",
      title: "too long",
      endsAt: "must be ahead",
    });
  });
});
