import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { createApi, loadApiConfig } from "@ssgbay/app-api";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  DASHBOARD_FILE,
  DASHBOARD_LABEL,
  dashboardSchema,
  KUBE_STATE_METRICS,
  readDashboard,
} from "../components/monitoring.js";
import { configProblems, REF_IMAGES } from "./support/config-problems.js";
import { find, type KubeObject, kubeObjects } from "./support/kube-objects.js";
import { invariantViolations } from "./support/policy-invariants.js";
import { runProgram } from "./support/run-program.js";
import { scratchDirectory } from "./support/scratch.js";
import { REPOSITORY_ROOT, readStackConfig, toPulumiConfig } from "./support/stack-files.js";

/** Words of PromQL that are not metric names. */
const PROMQL_WORDS = new Set([
  ...["by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset"],
  ...["and", "or", "unless", "le", "inf", "nan"],
]);

/** The metric names a PromQL expression (or a label_values query) reads. */
export function metricNames(expression: string): string[] {
  const bare = expression
    .replace(/"(?:[^"\\]|\\.)*"/g, '""') // label values
    .replace(/\{[^}]*\}/g, "") // label matchers
    .replace(/\[[^\]]*\]/g, "") // ranges
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, "") // label lists
    .replace(/label_values\(\s*([a-zA-Z_:][\w:]*)\s*,[^)]*\)/g, " $1 "); // the label argument
  return [...bare.matchAll(/(?<![\w$.])([a-zA-Z_:][\w:]*)\b(?!\s*\()/g)]
    .map((match) => match[1] as string)
    .filter((word) => !PROMQL_WORDS.has(word.toLowerCase()));
}

/**
 * Every series name the API's real registry exposes on /metrics (the app as it runs, its pool
 * never connected): histograms and summaries as their _bucket/_sum/_count series.
 */
async function apiMetricNames(): Promise<Set<string>> {
  const config = loadApiConfig({
    DB_HOST: "127.0.0.1",
    DB_NAME: "ssgbay",
    DB_USER: "ssgbay",
    DB_PASSWORD: "unused-password",
    JWT_SECRET: "a-test-secret-of-at-least-32-characters",
    UPLOAD_DIR: scratchDirectory("uploads"),
  });
  const api = await createApi(config);
  const server = api.metricsApp.listen(0, "127.0.0.1");
  try {
    await new Promise((resolve) => server.once("listening", resolve));
    const { port } = server.address() as AddressInfo;
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const names = new Set<string>();
    for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
      names.add(name as string);
      if (type === "histogram")
        for (const s of ["_bucket", "_sum", "_count"]) names.add(`${name}${s}`);
      if (type === "summary") for (const s of ["_sum", "_count"]) names.add(`${name}${s}`);
    }
    return names;
  } finally {
    server.close();
    await api.close();
  }
}

describe("the Grafana dashboard (infra/monitoring/ssgbay-dashboard.json)", () => {
  let registered: Set<string>;
  beforeAll(async () => {
    registered = await apiMetricNames();
  });

  it("parses as the dashboard model the program relies on, every data source the template variable", () => {
    const { dashboard } = readDashboard();
    expect(dashboard.templating.list.map((variable) => variable.name)).toContain("datasource");
    // A panel or query with a fixed data source uid does not parse.
    const fixed = { type: "prometheus", uid: "P1809F7CD0C75ACF3" };
    const panelFixed = JSON.parse(readFileSync(DASHBOARD_FILE, "utf8"));
    panelFixed.panels[0].datasource = fixed;
    expect(dashboardSchema.safeParse(panelFixed).success).toBe(false);
    const queryFixed = JSON.parse(readFileSync(DASHBOARD_FILE, "utf8"));
    queryFixed.panels.at(-1).targets[0].datasource = fixed;
    expect(dashboardSchema.safeParse(queryFixed).success).toBe(false);
  });

  it("reads only metrics the API really registers, or kube-state-metrics' Job series for the settler", () => {
    const { dashboard } = readDashboard();
    const expressions = [
      ...dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr)),
      ...dashboard.templating.list.flatMap((variable) =>
        variable.type === "query" ? [variable.query.query] : [],
      ),
    ];
    const used = new Set(expressions.flatMap(metricNames));
    const known = new Set([...registered, ...KUBE_STATE_METRICS]);
    expect([...used].filter((name) => !known.has(name))).toEqual([]);
    // The panels the runbook promises: requests, latency, bids, SSE clients, DB pool, settler runs.
    for (const name of [
      "http_requests_total",
      "http_request_duration_seconds_bucket",
      "bids_total",
      "sse_streams_open",
      "sse_stream_refusals_total",
      "db_pool_connections",
      "kube_job_status_succeeded",
    ]) {
      expect(used, name).toContain(name);
    }
  });

  it("the check above can fail: it finds a name the registry lacks, and ignores functions and labels", () => {
    expect(
      metricNames('sum by (route) (rate(http_requests_total{route="/x"}[5m])) / on(job) up'),
    ).toEqual(["http_requests_total", "up"]);
    expect(registered.has("http_requests_total")).toBe(true);
    expect(registered.has("http_request_duration_seconds_bucket")).toBe(true);
    expect(registered.has("bids_accepted_total")).toBe(false);
    expect(metricNames("label_values(sse_streams_open, namespace)")).toEqual(["sse_streams_open"]);
  });

  it("the settler registers no metrics (one run per Job): settler runs come from kube-state-metrics", () => {
    const manifest = z
      .object({ dependencies: z.record(z.string(), z.string()).default({}) })
      .loose()
      .parse(
        JSON.parse(readFileSync(path.join(REPOSITORY_ROOT, "app-settler/package.json"), "utf8")),
      );
    expect(Object.keys(manifest.dependencies)).not.toContain("prom-client");
  });
});

