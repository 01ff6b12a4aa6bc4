import { execFile } from "node:child_process";
import {
  access,
  constants,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { validateAction, validateWorkflow } from "@action-validator/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { z } from "zod";

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const fromRoot = (...path: string[]) => join(repoRoot, ...path);

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const stepSchema = z.looseObject({
  name: z.string().optional(),
  id: z.string().optional(),
  uses: z.string().optional(),
  run: z.string().optional(),
  with: z.record(z.string(), scalar).optional(),
  env: z.record(z.string(), scalar).optional(),
  "working-directory": z.string().optional(),
});
type Step = z.infer<typeof stepSchema>;
const environmentSchema = z.union([
  z.string(),
  z.object({ name: z.string(), url: z.string().optional() }),
]);
const jobSchema = z.looseObject({
  if: z.string().optional(),
  needs: z.union([z.string(), z.array(z.string())]).optional(),
  environment: environmentSchema.optional(),
  env: z.record(z.string(), scalar).optional(),
  concurrency: z.unknown().optional(),
  steps: z.array(stepSchema),
});
type Job = z.infer<typeof jobSchema>;
const workflowSchema = z.looseObject({
  name: z.string(),
  on: z.record(z.string(), z.unknown()),
  env: z.record(z.string(), scalar).optional(),
  jobs: z.record(z.string(), jobSchema),
});
type Workflow = z.infer<typeof workflowSchema>;
const actionSchema = z.looseObject({
  inputs: z.record(z.string(), z.looseObject({ required: z.boolean().optional() })).optional(),
  runs: z.looseObject({ using: z.literal("composite"), steps: z.array(stepSchema) }),
});
const dispatchSchema = z.object({
  workflow_dispatch: z.object({
    inputs: z.object({
      stack: z.object({ type: z.literal("choice"), options: z.array(z.string()) }).loose(),
    }),
  }),
});
const packageScripts = z.object({ scripts: z.record(z.string(), z.string()).default({}) }).loose();
const stackFileSchema = z.object({ config: z.record(z.string(), z.unknown()) });
const imagesSchema = z.object({ source: z.string(), stack: z.string().optional() }).loose();

interface Located<T> {
  file: string;
  item: T;
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );
const isExecutable = (path: string) =>
  access(path, constants.X_OK).then(
    () => true,
    () => false,
  );

async function yamlFilesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(fromRoot(dir), { recursive: true });
  return entries.filter((entry) => /\.ya?ml$/.test(entry)).map((entry) => join(dir, entry));
}

const workflows = new Map<string, Workflow>();
const actions = new Map<string, z.infer<typeof actionSchema>>();
const sources = new Map<string, string>();
let steps: Located<Step>[];

beforeAll(async () => {
  for (const file of await yamlFilesUnder(".github/workflows")) {
    const text = await readFile(fromRoot(file), "utf8");
    sources.set(file, text);
    workflows.set(file, workflowSchema.parse(parse(text)));
  }
  for (const file of await yamlFilesUnder(".github/actions")) {
    const text = await readFile(fromRoot(file), "utf8");
    sources.set(file, text);
    actions.set(file, actionSchema.parse(parse(text)));
  }
  steps = [
    ...[...workflows].flatMap(([file, workflow]) =>
      Object.values(workflow.jobs).flatMap((job) => job.steps.map((item) => ({ file, item }))),
    ),
    ...[...actions].flatMap(([file, action]) => action.runs.steps.map((item) => ({ file, item }))),
  ];
});

function workflowNamed(file: string): Workflow {
  const workflow = workflows.get(file);
  if (!workflow) throw new Error(`${file} is missing`);
  return workflow;
}

const jobsOf = (file: string): [string, Job][] => Object.entries(workflowNamed(file).jobs);

const pulumiSteps = (job: Job) =>
  job.steps.filter((step) => step.uses?.startsWith("pulumi/actions@"));
const withValue = (step: Step, key: string) => String(step.with?.[key] ?? "");

