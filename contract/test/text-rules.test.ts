import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import {
  emptyOrVisiblePattern,
  multiLinePattern,
  newItemFieldsSchema,
  nicknameKey,
  nicknameSchema,
  signupBodySchema,
  singleLinePattern,
  visiblePattern,
} from "../src/index.js";

const item = (fields: { title?: string; description?: string }) =>
  z.safeParse(newItemFieldsSchema, {
    title: fields.title ?? "빈티지 카메라",
    description: fields.description ?? "",
    startPrice: "1000",
    endsAt: "2030-01-01T00:00:00.000Z",
  });

const nickname = (value: string) => z.safeParse(nicknameSchema, value);

// What a person types every day: these must always pass.
const ordinary = [
  "민지",
  "쓱Bay 판매자",
  "Minji Kim",
  "👨‍👩‍👧 가족",
  "❤️",
  "🇰🇷",
  "café",
  "O'Neil-2",
  "한글 ㅋㅋㅋ",
];

// What an attacker types to pose as someone, hide text or break a terminal.
const hostile = {
  "right-to-left override": "gnp\u202Eexe.jpg",
  "left-to-right embedding": "민지\u202A",
  "pop directional formatting": "\u202C민지",
  "first strong isolate": "\u2068민지\u2069",
  "right-to-left mark": "민지\u200F",
  "arabic letter mark": "민지\u061C",
  NUL: "민지\u0000",
  "ANSI escape": "\u001B[31m민지\u001B[0m",
  "C1 control (CSI)": "민지\u009B",
  DEL: "민지\u007F",
  "line feed": "민\n지",
  "line separator": "민\u2028지",
};

const invisibleOnly = {
  "zero-width space": "\u200B",
  "zero-width joiner and non-joiner": "\u200D\u200C",
  "word joiner": "\u2060\u2060",
  "byte-order mark": "\uFEFF",
  "hangul filler": "\u3164",
  "hangul choseong filler": "\u115F\u1160",
  "braille blank": "\u2800",
  "soft hyphen": "\u00AD",
  "ideographic space": "\u3000",
  "no-break spaces": "\u00A0\u202F",
};

describe("nicknames and titles", () => {
  it.each(ordinary)("accept ordinary text: %s", (text) => {
    expect(nickname(text).success).toBe(true);
    expect(item({ title: text }).success).toBe(true);
  });

  it.each(Object.entries(hostile))("refuse a %s", (_name, text) => {
    expect(nickname(text).success).toBe(false);
    expect(item({ title: text }).success).toBe(false);
  });

  it.each(Object.entries(invisibleOnly))("refuse text made only of %s", (_name, text) => {
    expect(nickname(text).success).toBe(false);
    expect(item({ title: text }).success).toBe(false);
  });

  it("refuse white space only", () => {
    expect(nickname("   ").success).toBe(false);
    expect(item({ title: " \t " }).success).toBe(false);
  });

  it("store a nickname in NFKC form, so what is shown is what is compared", () => {
    expect(nickname(" Ｍｉｎｊｉ ").data).toBe("Minji");
  });
});

describe("descriptions", () => {
  it("keep line breaks and tabs", () => {
    const text = "상태 좋아요.\r\n\t- 박스 있음\n- 직거래 👍";
    expect(item({ description: text }).data?.description).toBe(text);
  });

  it("may be empty", () => {
    expect(item({ description: "" }).success).toBe(true);
  });

  it.each(
    Object.entries(hostile).filter(([name]) => name !== "line feed" && name !== "line separator"),
  )("refuse a %s", (_name, text) => {
    expect(item({ description: text }).success).toBe(false);
  });

  it("refuse invisible-only text", () => {
    expect(item({ description: "\u200B\u200B" }).success).toBe(false);
    expect(item({ description: " \n\t " }).success).toBe(false);
  });
});

describe("the patterns", () => {
  it("are plain \\x and \\u ranges that other regex dialects read the same way", () => {
    for (const pattern of [
      singleLinePattern,
      multiLinePattern,
      visiblePattern,
      emptyOrVisiblePattern,
    ]) {
      expect(pattern.flags).toBe("");
      expect(pattern.source).not.toMatch(/\\p\{/);
    }
  });
});

describe("nicknameKey", () => {
  it("folds width and case, so look-alikes are one nickname", () => {
    expect(nicknameKey("Minji")).toBe(nicknameKey("MINJI"));
    expect(nicknameKey("Minji")).toBe(nicknameKey("ｍｉｎｊｉ"));
    expect(nicknameKey("STRASSE")).toBe(nicknameKey("straße"));
    expect(nicknameKey("민지")).toBe("민지");
    expect(nicknameKey("민지")).not.toBe(nicknameKey("민수"));
  });
});

describe("signup passwords", () => {
  const body = (username: string, password: string) =>
    z.safeParse(signupBodySchema, { username, password, nickname: "민지", phone: "01012345678" });

  it("are at least 10 characters", () => {
    expect(body("minji", "12345678").success).toBe(false);
    expect(body("minji", "a-9-char!").success).toBe(false);
    expect(body("minji", "ten-chars!").success).toBe(true);
  });

  it("do not contain the username, in any case", () => {
    const equal = body("minji_kim", "minji_kim1");
    expect(equal.success).toBe(false);
    expect(equal.error?.issues.map((issue) => issue.path.join("."))).toEqual(["password"]);
    expect(body("minji_kim", "MyMINJI_KIM-pass").success).toBe(false);
  });
});
