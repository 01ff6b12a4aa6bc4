import { readFileSync } from "node:fs";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { MonitoringConfig } from "../config/monitoring.js";
import { METRICS_PORT_NAME } from "./api-server.js";
import { type ClusterContext, childOptions } from "./context.js";
import { type AppIdentity, recommendedLabels } from "./labels.js";
import { METRICS_PORT as MYSQL_METRICS_PORT } from "./mysql.js";

/** The checked-in dashboard (infra/monitoring), shipped as it is. */
export const DASHBOARD_FILE = new URL("../monitoring/ssgbay-dashboard.json", import.meta.url);
/** The label the Grafana sidecar (kube-prometheus-stack's default) collects dashboards by. */
export const DASHBOARD_LABEL = { grafana_dashboard: "1" } as const;

/**
 * Metrics the dashboard reads that no SSGBay process registers: the settler runs once per Job
 * and exits before any scrape, so its runs are the CronJob's Jobs as kube-state-metrics reports
 * them (a standard part of kube-prometheus-stack).
 */
export const KUBE_STATE_METRICS = [
  "kube_job_status_succeeded",
  "kube_job_status_failed",
  "kube_cronjob_status_last_successful_time",
] as const;

/** Grafana's reference to the `datasource` template variable (Grafana syntax, not a JS template). */
// biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax
export const DATASOURCE_VARIABLE = "${datasource}";
/** A data source reference that must be the template variable, never a fixed uid. */
const datasourceRef = z
  .object({ type: z.literal("prometheus"), uid: z.literal(DATASOURCE_VARIABLE) })
  .strict();

/** The fields of a Grafana dashboard model this program writes and relies on. */
export const dashboardSchema = z.object({
  uid: z.string().regex(/^[\w-]{1,40}$/),
  title: z.string().min(1),
  schemaVersion: z.number().int(),
  templating: z.object({
    list: z
      .array(
        z.discriminatedUnion("type", [
          z.object({
            name: z.literal("datasource"),
            type: z.literal("datasource"),
            query: z.literal("prometheus"),
          }),
          z.object({
            name: z.string(),
            type: z.literal("query"),
            datasource: datasourceRef,
            query: z.object({ query: z.string().min(1), refId: z.string() }),
          }),
        ]),
      )
      .refine((list) => list.some((variable) => variable.type === "datasource"), {
        error: "must have the datasource variable",
      }),
  }),
  panels: z
    .array(
      z.object({
        id: z.number().int(),
        type: z.literal("timeseries"),
        title: z.string().min(1),
        datasource: datasourceRef,
        gridPos: z.object({ h: z.number(), w: z.number(), x: z.number(), y: z.number() }),
        targets: z
          .array(
            z.object({
              refId: z.string(),
              datasource: datasourceRef,
              expr: z.string().min(1),
              legendFormat: z.string(),
            }),
          )
          .min(1),
      }),
    )
    .min(1),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

/** The checked-in dashboard, validated. */
export function readDashboard(): { text: string; dashboard: Dashboard } {
  const text = readFileSync(DASHBOARD_FILE, "utf8");
  return { text, dashboard: dashboardSchema.parse(JSON.parse(text)) };
}

export interface MonitoringArgs extends ClusterContext {
  monitoring: MonitoringConfig;
  /** Scrape the in-cluster MySQL's exporter too (none for an external database). */
  mysqlExporter: boolean;
}

/**
 * Tells a Prometheus Operator where to scrape (ServiceMonitors for the API's `api-metrics`
 * Service and the MySQL exporter) and gives Grafana the SSGBay dashboard (a labelled ConfigMap).
 * Prometheus reaches the ports through the NetworkPolicy of namespace.ts (METRICS_SCRAPER).
 */
export class Monitoring extends pulumi.ComponentResource {
  constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ssgbay:index:Monitoring", name, {}, opts);
    const { monitoring } = args;
    const childOpts = childOptions(this, args);
    if (monitoring.prometheusOperator) {
      this.serviceMonitor(name, "api", args, childOpts, {
        selected: { name: "api", component: "metrics", instance: args.instance },
        port: METRICS_PORT_NAME,
        path: "/metrics",
      });
      if (args.mysqlExporter) {
        this.serviceMonitor(name, "mysql", args, childOpts, {
          selected: { name: "mysql", component: "database", instance: args.instance },
          port: MYSQL_METRICS_PORT.name,
          path: "/metrics",
        });
      }
    }
    if (monitoring.grafanaDashboard) {
      const { text } = readDashboard();
      new k8s.core.v1.ConfigMap(
        `${name}-dashboard`,
        {
          metadata: {
            name: `ssgbay-dashboard-${args.instance}`,
            namespace: monitoring.dashboardNamespace ?? args.namespace,
            labels: {
              ...recommendedLabels({
                name: "ssgbay",
                component: "dashboard",
                instance: args.instance,
              }),
              ...DASHBOARD_LABEL,
            },
          },
          data: { "ssgbay.json": text },
        },
        childOpts,
      );
    }
    this.registerOutputs({});
  }

  private serviceMonitor(
    name: string,
    app: string,
    args: MonitoringArgs,
    opts: pulumi.CustomResourceOptions,
    target: { selected: AppIdentity; port: string; path: string },
  ): void {
    const { selected } = target;
    new k8s.apiextensions.CustomResource(
      `${name}-${app}`,
      {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "ServiceMonitor",
        metadata: {
          name: app,
          namespace: args.namespace,
          labels: {
            ...recommendedLabels({ name: app, component: "monitoring", instance: args.instance }),
            ...args.monitoring.serviceMonitorLabels,
          },
        },
        spec: {
          namespaceSelector: { matchNames: [args.namespace] },
          // The metrics Service's own labels: never the API's main Service (no metrics port).
          selector: {
            matchLabels: {
              "app.kubernetes.io/name": selected.name,
              "app.kubernetes.io/component": selected.component,
              "app.kubernetes.io/instance": selected.instance,
            },
          },
          endpoints: [
            { port: target.port, path: target.path, interval: args.monitoring.scrapeInterval },
          ],
        },
      },
      opts,
    );
  }
}
