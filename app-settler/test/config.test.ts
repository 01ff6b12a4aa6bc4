import { ConfigError } from "@ssgbay/database";
import { describe, expect, it } from "vitest";
import { parseSettlerArgs } from "../src/args.js";
import { loadSettlerConfig } from "../src/config.js";

const url = "mysql://settler:secret@127.0.0.1:3306/ssgbay";

function problemsOf(read: () => unknown): string[] {
  try {
    read();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("loadSettlerConfig", () => {
  it("reads the shared database variables and defaults the batch size to 2000", () => {
    expect(loadSettlerConfig({ DATABASE_URL: url })).toEqual({
      database: {
        host: "127.0.0.1",
        port: 3306,
        database: "ssgbay",
        user: "settler",
        password: "secret",
        poolSize: 10,
        poolQueue: 100,
        acquireTimeoutMs: 1_000,
        queryTimeoutMs: 2_000,
      },
      batchSize: 2000,
      claimers: 2,
    });
    expect(
      loadSettlerConfig({
        DB_HOST: "db",
        DB_NAME: "ssgbay",
        DB_USER: "u",
        DB_PASSWORD: "p",
        SETTLER_BATCH_SIZE: "50",
      }).batchSize,
    ).toBe(50);
  });

  it("names every bad variable at once, never echoing values", () => {
    const problems = problemsOf(() =>
      loadSettlerConfig({ DATABASE_URL: "postgres://x:hunter2@h/db", SETTLER_BATCH_SIZE: "lots" }),
    );
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^DATABASE_URL: /);
    expect(problems[1]).toBe("SETTLER_BATCH_SIZE: must be an integer from 1 to 10000");
    expect(problems.join("\n")).not.toContain("hunter2");
  });

  it.each(["0", "17", "1.5", "two"])("refuses SETTLER_CLAIMERS=%j", (value) => {
    expect(
      problemsOf(() => loadSettlerConfig({ DATABASE_URL: url, SETTLER_CLAIMERS: value })),
    ).toEqual(["SETTLER_CLAIMERS: must be an integer from 1 to 16"]);
  });

  it.each(["0", "-5", "2.5", "", "10001"])("refuses SETTLER_BATCH_SIZE=%j", (value) => {
    expect(
      problemsOf(() => loadSettlerConfig({ DATABASE_URL: url, SETTLER_BATCH_SIZE: value })),
    ).toEqual(["SETTLER_BATCH_SIZE: must be an integer from 1 to 10000"]);
  });

  it("requires the database to be configured", () => {
    expect(problemsOf(() => loadSettlerConfig({}))).toEqual([
      "DB_HOST: is required when DATABASE_URL is not set",
      "DB_NAME: is required when DATABASE_URL is not set",
      "DB_USER: is required when DATABASE_URL is not set",
      "DB_PASSWORD: is required when DATABASE_URL is not set",
    ]);
  });
});

describe("parseSettlerArgs", () => {
  it("runs once by default and repeats with --watch", () => {
    expect(parseSettlerArgs([])).toEqual({ watch: false });
    expect(parseSettlerArgs(["--watch"])).toEqual({ watch: true, intervalSeconds: 60 });
    expect(parseSettlerArgs(["--watch", "--interval", "5"])).toEqual({
      watch: true,
      intervalSeconds: 5,
    });
    expect(parseSettlerArgs(["--interval=0.5", "--watch"])).toEqual({
      watch: true,
      intervalSeconds: 0.5,
    });
  });

  it.each([
    [["--wait"], "flags: Unknown option '--wait'"],
    [["now"], "flags: Unexpected argument 'now'"],
    [["--watch", "--interval"], "flags: Option '--interval <value>' argument missing"],
    [["--interval", "5"], "--interval: only valid together with --watch"],
    [["--watch", "--interval", "-1"], "flags: Option '--interval' argument is ambiguous"],
    [["--watch=yes"], "flags: Option '--watch' does not take an argument"],
    [
      ["--watch", "--interval", "soon"],
      "--interval: must be a number of seconds from 0.1 to 86400",
    ],
    [["--watch", "--interval", "0"], "--interval: must be a number of seconds from 0.1 to 86400"],
    [["--watch", "--interval", ""], "--interval: must be a number of seconds from 0.1 to 86400"],
  ])("refuses %j", (argv, problem) => {
    expect(problemsOf(() => parseSettlerArgs(argv))).toEqual([problem]);
  });
});
