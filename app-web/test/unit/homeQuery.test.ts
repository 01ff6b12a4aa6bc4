import { limits } from "@ssgbay/contract";
import { describe, expect, it } from "vitest";
import { homeItemQuery, homeListingKey, homeQuery } from "../../src/pages/homeQuery";

const read = (search: string) => homeQuery(new URLSearchParams(search));

describe("home query", () => {
  it("reads the defaults from a bare URL", () => {
    expect(read("")).toEqual({
      q: "",
      sort: "latest",
      status: "open",
      category: undefined,
      page: 1,
    });
  });

  it("reads every filter the URL names", () => {
    expect(read("?q=%20camera%20&sort=ending&status=closed&category=digital&page=3")).toEqual({
      q: "camera",
      sort: "ending",
      status: "closed",
      category: "digital",
      page: 3,
    });
  });

  it("falls back to the defaults for values it does not know", () => {
    expect(read("?sort=cheapest&status=maybe&category=cars&page=abc")).toEqual(read(""));
    expect(read("?page=0").page).toBe(1);
    expect(read("?page=-4").page).toBe(1);
  });

  it("names each listing by its own key, equal for URLs that list the same", () => {
    expect(homeListingKey(read("?sort=latest&page=1"))).toBe(homeListingKey(read("")));
    expect(homeListingKey(read("?page=2"))).not.toBe(homeListingKey(read("")));
    expect(homeListingKey(read("?q=a"))).not.toBe(homeListingKey(read("?q=b")));
    expect(homeListingKey(read("?category=digital"))).not.toBe(homeListingKey(read("")));
  });

  it("asks for the default page size", () => {
    expect(homeItemQuery(read("?page=2"))).toMatchObject({
      page: 2,
      pageSize: limits.pageSizeDefault,
    });
  });
});
