import {
  integerRangePattern,
  itemEventSchemas,
  limits,
  listItemsQuerySchema,
  newItemFieldsSchema,
  signupBodySchema,
} from "@ssgbay/contract";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { buildOpenApiDocument, SchemaConverter } from "../src/openapi/document.js";
import { useTestApi } from "./support/api.js";

// Each finding of the fuzzer (e2e/api-fuzz) gets a cheap check here: the document states the rule
// the server applies, so that what one accepts the other accepts.

interface StringSchema {
  type?: string;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  allOf?: { pattern?: string }[];
  enum?: string[];
}

const document = buildOpenApiDocument();
const components = document.components.schemas as Record<
  string,
  { properties: Record<string, StringSchema> }
>;

function component(name: string) {
  const schema = components[name];
  if (!schema) throw new Error(`no component ${name}`);
  return schema;
}

function queryParameter(path: string, name: string): StringSchema {
  const operation = document.paths[path]?.get as {
    parameters: { name: string; schema: StringSchema }[];
  };
  const parameter = operation.parameters.find((candidate) => candidate.name === name);
  if (!parameter) throw new Error(`no parameter ${name} on ${path}`);
  return parameter.schema;
}

/** Whether a JSON Schema string rule accepts the text (lengths count code points, as JSON Schema does). */
function documentAccepts(schema: StringSchema, text: string): boolean {
  const length = [...text].length;
  if (schema.minLength !== undefined && length < schema.minLength) return false;
  if (schema.maxLength !== undefined && length > schema.maxLength) return false;
  if (schema.enum && !schema.enum.includes(text)) return false;
  const patterns = [schema.pattern, ...(schema.allOf ?? []).map((part) => part.pattern)];
  return patterns.every((pattern) => pattern === undefined || new RegExp(pattern, "u").test(text));
}

function serverAccepts(schema: z.core.$ZodType, text: string): boolean {
  return z.safeParse(schema, text).success;
}

/** Each probe for which the document and the validating schema disagree. */
function disagreements(documented: StringSchema, validating: z.core.$ZodType, probes: string[]) {
  return probes
    .filter((text) => documentAccepts(documented, text) !== serverAccepts(validating, text))
    .map((text) => ({
      text: JSON.stringify(text),
      document: documentAccepts(documented, text),
      server: serverAccepts(validating, text),
    }));
}

const numberProbes = [
  ...Array.from({ length: 1201 }, (_, n) => String(n)),
  ...["", " ", "00", "01", "001", "-1", "+1", "1.0", "1e1", " 1", "1 ", "0x1", "abc", "１"],
  ...["99999", "999999", "1000000", "9999999", "99999999999"],
];

const textProbes = (maxLength: number) => [
  "",
  " ",
  "   ",
  "\t",
  "\n",
  "\u00a0",
  "\u3000",
  "\ufeff",
  "a",
  " a ",
  "\ta",
  "a\u0004b",
  "a\u0000",
  "\u001b[31mred",
  "a\u0085b",
  "a\u009fb",
  "민지",
  "쓱Bay 카메라",
  "👨‍👩‍👧",
  "a".repeat(maxLength),
  "a".repeat(maxLength + 1),
  ` ${"a".repeat(maxLength)}`,
  `${"가".repeat(maxLength - 1)} `,
  // characters outside the BMP count one each, for zod as for JSON Schema
  "😀".repeat(Math.min(maxLength, 200)),
  "😀".repeat(maxLength),
  "😀".repeat(maxLength + 1),
];

