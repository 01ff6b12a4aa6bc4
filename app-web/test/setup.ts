import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";

// jsdom has no object URLs; the sell form only needs a string to show its preview
if (typeof window !== "undefined" && typeof URL.createObjectURL !== "function") {
  let next = 0;
  URL.createObjectURL = () => `blob:test/${++next}`;
  URL.revokeObjectURL = () => {};
}

afterEach(() => {
  if (typeof window !== "undefined") cleanup();
});
