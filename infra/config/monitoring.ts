// Whether the cluster's Prometheus Operator and Grafana are told about the app (monitoring.ts).
import { z } from "zod";
import { booleanFlag, dnsLabel } from "./rules.js";

/** A label key as Kubernetes accepts it: an optional DNS prefix and a name of up to 63 characters. */
const labelKey = z
  .string()
  .regex(
    /^([a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?\/)?[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$/,
    "must be a Kubernetes label key",
  );
const labelValue = z
  .string()
  .regex(/^([A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?)?$/, "must be a Kubernetes label value");

export const monitoringSchema = z
  .object({
    /** The cluster has the Prometheus Operator's CRDs: create ServiceMonitors (API, MySQL exporter). */
    prometheusOperator: booleanFlag.default(false),
    /** Labels the Prometheus's serviceMonitorSelector matches (kube-prometheus-stack: its release). */
    serviceMonitorLabels: z
      .record(labelKey, labelValue, {
        error: (issue) =>
          issue.code === "invalid_key" ? "must be a Kubernetes label key" : undefined,
      })
      .default({ release: "prometheus" }),
    scrapeInterval: z
      .string()
      .regex(/^[1-9]\d*(s|m)$/, "must be a Prometheus duration in seconds or minutes, e.g. 30s")
      .default("30s"),
    /** A Grafana dashboard ConfigMap for the Grafana sidecar (label grafana_dashboard: "1"). */
    grafanaDashboard: booleanFlag.default(false),
    /** Where the sidecar looks for dashboards (default: the app namespace). */
    dashboardNamespace: dnsLabel.optional(),
  })
  .strict()
  .prefault({});
export type MonitoringConfig = z.infer<typeof monitoringSchema>;
