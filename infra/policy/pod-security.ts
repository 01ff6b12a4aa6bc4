import { allContainers, type Container, type PodSpec } from "./workloads.js";

/** Volume types the `restricted` Pod Security profile allows. */
const RESTRICTED_VOLUME_TYPES = new Set([
  "configMap",
  "csi",
  "downwardAPI",
  "emptyDir",
  "ephemeral",
  "persistentVolumeClaim",
  "projected",
  "secret",
]);
const SAFE_SYSCTLS = new Set([
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range",
  "net.ipv4.ip_local_reserved_ports",
  "net.ipv4.tcp_keepalive_time",
  "net.ipv4.tcp_fin_timeout",
  "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
]);

type Context = Record<string, unknown> | undefined;

function field(context: Context, key: string): unknown {
  return context?.[key];
}

function seccompType(context: Context): unknown {
  const profile = field(context, "seccompProfile");
  return typeof profile === "object" && profile !== null
    ? (profile as Record<string, unknown>).type
    : undefined;
}

function containerProblems(container: Container, pod: Context): string[] {
  const name = container.name ?? "(unnamed)";
  const context = container.securityContext as Context;
  const problems: string[] = [];
  const say = (rule: string) => problems.push(`container ${name}: ${rule}`);

  if (field(context, "privileged") === true) say("must not be privileged");
  if (field(context, "allowPrivilegeEscalation") !== false) {
    say("must set allowPrivilegeEscalation: false");
  }
  const runAsNonRoot = field(context, "runAsNonRoot") ?? field(pod, "runAsNonRoot");
  if (runAsNonRoot !== true) say("must run with runAsNonRoot: true (pod or container)");
  const runAsUser = field(context, "runAsUser") ?? field(pod, "runAsUser");
  if (runAsUser === 0) say("must not run as UID 0");
  const seccomp = seccompType(context) ?? seccompType(pod);
  if (seccomp !== "RuntimeDefault" && seccomp !== "Localhost") {
    say("must set seccompProfile RuntimeDefault or Localhost (pod or container)");
  }
  const capabilities = field(context, "capabilities") as Context;
  const drop = field(capabilities, "drop");
  if (!Array.isArray(drop) || !drop.includes("ALL")) say("must drop ALL capabilities");
  const add = field(capabilities, "add");
  if (Array.isArray(add) && add.some((capability) => capability !== "NET_BIND_SERVICE")) {
    say("may add only NET_BIND_SERVICE");
  }
  if (field(context, "procMount") !== undefined && field(context, "procMount") !== "Default") {
    say("must use the Default procMount");
  }
  const appArmor = field(field(context, "appArmorProfile") as Context, "type");
  if (appArmor === "Unconfined") say("must not be AppArmor Unconfined");
  for (const port of container.ports ?? []) {
    if (port.hostPort !== undefined && port.hostPort !== 0) say("must not use hostPort");
  }
  return problems;
}

/**
 * Everything that would make the Pod Security admission reject the pod under the `restricted`
 * profile (latest version), as readable sentences. Empty means compliant.
 */
export function restrictedViolations(spec: PodSpec): string[] {
  const pod = spec.securityContext as Context;
  const problems: string[] = [];
  for (const key of ["hostNetwork", "hostPID", "hostIPC"] as const) {
    if (spec[key] === true) problems.push(`must not set ${key}`);
  }
  for (const volume of spec.volumes ?? []) {
    const types = Object.keys(volume).filter((key) => key !== "name");
    const disallowed = types.filter((type) => !RESTRICTED_VOLUME_TYPES.has(type));
    if (disallowed.length > 0) {
      problems.push(`volume ${volume.name}: type ${disallowed.join(", ")} is not allowed`);
    }
  }
  const sysctls = field(pod, "sysctls");
  if (Array.isArray(sysctls)) {
    for (const sysctl of sysctls) {
      const name = field(sysctl as Context, "name");
      if (typeof name !== "string" || !SAFE_SYSCTLS.has(name)) {
        problems.push(`sysctl ${String(name)} is not in the safe set`);
      }
    }
  }
  const appArmor = field(field(pod, "appArmorProfile") as Context, "type");
  if (appArmor === "Unconfined") problems.push("pod must not be AppArmor Unconfined");
  for (const container of allContainers(spec)) problems.push(...containerProblems(container, pod));
  return problems;
}