/** Resolves `${{ env.NAME }}` against the workflow's env; other values are returned as they are. */
function resolveEnv(value: string, workflow: Workflow): string {
  const match = /^\$\{\{\s*env\.(\w+)\s*\}\}$/.exec(value);
  return match?.[1] ? String(workflow.env?.[match[1]] ?? "") : value;
}

/** A per-PR preview stack's name in a workflow: its file is written by pr-stack.sh, not checked in. */
const PREVIEW_STACK = /^pr-\$\{\{\s*github\.event\.pull_request\.number\s*\}\}$/;

/** The stacks a step may target: a literal, or every choice of a dispatch input. */
function stacksOf(value: string, workflow: Workflow): string[] {
  if (!value.includes("${{")) return [value];
  expect(value).toMatch(/^\$\{\{\s*inputs\.stack\s*\}\}$/);
  return dispatchSchema.parse(workflow.on).workflow_dispatch.inputs.stack.options;
}

describe("workflow files", () => {
  it("exist: ci, promote, and the preview stacks' pr-preview and pr-cleanup", () => {
    expect([...workflows.keys()].sort()).toEqual([
      ".github/workflows/ci.yml",
      ".github/workflows/pr-cleanup.yml",
      ".github/workflows/pr-preview.yml",
      ".github/workflows/promote.yml",
    ]);
  });

  it("are valid GitHub Actions workflows and actions (SchemaStore schema)", () => {
    for (const [file, text] of sources) {
      const state = file.includes("/workflows/") ? validateWorkflow(text) : validateAction(text);
      expect(state.errors, file).toEqual([]);
    }
  });

  it("the schema check does reject a broken workflow", () => {
    const broken =
      "on: push\njobs:\n  build:\n    steps:\n      - run: npm test\n    run-on: ubuntu-24.04\n";
    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
  });
});

