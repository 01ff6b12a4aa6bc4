import { execFile } from "node:child_process";
import {
  access,
  constants,
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
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { z } from "zod";

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const scriptsDir = join(repoRoot, "infra/cluster/vagrant/scripts");
const libPath = join(scriptsDir, "lib.sh");
/** The real-engine scripts' settings: sourced only, so it names its shell for shellcheck instead. */
const engineLibPath = join(repoRoot, "tools/engine/lib.sh");

async function shellScriptsUnder(dir: string): Promise<string[]> {
  const entries = await readdir(join(repoRoot, dir), { recursive: true });
  return entries
    .filter((entry) => entry.endsWith(".sh"))
    .map((entry) => join(repoRoot, dir, entry));
}

/** Runs bash with `args`; a failing status is returned, not thrown. */
async function runBash(args: string[], env?: NodeJS.ProcessEnv) {
  try {
    const { stdout, stderr } = await run("bash", args, { env });
    return { status: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { status: failed.code ?? -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

/** Runs bash with lib.sh sourced; a failing status is returned, not thrown. */
function withLib(script: string, ...args: string[]) {
  return runBash(["-c", `set -euo pipefail; source "$0"; ${script}`, libPath, ...args]);
}

describe("provisioning, CI and real-engine scripts", () => {
  let scripts: string[];
  beforeAll(async () => {
    scripts = [
      ...(await shellScriptsUnder("infra/cluster")),
      ...(await shellScriptsUnder(".github")),
      ...(await shellScriptsUnder("tools/engine")),
      join(repoRoot, "tools/engine/bin/pulumi-language-nodejs"),
      join(repoRoot, ".ci/run"),
    ];
  });

  it("are all clean under shellcheck (sources followed)", async () => {
    expect(scripts.map((path) => path.slice(repoRoot.length)).sort()).toEqual(
      expect.arrayContaining([
        ".github/scripts/configure-stack.sh",
        "infra/cluster/vagrant/scripts/common.sh",
        "infra/cluster/vagrant/scripts/control-plane.sh",
        "infra/cluster/vagrant/scripts/lib.sh",
        "infra/cluster/vagrant/scripts/worker.sh",
        "tools/engine/build-toolchain.sh",
        "tools/engine/lib.sh",
        "tools/engine/bin/pulumi-language-nodejs",
        ".ci/run",
      ]),
    );
    const result = await run("shellcheck", ["--severity=style", "--format=gcc", ...scripts]).catch(
      (error: { stdout?: string; message: string }) => ({ stdout: error.stdout || error.message }),
    );
    expect(result.stdout).toBe("");
  });

  it("are executable bash with strict mode, except the sourced libraries", async () => {
    for (const script of scripts) {
      const text = await readFile(script, "utf8");
      if (script === engineLibPath) {
        expect(text.startsWith("# shellcheck shell=bash\n"), script).toBe(true);
        continue;
      }
      expect(text.startsWith("#!/usr/bin/env bash\n"), script).toBe(true);
      if (script === libPath) continue;
      expect(text, script).toMatch(/^set -euo pipefail$/m);
      await expect(access(script, constants.X_OK), script).resolves.toBeUndefined();
    }
  });

  it("are checked out with LF endings on every platform (.gitattributes), with the settings and Vagrantfile", async () => {
    const files = [
      ...scripts.filter((path) => path.includes("/infra/cluster/")),
      join(repoRoot, "infra/cluster/vagrant/settings.yaml"),
      join(repoRoot, "infra/cluster/vagrant/Vagrantfile"),
    ].map((path) => path.slice(repoRoot.length));
    const { stdout } = await run("git", ["check-attr", "eol", "--", ...files], { cwd: repoRoot });
    expect(stdout.trim().split("\n")).toEqual(files.map((file) => `${file}: eol: lf`));
  });

  it("shellcheck does flag a broken script (the check above can fail)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ssgbay-shellcheck-"));
    try {
      const broken = join(dir, "broken.sh");
      await writeFile(broken, "#!/usr/bin/env bash\nset -euo pipefail\nrm -rf $1/*\n");
      await expect(run("shellcheck", ["--severity=style", broken])).rejects.toMatchObject({
        code: 1,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("lib.sh: the idempotency helpers the provisioning relies on", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "ssgbay-lib-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("write_if_changed writes a new or different file and reports an unchanged one", async () => {
    const target = join(dir, "nested/dir/config.toml");
    const write = (content: string) =>
      withLib('printf "%s" "$2" | write_if_changed "$1" 0600', target, content);
    expect((await write("SystemdCgroup = true\n")).status).toBe(0);
    expect(await readFile(target, "utf8")).toBe("SystemdCgroup = true\n");
    expect((await stat(target)).mode & 0o777).toBe(0o600);
    const mtime = (await stat(target)).mtimeMs;
    expect((await write("SystemdCgroup = true\n")).status).toBe(1);
    expect((await stat(target)).mtimeMs).toBe(mtime);
    expect((await write("SystemdCgroup = false\n")).status).toBe(0);
    expect(await readFile(target, "utf8")).toBe("SystemdCgroup = false\n");
  });

  it("replace_managed_block keeps the rest of the file and converges after a re-run", async () => {
    const hosts = join(dir, "hosts");
    await writeFile(hosts, "127.0.0.1 localhost\n127.0.1.1 master master\n");
    const nodes = "10.0.0.10 master\n10.0.0.11 node01";
    for (let i = 0; i < 3; i++) {
      const result = await withLib(
        'printf "%s\\n" "$2" | replace_managed_block "$1" "ssgbay cluster nodes"',
        hosts,
        nodes,
      );
      expect(result.status, result.stderr).toBe(0);
    }
    expect(await readFile(hosts, "utf8")).toBe(
      "127.0.0.1 localhost\n127.0.1.1 master master\n" +
        "# BEGIN ssgbay cluster nodes\n10.0.0.10 master\n10.0.0.11 node01\n# END ssgbay cluster nodes\n",
    );
    await withLib(
      'printf "%s\\n" "$2" | replace_managed_block "$1" "ssgbay cluster nodes"',
      hosts,
      "10.0.0.10 master",
    );
    expect(await readFile(hosts, "utf8")).toBe(
      "127.0.0.1 localhost\n127.0.1.1 master master\n# BEGIN ssgbay cluster nodes\n10.0.0.10 master\n# END ssgbay cluster nodes\n",
    );
  });

  it("comment_out_swap disables swap entries once and leaves other mounts alone", async () => {
    const fstab = join(dir, "fstab");
    const root = "UUID=1 / ext4 defaults 0 1";
    await writeFile(fstab, `${root}\n/swap.img none swap sw 0 0\n`);
    await withLib('comment_out_swap "$1"', fstab);
    await withLib('comment_out_swap "$1"', fstab);
    expect(await readFile(fstab, "utf8")).toBe(`${root}\n# /swap.img none swap sw 0 0\n`);
  });

  it("require_installed_version accepts the pinned or an absent package and stops on another version", async () => {
    const { stdout: installed } = await run("dpkg-query", ["--show", "bash"]);
    const bashVersion = installed.trim().split("\t")[1] ?? "";
    expect(bashVersion).toMatch(/^\d/);
    expect((await withLib('require_installed_version bash "$1"', bashVersion)).status).toBe(0);
    expect(
      (await withLib('require_installed_version bash "$1"', `${bashVersion.split(".")[0]}.*`))
        .status,
    ).toBe(0);
    expect((await withLib("require_installed_version ssgbay-not-a-package '1.0-*'")).status).toBe(
      0,
    );
    const mismatch = await withLib("require_installed_version bash '0.1-*'");
    expect(mismatch.status).toBe(1);
    expect(mismatch.stderr).toContain(
      `bash ${bashVersion} is installed but settings.yaml pins 0.1-*`,
    );
  });
});

describe("control-plane.sh: Calico routes pods without encapsulation", () => {
  const controlPlanePath = join(scriptsDir, "control-plane.sh");
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "ssgbay-control-plane-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /**
   * Sources control-plane.sh (its main does not run when sourced) with the Vagrantfile's variables,
   * `download` writing a stand-in manifest and `kubectl` recording its arguments, then runs `script`.
   * `pool` says whether `kubectl get` finds Calico's default IP pool.
   */
  async function withControlPlane(script: string, pool: boolean) {
    const calls = join(dir, "kubectl-calls");
    await writeFile(calls, "");
    const env = {
      ...process.env,
      SCRIPTS_DIR: scriptsDir,
      NODE_NAME: "master",
      NODE_IP: "10.0.0.10",
      KUBERNETES_VERSION: "1.34.2",
      POD_CIDR: "172.16.0.0/16",
      SERVICE_CIDR: "10.96.0.0/12",
      HOST_ONLY_CIDR: "10.0.0.0/24",
      CALICO_VERSION: "3.30.3",
      METRICS_SERVER_VERSION: "0.8.0",
      SCHEDULE_ON_CONTROL_PLANE: "false",
      EXPORT_DIR: join(dir, "export"),
    };
    const stubs = `
      addons_dir="$2"
      kubectl_calls="$3"
      download() { printf 'kind: DaemonSet\\n' >"$2"; }
      kubectl() { printf '%s\\n' "$*" >>"$kubectl_calls"; if [[ "$1" == get ]]; then ${pool ? "return 0" : "return 1"}; fi; }
      sleep() { :; }`;
    const result = await runBash(
      [
        "-c",
        `set -euo pipefail; source "$1"; ${stubs}; ${script}`,
        "control-plane-test",
        controlPlanePath,
        join(dir, "addons"),
        calls,
      ],
      env,
    );
    return { ...result, calls: await readFile(calls, "utf8") };
  }

  it("does nothing when sourced: its steps run only as Vagrant's provisioner", async () => {
    const sourced = await withControlPlane("true", true);
    expect(sourced.status).toBe(0);
    expect(sourced.calls).toBe("");
  });

  it("creates the pool with IP-in-IP and VXLAN off, so another node's mount leaves from its host-only address", async () => {
    const result = await withControlPlane("install_calico", true);
    expect(result.status).toBe(0);
    const kustomization = parse(
      await readFile(join(dir, "addons/calico/kustomization.yaml"), "utf8"),
    );
    const patch = parse(
      z.object({ patches: z.array(z.object({ patch: z.string() })) }).parse(kustomization)
        .patches[0]?.patch ?? "",
    );
    const container = z
      .object({
        spec: z.object({
          template: z.object({
            spec: z.object({
              containers: z.array(
                z.object({
                  name: z.string(),
                  env: z.array(z.object({ name: z.string(), value: z.string() })),
                }),
              ),
            }),
          }),
        }),
      })
      .parse(patch).spec.template.spec.containers[0];
    expect(container?.name).toBe("calico-node");
    expect(
      Object.fromEntries(container?.env.map(({ name, value }) => [name, value]) ?? []),
    ).toEqual({
      IP_AUTODETECTION_METHOD: "cidr=10.0.0.0/24",
      CALICO_IPV4POOL_CIDR: "172.16.0.0/16",
      CALICO_IPV4POOL_IPIP: "Never",
      CALICO_IPV4POOL_VXLAN: "Never",
    });
  });

  it("converges a pool created earlier with encapsulation, and stops with a clear message when none appears", async () => {
    const converged = await withControlPlane("install_calico", true);
    expect(converged.calls.split("\n")).toContain(
      'patch ippools.crd.projectcalico.org/default-ipv4-ippool --type merge --patch {"spec":{"ipipMode":"Never","vxlanMode":"Never"}}',
    );
    const missing = await withControlPlane("install_calico", false);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/Calico's default IP pool did not appear/);
    expect(missing.calls).not.toMatch(/^patch /m);
  });
});
