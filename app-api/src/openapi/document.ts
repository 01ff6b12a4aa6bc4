import {
  type ErrorCode,
  errorBodySchema,
  type RouteDefinition,
  type RouteName,
  routes,
  serverErrorCodes,
  statusByErrorCode,
} from "@ssgbay/contract";
import { type RouteDoc, routeDocs, schemaDocs } from "@ssgbay/contract/docs";
import { z } from "zod";
import { ACCESS_COOKIE } from "../auth/cookies.js";

type JsonSchema = z.core.JSONSchema.BaseSchema;
type Io = "input" | "output";

/** Keeps the generated JSON Schema as readable as the contract, and as strict: see each rule below. */
function tidy(io: Io) {
  return (ctx: { zodSchema: z.core.$ZodTypes; jsonSchema: JsonSchema }) => {
    const { zodSchema, jsonSchema } = ctx;
    // In an answer, `format: date-time` says it and the regex zod checks it with is noise; in a
    // request the regex stays, as it is stricter than RFC 3339 (no lowercase `t`, no leap second).
    if (io === "output" && jsonSchema.format === "date-time") delete jsonSchema.pattern;
    // zod strips unknown keys of a plain object's output, but an answer may gain fields:
    // only strict objects (request bodies, parameters) refuse extra properties.
    const def = zodSchema._zod.def;
    if (io === "output" && def.type === "object" && def.catchall === undefined) {
      delete jsonSchema.additionalProperties;
    }
    // Every integer is a safe integer; only bounds of the contract's own are worth showing.
    if (
      jsonSchema.minimum === Number.MIN_SAFE_INTEGER &&
      jsonSchema.maximum === Number.MAX_SAFE_INTEGER
    ) {
      delete jsonSchema.minimum;
      delete jsonSchema.maximum;
    }
    // zod leaves out the default of text parsed into a number (`page`); a reader wants it.
    if (def.type === "default" && jsonSchema.default === undefined) {
      // …as it is written in the request: text when the parameter is text.
      const value = def.defaultValue;
      jsonSchema.default = jsonSchema.type === "string" ? String(value) : value;
    }
    if (io === "input") describeInvisibleRules(zodSchema, jsonSchema);
  };
}

/**
 * JSON Schema cannot carry a refine (custom check) or a regex flag other than `u`: a request
 * rule written so is named in the description, so that a reader still learns of it. Rules on text
 * belong in `z.regex` checks (ECMA-262 without flags), which appear as `pattern`.
 */
function describeInvisibleRules(zodSchema: z.core.$ZodTypes, jsonSchema: JsonSchema) {
  const rules: string[] = [];
  for (const check of zodSchema._zod.def.checks ?? []) {
    const checkDef = check._zod.def;
    if (checkDef.check === "custom") rules.push(ruleMessage(checkDef.error) ?? "a custom rule");
    if (checkDef.check === "string_format" && "pattern" in checkDef) {
      const pattern = checkDef.pattern;
      if (pattern instanceof RegExp && pattern.flags.replace("u", "") !== "") {
        throw new Error(`/${pattern.source}/${pattern.flags}: a pattern cannot carry these flags`);
      }
    }
  }
  if (rules.length === 0) return;
  const also = `Also checked by the server: ${rules.join("; ")}.`;
  jsonSchema.description = jsonSchema.description ? `${jsonSchema.description} ${also}` : also;
}

function ruleMessage(error: unknown): string | undefined {
  if (typeof error !== "function") return undefined;
  const message: unknown = error({});
  if (typeof message === "string") return message;
  return typeof message === "object" && message !== null && "message" in message
    ? String(message.message)
    : undefined;
}

/** Converts zod schemas to JSON Schema, collecting every schema with an `id` as a component. */
export class SchemaConverter {
  readonly components: Record<string, JsonSchema> = {};

  convert(schema: z.core.$ZodType, io: Io): JsonSchema {
    const generated = z.toJSONSchema(schema, {
      target: "draft-2020-12",
      io,
      metadata: schemaDocs,
      unrepresentable: "any",
      override: tidy(io),
    });
    const { $schema: _dialect, $defs, ...root } = generated;
    for (const [id, component] of Object.entries($defs ?? {})) {
      const json = toComponentRefs(component);
      const known = this.components[id];
      if (known && JSON.stringify(known) !== JSON.stringify(json)) {
        throw new Error(`two different schemas are named ${id}`);
      }
      this.components[id] = json;
    }
    return toComponentRefs(root);
  }

  /** The component a `$ref` points at, for the few that need a property zod cannot express. */
  component(ref: JsonSchema): JsonSchema {
    const id = ref.$ref?.replace("#/components/schemas/", "");
    const component = id === undefined ? undefined : this.components[id];
    if (!component) throw new Error(`no component behind ${JSON.stringify(ref)}`);
    return component;
  }
}

