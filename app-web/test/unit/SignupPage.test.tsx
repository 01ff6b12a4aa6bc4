// @vitest-environment jsdom
import { passwordRuleMessages } from "@ssgbay/contract";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { Component as SignupPage } from "../../src/pages/SignupPage";
import { renderPage } from "../support/renderPage";
import { signedOut, startStubApi, user } from "../support/stubApiServer";

let stub: Awaited<ReturnType<typeof startStubApi>> | undefined;
afterEach(async () => {
  await stub?.close();
});

async function fill(values: Record<string, string>) {
  const typist = userEvent.setup();
  const labels: Record<string, RegExp> = {
    username: /^아이디/,
    password: /^비밀번호$/,
    passwordConfirm: /^비밀번호 확인/,
    nickname: /^닉네임/,
    phone: /^휴대폰 번호/,
  };
  for (const [name, value] of Object.entries(values)) {
    const label = labels[name];
    if (!label) throw new Error(`no field ${name}`);
    await typist.type(screen.getByLabelText(label), value);
  }
  await typist.click(screen.getByRole("button", { name: "가입하기" }));
}

describe("sign up form", () => {
  it("shows each broken rule next to its field and sends nothing", async () => {
    stub = await startStubApi({ "GET /api/auth/me": signedOut });
    await renderPage(<SignupPage />, { apiUrl: stub.url, route: "/signup", path: "/signup" });
    await fill({
      username: "No",
      password: "short",
      passwordConfirm: "shorter",
      nickname: " ",
      phone: "1234",
    });

    expect(screen.getByLabelText(/^아이디/)).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText(/^아이디/)).toHaveAccessibleDescription(
      expect.stringContaining("아이디는 영문 소문자, 숫자, 밑줄(_)로 3~30자여야 해요."),
    );
    expect(screen.getByText("비밀번호는 10~128자여야 해요.")).toBeInTheDocument();
    expect(screen.getByText("비밀번호가 일치하지 않아요.")).toBeInTheDocument();
    expect(screen.getByText("닉네임은 1~30자로 입력해 주세요.")).toBeInTheDocument();
    expect(
      screen.getByText("휴대폰 번호를 010-1234-5678 형식으로 입력해 주세요."),
    ).toBeInTheDocument();
    expect(stub.requests.filter((request) => request.path === "/api/auth/signup")).toHaveLength(0);
  });

  it("puts a taken username on the username field", async () => {
    stub = await startStubApi({
      "GET /api/auth/me": signedOut,
      "POST /api/auth/signup": () => ({
        status: 409,
        body: { error: { code: "USERNAME_TAKEN", message: "taken" } },
      }),
    });
    await renderPage(<SignupPage />, { apiUrl: stub.url, route: "/signup", path: "/signup" });
    await fill({
      username: "minji",
      password: "sunny-bicycle-42",
      passwordConfirm: "sunny-bicycle-42",
      nickname: "민지",
      phone: "010-1234-5678",
    });
    expect(await screen.findByText("이미 사용 중인 아이디예요.")).toBeInTheDocument();
    expect(screen.getByLabelText(/^아이디/)).toHaveAttribute("aria-invalid", "true");
  });

  it("puts a taken nickname on the nickname field", async () => {
    stub = await startStubApi({
      "GET /api/auth/me": signedOut,
      "POST /api/auth/signup": () => ({
        status: 409,
        body: {
          error: {
            code: "NICKNAME_TAKEN",
            message: "taken",
            details: [{ field: "body.nickname", message: "is already taken" }],
          },
        },
      }),
    });
    await renderPage(<SignupPage />, { apiUrl: stub.url, route: "/signup", path: "/signup" });
    await fill({
      username: "minji2",
      password: "sunny-bicycle-42",
      passwordConfirm: "sunny-bicycle-42",
      nickname: "민지",
      phone: "010-1234-5678",
    });
    expect(await screen.findByText("이미 있는 닉네임이에요.")).toBeInTheDocument();
    expect(screen.getByLabelText(/^닉네임/)).toHaveAttribute("aria-invalid", "true");
  });

  it("says the server's common-password rule in the UI's words, on the password field", async () => {
    stub = await startStubApi({
      "GET /api/auth/me": signedOut,
      "POST /api/auth/signup": () => ({
        status: 400,
        body: {
          error: {
            code: "VALIDATION_FAILED",
            message: "The request is not valid.",
            details: [{ field: "body.password", message: passwordRuleMessages.common }],
          },
        },
      }),
    });
    await renderPage(<SignupPage />, { apiUrl: stub.url, route: "/signup", path: "/signup" });
    await fill({
      username: "minji",
      password: "1q2w3e4r5t",
      passwordConfirm: "1q2w3e4r5t",
      nickname: "민지",
      phone: "010-1234-5678",
    });
    expect(await screen.findByText("너무 흔한 비밀번호예요.")).toBeInTheDocument();
    expect(screen.getByLabelText(/^비밀번호$/)).toHaveAttribute("aria-invalid", "true");
  });

  it("signs up with the normalised values and returns to where the visitor came from", async () => {
    stub = await startStubApi({
      "GET /api/auth/me": signedOut,
      "POST /api/auth/signup": () => ({
        status: 201,
        body: { user, accessToken: "jwt", expiresAt: "2026-11-22T10:15:00.000Z" },
      }),
    });
    await renderPage(<SignupPage />, {
      apiUrl: stub.url,
      route: "/signup",
      path: "/signup?next=%2Fsell",
    });
    await fill({
      username: "minji",
      password: "sunny-bicycle-42",
      passwordConfirm: "sunny-bicycle-42",
      nickname: " 민지 ",
      phone: "01012345678",
    });
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/sell"));
    const sent = stub.requests.find((request) => request.path === "/api/auth/signup");
    expect(JSON.parse(sent?.body ?? "{}")).toEqual({
      username: "minji",
      password: "sunny-bicycle-42",
      nickname: "민지",
      phone: "01012345678",
    });
    expect(localStorage.length + sessionStorage.length).toBe(0);
  });
});