const monitoringOn = {
  prometheusOperator: true,
  grafanaDashboard: true,
};
const staging = (monitoring: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  ...readStackConfig("staging"),
  ...toPulumiConfig({ "ssgbay:images": REF_IMAGES, "ssgbay:monitoring": monitoring, ...extra }),
});

type ServiceMonitorSpec = {
  namespaceSelector: { matchNames: string[] };
  selector: { matchLabels: Record<string, string> };
  endpoints: { port: string; path: string; interval: string }[];
};
/** The Services a ServiceMonitor selects, with the port names they have. */
function selectedServices(objects: KubeObject[], monitor: KubeObject) {
  const spec = monitor.manifest.spec as ServiceMonitorSpec;
  return objects
    .filter((object) => object.kind === "Service")
    .filter((service) => spec.namespaceSelector.matchNames.includes(String(service.namespace)))
    .filter((service) =>
      Object.entries(spec.selector.matchLabels).every(
        ([key, value]) => service.labels[key] === value,
      ),
    )
    .map((service) => ({
      name: service.name,
      ports: ((service.manifest.spec as { ports: { name: string }[] }).ports ?? []).map(
        (p) => p.name,
      ),
    }));
}

describe("monitoring under mocks", () => {
  it("creates nothing unless switched on", async () => {
    const objects = kubeObjects((await runProgram("staging", staging({}))).resources);
    expect(objects.filter((object) => object.kind === "ServiceMonitor")).toEqual([]);
    expect(objects.filter((object) => object.labels.grafana_dashboard)).toEqual([]);
  });

  it("ServiceMonitors for api-metrics and the MySQL exporter, labelled for the Prometheus; the dashboard ConfigMap", async () => {
    const run = await runProgram("staging", staging(monitoringOn));
    const objects = kubeObjects(run.resources);
    expect(invariantViolations(run.resources)).toEqual({});
    const monitors = objects.filter((object) => object.kind === "ServiceMonitor");
    expect(monitors.map((monitor) => monitor.name).sort()).toEqual(["api", "mysql"]);
    for (const monitor of monitors) {
      expect(monitor.apiVersion).toBe("monitoring.coreos.com/v1");
      expect(monitor.labels.release).toBe("prometheus");
    }
    const api = find(objects, "ServiceMonitor", "api");
    const apiSpec = api.manifest.spec as ServiceMonitorSpec;
    expect(apiSpec.endpoints).toEqual([{ port: "metrics", path: "/metrics", interval: "30s" }]);
    // Exactly the metrics Service (port 9464), never the API's public one.
    expect(selectedServices(objects, api)).toEqual([{ name: "api-metrics", ports: ["metrics"] }]);
    const metricsService = find(objects, "Service", "api-metrics").manifest.spec as {
      ports: { name: string; port: number }[];
    };
    expect(metricsService.ports).toEqual([
      expect.objectContaining({ name: "metrics", port: 9464 }),
    ]);
    const mysql = selectedServices(objects, find(objects, "ServiceMonitor", "mysql"));
    expect(mysql.filter((service) => service.ports.includes("metrics"))).toEqual([
      { name: "mysql", ports: ["mysql", "metrics"] },
    ]);

    const dashboard = objects.find((object) => object.labels.grafana_dashboard === "1");
    if (!dashboard) throw new Error("no dashboard ConfigMap");
    expect(dashboard.kind).toBe("ConfigMap");
    expect(dashboard.labels).toMatchObject(DASHBOARD_LABEL);
    expect(dashboard.namespace).toBe("ssgbay");
    expect((dashboard.manifest.data as Record<string, string>)["ssgbay.json"]).toBe(
      readFileSync(DASHBOARD_FILE, "utf8"),
    );
  });

  it("takes the Prometheus's selector labels, interval and Grafana's namespace from config", async () => {
    const objects = kubeObjects(
      (
        await runProgram(
          "staging",
          staging({
            ...monitoringOn,
            serviceMonitorLabels: { "prometheus.io/scrape-set": "apps" },
            scrapeInterval: "15s",
            dashboardNamespace: "monitoring",
          }),
        )
      ).resources,
    );
    const api = find(objects, "ServiceMonitor", "api");
    expect(api.labels["prometheus.io/scrape-set"]).toBe("apps");
    expect(api.labels.release).toBeUndefined();
    expect((api.manifest.spec as ServiceMonitorSpec).endpoints[0]?.interval).toBe("15s");
    expect(objects.find((object) => object.labels.grafana_dashboard)?.namespace).toBe("monitoring");
  });

  it("no MySQL ServiceMonitor for an external database", async () => {
    const config = staging(monitoringOn, {
      "ssgbay:mysql": { mode: "external", host: "10.40.0.5" },
      "ssgbay:mysqlPassword": "an-external-password-0123",
    });
    const objects = kubeObjects(
      (await runProgram("staging", config, { secretKeys: ["ssgbay:mysqlPassword"] })).resources,
    );
    expect(
      objects.filter((object) => object.kind === "ServiceMonitor").map((object) => object.name),
    ).toEqual(["api"]);
  });

  it("refuses bad monitoring settings, naming the key", () => {
    expect(
      configProblems(
        staging({
          prometheusOperator: "yes",
          serviceMonitorLabels: { "bad key!": "x" },
          scrapeInterval: "30",
        }),
      ),
    ).toEqual([
      expect.stringMatching(/^ssgbay:monitoring\.prometheusOperator: /),
      "ssgbay:monitoring.serviceMonitorLabels.bad key!: must be a Kubernetes label key",
      "ssgbay:monitoring.scrapeInterval: must be a Prometheus duration in seconds or minutes, e.g. 30s",
    ]);
  });
});