function toComponentRefs<T>(json: T): T {
  return JSON.parse(JSON.stringify(json).replaceAll('"#/$defs/', '"#/components/schemas/'));
}

function parameters(converter: SchemaConverter, route: RouteDefinition) {
  const parts = [
    ["path", route.params],
    ["query", route.query],
  ] as const;
  return parts.flatMap(([location, schema]) => {
    if (!schema) return [];
    const object = converter.convert(schema, "input");
    const required = new Set(object.required ?? []);
    return Object.entries(object.properties ?? {}).map(([name, property]) => ({
      name,
      in: location,
      required: location === "path" || required.has(name),
      schema: property,
    }));
  });
}

function requestBody(converter: SchemaConverter, route: RouteDefinition, doc: RouteDoc) {
  if (route.body) {
    const schema = converter.convert(route.body, "input");
    return { required: true, content: { "application/json": { schema } } };
  }
  if (route.form) {
    const schema = converter.convert(route.form.fields, "input");
    const form = schema.$ref ? converter.component(schema) : schema;
    const file = route.form.file;
    const description = doc.fileDescription;
    const binary = { type: "string", format: "binary" } as const;
    const maxFiles = route.form.maxFiles ?? 1;
    form.properties = {
      ...form.properties,
      // a part sent several times, in order: an array in multipart/form-data
      [file]:
        maxFiles > 1
          ? { type: "array", items: binary, minItems: 1, maxItems: maxFiles, description }
          : { ...binary, description },
    };
    form.required = [...(form.required ?? []), file];
    return { required: true, content: { "multipart/form-data": { schema } } };
  }
  return undefined;
}

function successResponse(converter: SchemaConverter, route: RouteDefinition, doc: RouteDoc) {
  const { schema, contentType = "application/json", events } = route.response;
  const description = doc.description ?? "Success";
  if (route.response.status === 204) return { description };
  const body: JsonSchema = events
    ? eventStreamSchema(converter, events)
    : schema
      ? converter.convert(schema, "output")
      : contentType.startsWith("image/")
        ? { type: "string", format: "binary" }
        : { type: "string" };
  return { description, content: { [contentType]: { schema: body } } };
}

/**
 * One event of a Server-Sent Events stream, as OpenAPI 3.1 tools (schemathesis among them) read a
 * `text/event-stream` schema: an object of the event's fields, `data` being the JSON text of the
 * event's payload schema. Comment lines (heartbeats) and the `retry` hint carry no event.
 */
function eventStreamSchema(
  converter: SchemaConverter,
  events: Record<string, z.core.$ZodType>,
): JsonSchema {
  return {
    description:
      "Each event of the stream: `event` is its name, `data` one line of JSON of its payload.",
    oneOf: Object.entries(events).map(([name, payload]) => ({
      type: "object",
      required: ["event", "data"],
      properties: {
        event: { const: name },
        data: {
          type: "string",
          contentMediaType: "application/json",
          contentSchema: converter.convert(payload, "output"),
        },
      },
    })),
  };
}

function errorResponses(converter: SchemaConverter, route: RouteDefinition) {
  const codes: ErrorCode[] = [...route.errors, ...serverErrorCodes];
  const schema = converter.convert(errorBodySchema, "output");
  const statuses = [...new Set(codes.map((code) => statusByErrorCode[code]))].sort();
  return Object.fromEntries(
    statuses.map((status) => [
      String(status),
      {
        description: codes.filter((code) => statusByErrorCode[code] === status).join(", "),
        content: { "application/json": { schema } },
      },
    ]),
  );
}

/** The OpenAPI 3.1 document of the contract's route table, from the schemas that validate requests. */
export function buildOpenApiDocument() {
  const converter = new SchemaConverter();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [name, route] of Object.entries(routes) as [RouteName, RouteDefinition][]) {
    const doc = routeDocs[name];
    const params = parameters(converter, route);
    const body = requestBody(converter, route, doc);
    const operations = paths[route.path] ?? {};
    paths[route.path] = operations;
    operations[route.method.toLowerCase()] = {
      operationId: name,
      summary: doc.summary,
      tags: [route.tag],
      ...(route.auth ? { security: [{ bearer: [] }, { cookie: [] }] } : {}),
      ...(params.length > 0 ? { parameters: params } : {}),
      ...(body ? { requestBody: body } : {}),
      responses: {
        [String(route.response.status)]: successResponse(converter, route, doc),
        ...errorResponses(converter, route),
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "SSGBay API",
      version: "1.0.0",
      description: "The peer-to-peer auction API. Money is integer won; times are UTC ISO-8601.",
    },
    servers: [{ url: "/" }],
    paths,
    components: {
      schemas: converter.components,
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
        cookie: { type: "apiKey", in: "cookie", name: ACCESS_COOKIE },
      },
    },
  };
}