describe("everything the workflows call exists", () => {
  it("every npm script they run is defined in its package.json", async () => {
    const rootScripts = packageScripts.parse(
      JSON.parse(await readFile(fromRoot("package.json"), "utf8")),
    ).scripts;
    const runLines = steps.flatMap(({ file, item }) =>
      (item.run ?? "").split("\n").map((line) => ({ file, line })),
    );
    const ciRun = await readFile(fromRoot(".ci/run"), "utf8");
    const lines = [...runLines, ...ciRun.split("\n").map((line) => ({ file: ".ci/run", line }))];
    let checked = 0;
    for (const { file, line } of lines) {
      for (const match of line.matchAll(
        /\bnpm (?:run|run-script) ([\w:-]+)((?:\s+(?:-w|--workspace)[= ]\S+)?)/g,
      )) {
        const [, script, workspaceFlag] = match;
        const workspace = workspaceFlag?.trim().split(/[= ]/)[1];
        const scripts = workspace
          ? packageScripts.parse(
              JSON.parse(await readFile(fromRoot(workspace, "package.json"), "utf8")),
            ).scripts
          : rootScripts;
        expect(scripts, `${file}: ${line.trim()}`).toHaveProperty(script as string);
        checked++;
      }
      if (/\bnpm test\b/.test(line)) {
        expect(rootScripts, `${file}: ${line.trim()}`).toHaveProperty("test");
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(2);
  });

  it("every repository script they run exists and is executable", async () => {
    const commands = steps.flatMap(({ file, item }) =>
      (item.run ?? "")
        .split("\n")
        .map((line) => line.trim().split(/\s+/)[0] ?? "")
        .filter((command) => /^(\.\/)?[.\w-]+\/[\w./-]+$/.test(command))
        .map((command) => ({ file, command })),
    );
    expect(commands.map(({ command }) => command)).toEqual(
      expect.arrayContaining([".ci/run", ".github/scripts/configure-stack.sh"]),
    );
    for (const { file, command } of commands) {
      expect(await isExecutable(fromRoot(command)), `${file}: ${command}`).toBe(true);
    }
  });

  it("every local action exists, and every external action is pinned to a release", async () => {
    for (const { file, item } of steps) {
      if (!item.uses) continue;
      if (item.uses.startsWith("./")) {
        expect(await exists(fromRoot(item.uses, "action.yml")), `${file}: ${item.uses}`).toBe(true);
      } else {
        expect(item.uses, file).toMatch(/^[\w-]+\/[\w-]+@v\d+(\.\d+){0,2}$/);
      }
    }
  });

  it("every working directory, Pulumi project, stack file and policy pack exists", async () => {
    let pulumiRuns = 0;
    for (const [file, workflow] of workflows) {
      for (const [name, job] of Object.entries(workflow.jobs)) {
        for (const step of job.steps) {
          if (step["working-directory"])
            expect(await exists(fromRoot(step["working-directory"]))).toBe(true);
        }
        for (const step of pulumiSteps(job)) {
          const where = `${file} ${name} ${step.name ?? ""}`;
          const workDir = withValue(step, "work-dir");
          expect(await exists(fromRoot(workDir, "Pulumi.yaml")), where).toBe(true);
          if (PREVIEW_STACK.test(withValue(step, "stack-name"))) {
            // Generated from Pulumi.dev.yaml by a step before this one.
            const writer = job.steps.findIndex((s) => s.run === ".github/scripts/pr-stack.sh");
            expect(writer, where).toBeGreaterThanOrEqual(0);
            expect(writer, where).toBeLessThan(job.steps.indexOf(step));
            expect(await exists(fromRoot(workDir, "Pulumi.dev.yaml")), where).toBe(true);
            expect(withValue(step, "policyPacks"), where).toBe("infra/policy");
            pulumiRuns++;
            continue;
          }
          for (const stack of stacksOf(withValue(step, "stack-name"), workflow)) {
            expect(
              await exists(fromRoot(workDir, `Pulumi.${stack}.yaml`)),
              `${where}: stack ${stack}`,
            ).toBe(true);
          }
          expect(withValue(step, "policyPacks"), where).toBe("infra/policy");
          expect(
            await exists(fromRoot("infra/policy/PulumiPolicy.yaml")),
            "infra/policy/PulumiPolicy.yaml",
          ).toBe(true);
          pulumiRuns++;
        }
      }
    }
    expect(pulumiRuns).toBe(6);
  });

  it("hashFiles and node-version-file point at files that exist", async () => {
    for (const [file, text] of sources) {
      for (const [, pattern] of text.matchAll(/hashFiles\(([^)]*)\)/g)) {
        for (const [, path] of (pattern ?? "").matchAll(/'([^']+)'/g)) {
          const base = (path ?? "").replace(/\/\*\*$/, "");
          expect(await exists(fromRoot(base)), `${file}: ${path}`).toBe(true);
        }
      }
    }
    for (const { file, item } of steps) {
      const versionFile = item.with?.["node-version-file"];
      if (versionFile) expect(await exists(fromRoot(String(versionFile))), file).toBe(true);
    }
  });

  it("install the Pulumi CLI at the version of @pulumi/pulumi the program uses", async () => {
    const infraPackage = z
      .object({ dependencies: z.object({ "@pulumi/pulumi": z.string() }).loose() })
      .loose()
      .parse(JSON.parse(await readFile(fromRoot("infra/package.json"), "utf8")));
    const sdkVersion = infraPackage.dependencies["@pulumi/pulumi"];
    expect(sdkVersion).toMatch(/^\d+\.\d+\.\d+$/);
    for (const [file, workflow] of workflows) {
      expect(workflow.env?.PULUMI_VERSION, file).toBe(sdkVersion);
      for (const [, job] of Object.entries(workflow.jobs)) {
        for (const step of job.steps) {
          const version = step.with?.["pulumi-version"];
          if (version !== undefined)
            expect(resolveEnv(String(version), workflow), file).toBe(sdkVersion);
        }
      }
    }
  });
});