describe("the OpenAPI document states the rules the server validates with", () => {
  it("page and pageSize: the digit patterns accept exactly the values the server accepts (page=0 was allowed)", () => {
    const page = queryParameter("/api/items", "page");
    const pageSize = queryParameter("/api/items", "pageSize");
    expect(documentAccepts(page, "0")).toBe(false);
    expect(documentAccepts(pageSize, "0")).toBe(false);
    expect(disagreements(page, listItemsQuerySchema.shape.page, numberProbes)).toEqual([]);
    expect(disagreements(pageSize, listItemsQuerySchema.shape.pageSize, numberProbes)).toEqual([]);
    expect(pageSize.pattern).toBe("^(?:[1-9]|[1-5][0-9]|60)$");
    // the defaults as the query string writes them
    expect(page).toMatchObject({ type: "string", default: "1" });
    expect(pageSize).toMatchObject({ type: "string", default: String(limits.pageSizeDefault) });
  });

  it("startPrice: its pattern is the range the server accepts", () => {
    const startPrice = component("NewItemForm").properties.startPrice as StringSchema;
    const probes = [
      ...numberProbes,
      ...["999999999", "1000000000", "1000000001", "0100", "0000000100"],
    ];
    expect(disagreements(startPrice, newItemFieldsSchema.shape.startPrice, probes)).toEqual([]);
  });

  it("nickname, title, description and q: control characters, blank text and lengths agree (the control-character rule was missing)", () => {
    const fields: [string, StringSchema, z.core.$ZodType, number][] = [
      [
        "nickname",
        component("SignupRequest").properties.nickname as StringSchema,
        signupBodySchema.shape.nickname,
        limits.nicknameMaxLength,
      ],
      [
        "title",
        component("NewItemForm").properties.title as StringSchema,
        newItemFieldsSchema.shape.title,
        limits.titleMaxLength,
      ],
      [
        "description",
        component("NewItemForm").properties.description as StringSchema,
        newItemFieldsSchema.shape.description,
        limits.descriptionMaxLength,
      ],
      [
        "q",
        queryParameter("/api/items", "q"),
        listItemsQuerySchema.shape.q,
        limits.searchMaxLength,
      ],
    ];
    for (const [name, documented, validating, maxLength] of fields) {
      expect(disagreements(documented, validating, textProbes(maxLength)), name).toEqual([]);
    }
    const nickname = component("SignupRequest").properties.nickname as StringSchema;
    expect(documentAccepts(nickname, "a\u0004b")).toBe(false);
  });

  it("a rule JSON Schema cannot state is named in the description; a regex flag it cannot carry fails", () => {
    const converter = new SchemaConverter();
    const withRefine = z.string().refine((value) => value !== "admin", "must not be admin");
    expect(converter.convert(withRefine, "input").description).toBe(
      "Also checked by the server: must not be admin.",
    );
    expect(() => converter.convert(z.string().regex(/^abc$/i), "input")).toThrow(/flags/);
    expect(converter.convert(z.string().regex(/^\p{L}+$/u), "input").pattern).toBe("^\\p{L}+$");
  });

  it("integerRangePattern matches exactly the decimal integers of its range", () => {
    const ranges: [number, number][] = [
      [0, 0],
      [1, 1],
      [1, 9],
      [0, 10],
      [1, 60],
      [5, 120],
      [37, 4321],
      [99, 101],
      [100, 1_000_000_000],
      [1, 999_999],
    ];
    for (const [min, max] of ranges) {
      const pattern = new RegExp(integerRangePattern(min, max));
      const wrong: string[] = [];
      const probes = new Set([
        ...Array.from({ length: 10_001 }, (_, n) => n),
        min - 1,
        min,
        min + 1,
        max - 1,
        max,
        max + 1,
        max * 10,
      ]);
      for (const n of probes) {
        if (n < 0) continue;
        if (pattern.test(String(n)) !== (n >= min && n <= max)) wrong.push(String(n));
        if (pattern.test(`0${n}`)) wrong.push(`0${n}`);
      }
      expect(wrong, `${min}..${max}: ${pattern.source}`).toEqual([]);
    }
  });

  it("the live stream is text/event-stream with one schema per event (it was `type: string`)", () => {
    const operation = document.paths["/api/items/{id}/events"]?.get as {
      responses: Record<string, { content: Record<string, { schema: unknown }> }>;
    };
    const content = operation.responses["200"]?.content;
    expect(Object.keys(content ?? {})).toEqual(["text/event-stream"]);
    const schema = content?.["text/event-stream"]?.schema as {
      oneOf: {
        required: string[];
        properties: {
          event: { const: string };
          data: { type: string; contentMediaType: string; contentSchema: { $ref: string } };
        };
      }[];
    };
    const events = Object.fromEntries(
      schema.oneOf.map((event) => [event.properties.event.const, event.properties.data]),
    );
    expect(Object.keys(events).sort()).toEqual(Object.keys(itemEventSchemas).sort());
    expect(events.price).toEqual({
      type: "string",
      contentMediaType: "application/json",
      contentSchema: { $ref: "#/components/schemas/PriceEvent" },
    });
    expect(events.closed?.contentSchema).toEqual({ $ref: "#/components/schemas/ClosedEvent" });
    for (const event of schema.oneOf) expect(event.required.sort()).toEqual(["data", "event"]);
    expect(components.PriceEvent).toBeDefined();
    expect(components.ClosedEvent).toBeDefined();
  });
});

describe("methods the route table does not declare", () => {
  const ctx = useTestApi();

  it("answer 405 METHOD_NOT_ALLOWED with Allow on a declared path, TRACE included (it was 404)", async () => {
    const app = () => ctx.api.handler;
    const trace = await request(app()).trace("/api/items");
    expect(trace.status).toBe(405);
    expect(trace.headers.allow).toBe("GET, HEAD, POST, OPTIONS");
    expect(trace.body.error.code).toBe("METHOD_NOT_ALLOWED");

    const put = await request(app()).put("/api/items/5").send({});
    expect(put.status).toBe(405);
    expect(put.headers.allow).toBe("GET, HEAD, DELETE, OPTIONS");

    // before authentication: a protected path says which methods exist, not 401
    const patch = await request(app()).patch("/api/me/items");
    expect(patch.status).toBe(405);
    expect(patch.headers.allow).toBe("GET, HEAD, OPTIONS");

    const options = await request(app()).options("/api/auth/login");
    expect(options.status).toBe(204);
    expect(options.headers.allow).toBe("POST, OPTIONS");
  });

  it("leave declared methods alone and unknown paths at 404", async () => {
    const app = () => ctx.api.handler;
    expect((await request(app()).get("/api/items")).status).toBe(200);
    expect((await request(app()).head("/api/items")).status).toBe(200);
    expect((await request(app()).get("/api/items?page=0&pageSize=0")).status).toBe(400);
    const unknown = await request(app()).trace("/api/nothing-here");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("NOT_FOUND");
    expect((await request(app()).get("/api/items/1/nothing")).status).toBe(404);
  });
});
