// @vitest-environment jsdom
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { Component as LoginPage } from "../../src/pages/LoginPage";
import { renderPage } from "../support/renderPage";
import { signedOut, startStubApi, user } from "../support/stubApiServer";

let stub: Awaited<ReturnType<typeof startStubApi>> | undefined;
afterEach(async () => {
  await stub?.close();
});

describe("log in form", () => {
  it("shows the server's verdict as a sentence, not JSON", async () => {
    stub = await startStubApi({
      "GET /api/auth/me": signedOut,
      "POST /api/auth/login": () => ({
        status: 401,
        body: { error: { code: "INVALID_CREDENTIALS", message: "invalid username or password" } },
      }),
    });
    await renderPage(<LoginPage />, { apiUrl: stub.url, route: "/login", path: "/login" });
    const typist = userEvent.setup();
    await typist.type(screen.getByLabelText("아이디"), "minji");
    await typist.type(screen.getByLabelText("비밀번호"), "wrong-password");
    await typist.keyboard("{Enter}");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "아이디 또는 비밀번호가 올바르지 않아요.",
    );
    expect(document.body.textContent).not.toContain("INVALID_CREDENTIALS");
  });

  it("requires both fields before asking the server", async () => {
    stub = await startStubApi({ "GET /api/auth/me": signedOut });
    await renderPage(<LoginPage />, { apiUrl: stub.url, route: "/login", path: "/login" });
    await userEvent.setup().click(screen.getByRole("button", { name: "로그인" }));
    expect(screen.getAllByText("필수 항목이에요.")).toHaveLength(2);
    expect(stub.requests.some((request) => request.path === "/api/auth/login")).toBe(false);
  });

  it("goes back to the page that asked for a login, but never off-site", async () => {
    stub = await startStubApi({
      "GET /api/auth/me": signedOut,
      "POST /api/auth/login": () => ({ status: 200, body: { user } }),
    });
    await renderPage(<LoginPage />, {
      apiUrl: stub.url,
      route: "/login",
      path: "/login?next=%2F%2Fevil.example%2F",
    });
    const typist = userEvent.setup();
    await typist.type(screen.getByLabelText("아이디"), "minji");
    await typist.type(screen.getByLabelText("비밀번호"), "password123");
    await typist.keyboard("{Enter}");
    await waitFor(() => expect(screen.getByTestId("location").textContent).toBe("/"));
  });

  it("returns to the page given in next", async () => {
    stub = await startStubApi({
      "GET /api/auth/me": signedOut,
      "POST /api/auth/login": () => ({ status: 200, body: { user } }),
    });
    await renderPage(<LoginPage />, {
      apiUrl: stub.url,
      route: "/login",
      path: "/login?next=%2Fitems%2F12",
    });
    const typist = userEvent.setup();
    await typist.type(screen.getByLabelText("아이디"), "minji");
    await typist.type(screen.getByLabelText("비밀번호"), "password123");
    await typist.keyboard("{Enter}");
    await waitFor(() => expect(screen.getByTestId("location").textContent).toBe("/items/12"));
  });
});
