import { describe, expect, it } from "vitest";
import { exporterUserSql } from "../components/mysql.js";
import { defaultBufferPoolBytes, memoryBytes } from "../config/mysql.js";
import { configProblems, REF_IMAGES } from "./support/config-problems.js";
import { find, kubeObjects } from "./support/kube-objects.js";
import { runProgram } from "./support/run-program.js";
import { readStackConfig, toPulumiConfig } from "./support/stack-files.js";

const refs = JSON.stringify(REF_IMAGES);
const staging = (mysql?: Record<string, unknown>) => ({
  ...readStackConfig("staging"),
  "ssgbay:images": refs,
  ...(mysql ? toPulumiConfig({ "ssgbay:mysql": mysql }) : {}),
});

type Container = {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  ports?: { name: string; containerPort: number }[];
  env?: { name: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
};
type PodSpec = {
  containers: Container[];
  volumes: {
    name: string;
    configMap?: { name: string };
    secret?: { secretName: string; items: { key: string; path: string }[]; defaultMode: number };
  }[];
};

const EXPORTER_PASSWORD = "Exporter-p@ss_0123456789!#$%&()*+,-./:;<=>?[]^`{|}~";

async function mysqlObjects(
  mysql?: Record<string, unknown>,
  secrets: { exporterPassword?: string } = {},
) {
  const config = secrets.exporterPassword
    ? {
        ...staging(mysql),
        ...toPulumiConfig({ "ssgbay:mysqlExporterPassword": secrets.exporterPassword }),
      }
    : staging(mysql);
  const run = await runProgram("staging", config, {
    secretKeys: ["ssgbay:mysqlExporterPassword"],
  });
  const objects = kubeObjects(run.resources);
  const statefulSet = find(objects, "StatefulSet", "mysql").manifest as {
    spec: { template: { spec: PodSpec } };
  };
  const pod = statefulSet.spec.template.spec;
  const optionsVolume = pod.volumes.find((volume) => volume.name === "options");
  const options = objects.find(
    (object) => object.kind === "ConfigMap" && object.name === optionsVolume?.configMap?.name,
  );
  const cnf = (options?.manifest.data as Record<string, string> | undefined)?.["ssgbay.cnf"];
  return { objects, pod, cnf };
}

describe("MySQL: pinned images, tuned options, a metrics sidecar", () => {
  it("runs the server and the exporter by digest, tag kept beside it", async () => {
    const { pod } = await mysqlObjects();
    const images = Object.fromEntries(pod.containers.map((c) => [c.name, c.image]));
    expect(images.mysql).toMatch(/^mysql:8\.4\.7@sha256:[a-f0-9]{64}$/);
    expect(images.exporter).toMatch(/^prom\/mysqld-exporter:v0\.19\.0@sha256:[a-f0-9]{64}$/);
  });

  it("mounts my.cnf with the buffer pool derived from the memory limit and the slow log on stderr", async () => {
    const { pod, cnf } = await mysqlObjects();
    const server = pod.containers.find((c) => c.name === "mysql");
    expect(server?.volumeMounts).toContainEqual({
      name: "options",
      mountPath: "/etc/mysql/conf.d",
      readOnly: true,
    });
    // 1536Mi limit: 60% of (1536 − 256) Mi = 768Mi, a whole number of 128Mi chunks.
    expect(cnf).toBe(
      "[mysqld]\nskip-name-resolve\ninnodb_buffer_pool_size = 768M\nslow_query_log = ON\nslow_query_log_file = /dev/stderr\nlong_query_time = 1\n",
    );
    const bigger = await mysqlObjects({
      resources: { requests: { cpu: "1", memory: "4Gi" }, limits: { memory: "4Gi" } },
      slowQuerySeconds: 3,
    });
    // 60% of (4096 − 256) Mi = 2304Mi = 18 chunks.
    expect(bigger.cnf).toContain("innodb_buffer_pool_size = 2304M\n");
    expect(bigger.cnf).toContain("long_query_time = 3\n");
    const configured = await mysqlObjects({ innodbBufferPoolSize: "896Mi" });
    expect(configured.cnf).toContain("innodb_buffer_pool_size = 896M\n");
  });

  it("serves metrics on a port named metrics, signed in as its own user, on the mysql Service", async () => {
    const { pod, objects } = await mysqlObjects(undefined, { exporterPassword: EXPORTER_PASSWORD });
    const exporter = pod.containers.find((c) => c.name === "exporter");
    expect(exporter?.ports).toEqual([{ name: "metrics", containerPort: 9104 }]);
    expect(exporter?.args).toContain("--mysqld.address=127.0.0.1:3306");
    expect(exporter?.args).toContain("--mysqld.username=exporter");
    const password = exporter?.env?.find((v) => v.name === "MYSQLD_EXPORTER_PASSWORD");
    const secretRef = password?.valueFrom?.secretKeyRef;
    expect(secretRef?.key).toBe("exporter-password");
    const secret = objects.find((o) => o.kind === "Secret" && o.name === secretRef?.name);
    const data = secret?.manifest.stringData as Record<string, string> | undefined;
    expect(data?.["exporter-password"]).toBe(EXPORTER_PASSWORD);
    expect(data?.password).not.toBe(EXPORTER_PASSWORD);
    expect(JSON.stringify(exporter)).not.toMatch(/generated-/);
    const service = find(objects, "Service", "mysql").manifest.spec as {
      ports: { name: string; targetPort: string }[];
    };
    expect(service.ports.map((port) => port.name)).toEqual(["mysql", "metrics"]);
  });

  it("creates the exporter's account on the first start and brings it up to date on every later one", async () => {
    const { pod, objects } = await mysqlObjects(undefined, { exporterPassword: EXPORTER_PASSWORD });
    const server = pod.containers.find((c) => c.name === "mysql");
    const volume = pod.volumes.find((v) => v.name === "exporter-user");
    expect(server?.volumeMounts).toContainEqual({
      name: "exporter-user",
      mountPath: "/docker-entrypoint-initdb.d",
      readOnly: true,
    });
    expect(volume?.secret).toEqual({
      secretName: expect.any(String),
      items: [{ key: "exporter-user.sql", path: "exporter-user.sql" }],
      defaultMode: 0o440,
    });
    expect(server?.command).toEqual([
      "bash",
      "-c",
      'if [ -d /var/lib/mysql/mysql ]; then set -- --init-file=/docker-entrypoint-initdb.d/exporter-user.sql; fi; exec docker-entrypoint.sh mysqld "$@"',
      "mysql",
    ]);
    const secret = objects.find(
      (o) => o.kind === "Secret" && o.name === volume?.secret?.secretName,
    );
    const sql = (secret?.manifest.stringData as Record<string, string> | undefined)?.[
      "exporter-user.sql"
    ];
    // Its effect on a real server (rights, idempotence, a new password) is in mysql-exporter-user.test.ts.
    expect(sql).toBe(exporterUserSql(EXPORTER_PASSWORD));
    expect(sql).toContain(`IDENTIFIED BY '${EXPORTER_PASSWORD}' WITH MAX_USER_CONNECTIONS 3;`);
  });

  it("refuses an exporter password SQL cannot hold as is, and one for an external server", () => {
    const withPassword = (password: string, mysql?: Record<string, unknown>) => ({
      ...staging(mysql),
      ...toPulumiConfig({ "ssgbay:mysqlExporterPassword": password }),
    });
    const rule =
      "ssgbay:mysqlExporterPassword: must be printable ASCII without spaces, quotes or backslashes";
    expect(configProblems(withPassword("exporter-password-with-'quote"))).toEqual([rule]);
    expect(configProblems(withPassword("exporter\\password-backslash"))).toEqual([rule]);
    expect(configProblems(withPassword("exporter password with spaces"))).toEqual([rule]);
    expect(configProblems(withPassword("short"))).toEqual([
      "ssgbay:mysqlExporterPassword: must be at least 16 characters",
    ]);
    expect(configProblems(withPassword(EXPORTER_PASSWORD))).toEqual([]);
    expect(
      configProblems({
        ...withPassword(EXPORTER_PASSWORD, { mode: "external", host: "10.20.0.5" }),
        ...toPulumiConfig({ "ssgbay:mysqlPassword": "external-app-password-0123456789" }),
      }),
    ).toEqual(["ssgbay:mysqlExporterPassword: is only for mysql.mode inCluster"]);
  });

  it("refuses a buffer pool larger than the memory limit allows, naming the key and the rule", () => {
    expect(configProblems(staging({ innodbBufferPoolSize: "1200Mi" }))).toEqual([
      "ssgbay:mysql.innodbBufferPoolSize: must be from 128Mi to 960Mi for a 1536Mi limit: at most 75% of (mysql.resources.limits.memory − 256Mi); the default is 60% of it in whole 128Mi chunks",
    ]);
    expect(
      configProblems(
        staging({
          resources: { requests: { cpu: "1", memory: "384Mi" }, limits: { memory: "384Mi" } },
        }),
      ),
    ).toEqual([
      "ssgbay:mysql.resources.limits.memory: must be at least 512Mi: 256Mi of server overhead plus a buffer pool of at least one 128Mi chunk",
    ]);
    expect(configProblems(staging({ innodbBufferPoolSize: "960Mi" }))).toEqual([]);
  });

  it("reads memory quantities as Kubernetes does", () => {
    expect(memoryBytes("1536Mi")).toBe(1536 * 1024 ** 2);
    expect(memoryBytes("2Gi")).toBe(2 * 1024 ** 3);
    expect(memoryBytes("1G")).toBe(1e9);
    expect(memoryBytes("500m")).toBeUndefined();
    expect(defaultBufferPoolBytes(512 * 1024 ** 2)).toBe(128 * 1024 ** 2);
  });
});
