import { expect } from "vitest";
import type * as z from "zod/mini";
import { expectContractShape } from "./client.js";

export interface ServerSentEvent {
  event: string;
  data: Record<string, unknown>;
}

/**
 * Reads an SSE stream with fetch; every event is checked against its contract schema. `next`
 * resolves with the next event, or undefined when none arrives within `timeoutMs`.
 */
export async function openEventStream(
  url: string,
  schemas: Record<string, z.core.$ZodType>,
  headers: Record<string, string> = {},
) {
  const controller = new AbortController();
  const response = await fetch(url, { signal: controller.signal, headers });
  const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader();
  if (!reader) throw new Error("no body");
  let buffer = "";
  const seen: ServerSentEvent[] = [];
  let pending: ReturnType<typeof reader.read> | undefined;
  const next = async (timeoutMs = 5000): Promise<ServerSentEvent | undefined> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const boundary = buffer.indexOf("\n\n");
      if (boundary >= 0) {
        const block = buffer.slice(0, boundary);
        buffer = buffer.slice(boundary + 2);
        const event = /^event: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (!event || !data) continue;
        const payload = JSON.parse(data);
        expect(Object.keys(schemas)).toContain(event);
        expectContractShape(schemas[event], payload);
        const parsed = { event, data: payload };
        seen.push(parsed);
        return parsed;
      }
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      pending ??= reader.read();
      const result = await Promise.race([
        pending,
        new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), left)),
      ]);
      if (result === "timeout") return undefined;
      pending = undefined;
      if (result.done) return undefined;
      buffer += result.value;
    }
  };
  /** The first event with this name not yet taken (skipped ones stay in `seen`). */
  const taken = new Set<ServerSentEvent>();
  const nextOf = async (name: string, timeoutMs = 5000) => {
    const earlier = seen.find((event) => event.event === name && !taken.has(event));
    if (earlier) {
      taken.add(earlier);
      return earlier;
    }
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const event = await next(Math.max(1, deadline - Date.now()));
      if (!event) return undefined;
      if (event.event === name) {
        taken.add(event);
        return event;
      }
    }
  };
  return {
    status: response.status,
    next,
    nextOf,
    seen,
    close: () => controller.abort(),
  };
}