describe("secrets come from the CI secret store only", () => {
  const sensitiveKey = /token|password|passphrase|secret|kubeconfig/i;

  it("every sensitive env or input value is a secrets.* (or, in an action, inputs.*) expression", () => {
    const assignments: { where: string; key: string; value: string }[] = [];
    for (const [file, workflow] of workflows) {
      for (const [name, job] of Object.entries(workflow.jobs)) {
        for (const [key, value] of Object.entries(job.env ?? {}))
          assignments.push({ where: `${file} ${name}`, key, value: String(value) });
        for (const step of job.steps) {
          for (const [key, value] of Object.entries({ ...step.env, ...step.with })) {
            assignments.push({ where: `${file} ${name}`, key, value: String(value) });
          }
        }
      }
    }
    for (const [file, action] of actions) {
      for (const step of action.runs.steps) {
        for (const [key, value] of Object.entries({ ...step.env, ...step.with }))
          assignments.push({ where: file, key, value: String(value) });
      }
    }
    const sensitive = assignments.filter(({ key }) => sensitiveKey.test(key));
    expect(sensitive.length).toBeGreaterThanOrEqual(10);
    for (const { where, key, value } of sensitive) {
      const allowed = where.includes("/actions/")
        ? /^\$\{\{\s*inputs\.[\w-]+\s*\}\}$/
        : /^\$\{\{\s*secrets\.\w+\s*\}\}$/;
      expect(value, `${where}: ${key}`).toMatch(allowed);
    }
  });

  it("no workflow sets a secret on the command line or echoes one", () => {
    for (const { file, item } of steps) {
      const run = item.run ?? "";
      expect(run, file).not.toMatch(/\$\{\{\s*secrets\./);
      expect(run, file).not.toMatch(/config set --secret \S+ \S+/);
    }
  });

  it("the secrets the CI sets are real config keys of the program", async () => {
    const script = await readFile(fromRoot(".github/scripts/configure-stack.sh"), "utf8");
    const keys = [...script.matchAll(/\[[A-Z_]+\]=(\w+)/g)].map((match) => match[1] as string);
    expect(keys).toEqual(["registryPassword", "mysqlRootPassword", "mysqlPassword", "jwtSecret"]);
    const { parseStackConfig } = await import("../../infra/config/index.js");
    const values = Object.fromEntries(keys.map((key) => [key, "x"]));
    let problems: string[] = [];
    try {
      parseStackConfig({ target: "managed", ...values });
    } catch (error) {
      problems = z.object({ problems: z.array(z.string()) }).parse(error).problems;
    }
    for (const key of keys) {
      expect(
        problems.filter((problem) => problem.startsWith(`ssgbay:${key}: is not a known setting`)),
      ).toEqual([]);
    }
    // The same call does name keys the program does not know, so the check above can fail.
    expect(() => parseStackConfig({ target: "managed", notASetting: "x" })).toThrow(
      /ssgbay:notASetting: is not a known setting/,
    );
  });
});

describe("the runbook in infra/README.md", () => {
  it("documents every secret and variable the workflows read", async () => {
    const readme = await readFile(fromRoot("infra/README.md"), "utf8");
    const runbook = /<!-- runbook:start -->([\s\S]*)<!-- runbook:end -->/.exec(readme)?.[1] ?? "";
    const names = new Set(
      [...sources.values()].flatMap((text) =>
        [...text.matchAll(/\$\{\{[^}]*\b(?:secrets|vars)\.(\w+)/g)].map(
          (match) => match[1] as string,
        ),
      ),
    );
    names.delete("GITHUB_TOKEN");
    expect([...names].sort()).toEqual(
      expect.arrayContaining([
        "DEV_RUNNER_LABELS",
        "KUBECONFIG_DATA",
        "PULUMI_ACCESS_TOKEN",
        "PULUMI_BACKEND_URL",
      ]),
    );
    for (const name of names) expect(runbook, name).toContain(`\`${name}\``);
  });
});

describe("the pipeline", () => {
  it("ci runs on pull requests and on pushes to main; its checks run lint, typecheck and tests", async () => {
    const ci = workflows.get(".github/workflows/ci.yml");
    expect(Object.keys(ci?.on ?? {}).sort()).toEqual(["pull_request", "push"]);
    expect(ci?.on.push).toEqual({ branches: ["main"] });
    const checks = ci?.jobs.checks;
    expect(checks?.steps.some((step) => step.run === ".ci/run")).toBe(true);
    const ciRun = await readFile(fromRoot(".ci/run"), "utf8");
    for (const command of ["npm run lint", "npm run typecheck", "npm test"])
      expect(ciRun).toContain(command);
  });

  it("a pull request previews dev and posts the diff as a comment; a push to main updates dev", () => {
    const jobs = jobsOf(".github/workflows/ci.yml");
    const onlyJobRunning = (command: string): [Job, Step] => {
      const matches = jobs.flatMap(([, job]) =>
        pulumiSteps(job)
          .filter((step) => withValue(step, "command") === command)
          .map((step): [Job, Step] => [job, step]),
      );
      expect(matches, `jobs running pulumi ${command}`).toHaveLength(1);
      const [match] = matches;
      if (!match) throw new Error(`no job runs pulumi ${command}`);
      return match;
    };

    const [previewJob, previewStep] = onlyJobRunning("preview");
    expect(previewJob.needs).toBe("checks");
    expect(previewJob.if).toContain("github.event_name == 'pull_request'");
    expect(withValue(previewStep, "stack-name")).toBe("dev");
    expect(withValue(previewStep, "comment-on-pr")).toBe("true");
    expect(previewJob.permissions).toMatchObject({ "pull-requests": "write" });

    const [upJob, upStep] = onlyJobRunning("up");
    expect(upJob.needs).toBe("checks");
    // dev's images are tagged with the pushed commit, a PR preview's with the PR's head.
    expect(upJob.env?.SSGBAY_IMAGE_TAG).toMatch(/^\$\{\{\s*github\.sha\s*\}\}$/);
    expect(previewJob.env?.SSGBAY_IMAGE_TAG).toMatch(
      /^\$\{\{\s*github\.event\.pull_request\.head\.sha\s*\}\}$/,
    );
    expect(upJob.if).toBe("github.event_name == 'push'");
    expect(withValue(upStep, "stack-name")).toBe("dev");
  });

  it("promotion is a manual dispatch to staging or prod behind the protected environment, preview then up", () => {
    const promote = workflowNamed(".github/workflows/promote.yml");
    expect(Object.keys(promote.on)).toEqual(["workflow_dispatch"]);
    expect(dispatchSchema.parse(promote.on).workflow_dispatch.inputs.stack.options).toEqual([
      "staging",
      "prod",
    ]);
    const [entry, ...otherJobs] = jobsOf(".github/workflows/promote.yml");
    expect(otherJobs).toEqual([]);
    if (!entry) throw new Error("promote.yml has no job");
    const [, job] = entry;
    const environment =
      typeof job.environment === "string" ? job.environment : job.environment?.name;
    expect(environment).toMatch(/^\$\{\{\s*inputs\.stack\s*\}\}$/);
    expect(pulumiSteps(job).map((step) => withValue(step, "command"))).toEqual(["preview", "up"]);
    for (const step of pulumiSteps(job))
      expect(withValue(step, "stack-name")).toMatch(/inputs\.stack/);
    expect(sources.get(".github/workflows/promote.yml")).not.toMatch(/docker|buildx/i);
  });

  it("every Pulumi job runs in the GitHub environment of its stack, one update at a time", () => {
    for (const [file, workflow] of workflows) {
      for (const [name, job] of Object.entries(workflow.jobs)) {
        const stackSteps = pulumiSteps(job);
        if (stackSteps.length === 0) continue;
        const environment =
          typeof job.environment === "string" ? job.environment : job.environment?.name;
        for (const step of stackSteps) {
          // A preview stack runs with dev's credentials (its cluster), in dev's environment.
          const stack = withValue(step, "stack-name");
          expect(PREVIEW_STACK.test(stack) ? "dev" : stack, `${file} ${name}`).toBe(environment);
        }
        if (stackSteps.some((step) => withValue(step, "command") === "up")) {
          const group = JSON.stringify(job.concurrency ?? workflow.concurrency);
          expect(group, `${file} ${name}`).toMatch(/pulumi-/);
        }
      }
    }
  });

  it("dev builds the images; staging takes dev's digests and prod takes staging's", async () => {
    const images = async (stack: string) => {
      const file = stackFileSchema.parse(
        parse(await readFile(fromRoot(`Pulumi.${stack}.yaml`), "utf8")),
      );
      return imagesSchema.parse(file.config["ssgbay:images"]);
    };
    expect((await images("dev")).source).toBe("build");
    for (const [stack, previous] of [
      ["staging", "dev"],
      ["prod", "staging"],
    ] as const) {
      const source = await images(stack);
      expect(source.source, stack).toBe("stackReference");
      expect(source.stack?.split("/").at(-1), stack).toBe(previous);
    }
  });
});

describe("configure-stack.sh (run with a stand-in pulumi CLI that records its calls)", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "ssgbay-configure-stack-"));
    await mkdir(join(dir, "bin"));
    // Records each call's arguments (and, for `config set`, its stdin) as one JSON line.
    await writeFile(
      join(dir, "bin/pulumi"),
      [
        "#!/usr/bin/env node",
        'const fs = require("node:fs");',
        "const args = process.argv.slice(2);",
        'const stdin = args[0] === "config" ? fs.readFileSync(0, "utf8") : "";',
        'fs.appendFileSync(process.env.CALLS, JSON.stringify({ args, stdin }).concat("\\n"));',
        "",
      ].join("\n"),
      { mode: 0o755 },
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function configure(env: Record<string, string>) {
    const calls = join(dir, `calls-${Math.random().toString(36).slice(2)}.jsonl`);
    const githubEnv = join(dir, "github-env");
    await writeFile(githubEnv, "");
    const result = await run(fromRoot(".github/scripts/configure-stack.sh"), [], {
      env: {
        PATH: `${join(dir, "bin")}:${process.env.PATH}`,
        RUNNER_TEMP: dir,
        GITHUB_ENV: githubEnv,
        CALLS: calls,
        ...env,
      },
    }).then(
      () => ({ status: 0, stderr: "" }),
      (error: { code: number; stderr: string }) => ({ status: error.code, stderr: error.stderr }),
    );
    const recorded = (await exists(calls)) ? await readFile(calls, "utf8") : "";
    const parsed = recorded
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((line) =>
        z.object({ args: z.array(z.string()), stdin: z.string() }).parse(JSON.parse(line)),
      );
    return { ...result, calls: parsed, githubEnv: await readFile(githubEnv, "utf8") };
  }

  it("writes a private kubeconfig, selects the stack and sets only the given secrets, through stdin", async () => {
    const result = await configure({
      STACK: "staging",
      KUBECONFIG_DATA: "apiVersion: v1\nkind: Config\n",
      REGISTRY_PASSWORD: "registry-token-value",
      JWT_SECRET: "a-jwt-secret-of-at-least-32-characters",
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.githubEnv).toBe(`KUBECONFIG=${join(dir, "kubeconfig")}\n`);
    expect(await readFile(join(dir, "kubeconfig"), "utf8")).toBe(
      "apiVersion: v1\nkind: Config\n\n",
    );
    expect((await stat(join(dir, "kubeconfig"))).mode & 0o777).toBe(0o600);
    expect(result.calls[0]).toEqual({ args: ["stack", "select", "staging"], stdin: "" });
    expect(
      result.calls.slice(1).sort((a, b) => String(a.args).localeCompare(String(b.args))),
    ).toEqual([
      {
        args: ["config", "set", "--secret", "--stack", "staging", "ssgbay:jwtSecret"],
        stdin: "a-jwt-secret-of-at-least-32-characters",
      },
      {
        args: ["config", "set", "--secret", "--stack", "staging", "ssgbay:registryPassword"],
        stdin: "registry-token-value",
      },
    ]);
  });

  it("stops before touching the stack when the environment has no kubeconfig secret", async () => {
    const result = await configure({ STACK: "prod", REGISTRY_PASSWORD: "registry-token-value" });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("the prod environment has no KUBECONFIG_DATA secret");
    expect(result.calls).toEqual([]);
  });

  it("creates only a preview stack pr-<n>, and only when asked to", async () => {
    const kubeconfig = "apiVersion: v1\nkind: Config\n";
    const created = await configure({
      STACK: "pr-12",
      CREATE_STACK: "true",
      KUBECONFIG_DATA: kubeconfig,
    });
    expect(created.status, created.stderr).toBe(0);
    expect(created.calls).toEqual([{ args: ["stack", "select", "--create", "pr-12"], stdin: "" }]);
    const refused = await configure({
      STACK: "prod",
      CREATE_STACK: "true",
      KUBECONFIG_DATA: kubeconfig,
    });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain("only a pr-<n> stack may be created, not prod");
    expect(refused.calls).toEqual([]);
  });
});

describe("the preview stack scripts", () => {
  it("pr-stack.sh writes Pulumi.pr-<n>.yaml from dev's config (own namespace, dev's pool)", async () => {
    const file = fromRoot("Pulumi.pr-99999.yaml");
    const dir = await mkdtemp(join(tmpdir(), "ssgbay-pr-stack-"));
    // What configure-stack.sh wrote from the dev environment's KUBECONFIG_DATA.
    const kubeconfig = join(dir, "kubeconfig");
    await writeFile(kubeconfig, "apiVersion: v1\nkind: Config\ncurrent-context: dev-cluster\n");
    try {
      await run(fromRoot(".github/scripts/pr-stack.sh"), [], {
        cwd: repoRoot,
        env: { ...process.env, PR_NUMBER: "99999", KUBECONFIG: kubeconfig },
      });
      const written = stackFileSchema.parse(parse(await readFile(file, "utf8")));
      expect(written.config["ssgbay:namespace"]).toBe("ssgbay-pr-99999");
      expect(written.config["ssgbay:metallb"]).toMatchObject({
        install: false,
        sharedPool: "ssgbay-dev",
      });
      expect(imagesSchema.parse(written.config["ssgbay:images"]).source).toBe("build");
      expect(written.config["ssgbay:kubernetes"]).toEqual({ context: "dev-cluster" });
    } finally {
      await rm(file, { force: true });
      await rm(dir, { recursive: true, force: true });
    }
    const refused = await run(fromRoot(".github/scripts/pr-stack.sh"), [], {
      cwd: repoRoot,
      env: { ...process.env, PR_NUMBER: "twelve", KUBECONFIG: "/nonexistent" },
    }).then(
      () => ({ code: 0, stderr: "" }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused.code).not.toBe(0);
    expect(refused.stderr.trim()).toBe("usage: write-preview-stack.ts <pull request number>");
  });

  it("pr-comment.sh comments the URL on the PR through gh, editing its last comment when it can", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ssgbay-pr-comment-"));
    try {
      await mkdir(join(dir, "bin"));
      const calls = join(dir, "calls.jsonl");
      // A stand-in gh: records its arguments; `--edit-last` fails when EDIT_FAILS is set.
      await writeFile(
        join(dir, "bin/gh"),
        [
          "#!/usr/bin/env node",
          'const fs = require("node:fs");',
          "const args = process.argv.slice(2);",
          'fs.appendFileSync(process.env.CALLS, JSON.stringify(args).concat("\\n"));',
          'if (args.includes("--edit-last") && process.env.EDIT_FAILS) process.exit(1);',
          "",
        ].join("\n"),
        { mode: 0o755 },
      );
      const comment = (extra: Record<string, string>) =>
        run(fromRoot(".github/scripts/pr-comment.sh"), [], {
          env: {
            PATH: `${join(dir, "bin")}:${process.env.PATH}`,
            CALLS: calls,
            GH_TOKEN: "token-for-tests",
            PR_NUMBER: "12",
            WEB_URL: "http://10.0.0.201",
            ...extra,
          },
        });
      const body =
        "Preview stack `pr-12` (namespace `ssgbay-pr-12`) is up: http://10.0.0.201\nIt is destroyed when the pull request is closed.";
      await comment({});
      await comment({ EDIT_FAILS: "1" });
      const recorded = (await readFile(calls, "utf8"))
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line));
      expect(recorded).toEqual([
        ["pr", "comment", "12", "--edit-last", "--body", body],
        ["pr", "comment", "12", "--edit-last", "--body", body],
        ["pr", "comment", "12", "--body", body],
      ]);
      await expect(comment({ WEB_URL: "" })).rejects.toMatchObject({
        stderr: expect.stringContaining("the pulumi up step exported no webUrl"),
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("per-PR preview stacks", () => {
  const previewJob = (file: string): Job => {
    const [entry, ...others] = jobsOf(file);
    expect(others, file).toEqual([]);
    if (!entry) throw new Error(`${file} has no job`);
    return entry[1];
  };
  const stepRunning = (job: Job, command: string) => {
    const step = pulumiSteps(job).find((s) => withValue(s, "command") === command);
    if (!step) throw new Error(`no pulumi ${command} step`);
    return step;
  };
  const sameRepositoryOnly = "github.event.pull_request.head.repo.full_name == github.repository";

  it("pr-preview: on opened/synchronize/reopened, creates pr-<n> from the PR's head commit, runs up, comments the URL", () => {
    const workflow = workflowNamed(".github/workflows/pr-preview.yml");
    expect(workflow.on).toEqual({
      pull_request: { branches: ["main"], types: ["opened", "synchronize", "reopened"] },
    });
    const job = previewJob(".github/workflows/pr-preview.yml");
    expect(job.if).toBe(sameRepositoryOnly);
    expect(job.env?.SSGBAY_IMAGE_TAG).toMatch(
      /^\$\{\{\s*github\.event\.pull_request\.head\.sha\s*\}\}$/,
    );
    const setup = job.steps.find((step) => step.uses === "./.github/actions/setup-stack");
    expect(setup?.with?.create).toBe("true");
    expect(String(setup?.with?.stack)).toMatch(PREVIEW_STACK);
    const up = stepRunning(job, "up");
    expect(withValue(up, "stack-name")).toMatch(PREVIEW_STACK);
    const order = (predicate: (step: Step) => boolean) => job.steps.findIndex(predicate);
    const comment = order((step) => step.run === ".github/scripts/pr-comment.sh");
    expect(order((step) => step === setup)).toBeLessThan(
      order((s) => s.run === ".github/scripts/pr-stack.sh"),
    );
    expect(order((s) => s.run === ".github/scripts/pr-stack.sh")).toBeLessThan(
      order((s) => s === up),
    );
    expect(order((s) => s === up)).toBeLessThan(comment);
    expect(job.steps[comment]?.env?.WEB_URL).toBe(`\${{ steps.${up.id}.outputs.webUrl }}`);
    expect(job.permissions).toMatchObject({ "pull-requests": "write" });
  });

  it("pr-cleanup: on closed, destroys pr-<n> and removes the stack, after any running update", () => {
    const workflow = workflowNamed(".github/workflows/pr-cleanup.yml");
    expect(workflow.on).toEqual({ pull_request: { branches: ["main"], types: ["closed"] } });
    const job = previewJob(".github/workflows/pr-cleanup.yml");
    expect(job.if).toBe(sameRepositoryOnly);
    const destroy = stepRunning(job, "destroy");
    expect(withValue(destroy, "stack-name")).toMatch(PREVIEW_STACK);
    expect(withValue(destroy, "remove")).toBe("true");
    expect(pulumiSteps(job).map((step) => withValue(step, "command"))).toEqual(["destroy"]);
    const group = (file: string) => JSON.stringify(previewJob(file).concurrency);
    expect(group(".github/workflows/pr-cleanup.yml")).toBe(
      group(".github/workflows/pr-preview.yml"),
    );
    expect(group(".github/workflows/pr-cleanup.yml")).toContain("pulumi-pr-");
  });
});
