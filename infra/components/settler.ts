import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../config/index.js";
import { APP_SECRET_KEYS, type AppConfig } from "./app-config.js";
import { type ClusterContext, childOptions } from "./context.js";
import { type AppIdentity, recommendedLabels } from "./labels.js";
import {
  resourceRequirements,
  restrictedContainerSecurity,
  restrictedPodSecurity,
  UID,
} from "./security.js";

export interface SettlerArgs extends ClusterContext {
  image: pulumi.Output<string>;
  settler: StackConfig["settler"];
  appConfig: AppConfig;
  /** What must be rolled out first: the API, whose init container migrates the schema. */
  dependsOn: pulumi.Resource[];
}

/**
 * Settles ended auctions on a schedule. One run is short and exact-once safe, so runs never
 * overlap (Forbid), a late run is skipped rather than piled up, and a failed run is retried.
 */
export class Settler extends pulumi.ComponentResource {
  constructor(name: string, args: SettlerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ssgbay:index:Settler", name, {}, opts);
    const identity: AppIdentity = { name: "settler", component: "job", instance: args.instance };
    const labels = recommendedLabels(identity);
    const { settler, appConfig } = args;
    new k8s.batch.v1.CronJob(
      `${name}-cronjob`,
      {
        metadata: { name: "settler", namespace: args.namespace, labels },
        spec: {
          schedule: settler.schedule,
          timeZone: "Etc/UTC",
          concurrencyPolicy: "Forbid",
          startingDeadlineSeconds: settler.startingDeadlineSeconds,
          successfulJobsHistoryLimit: 3,
          failedJobsHistoryLimit: 3,
          jobTemplate: {
            metadata: { labels },
            spec: {
              backoffLimit: settler.backoffLimit,
              activeDeadlineSeconds: settler.activeDeadlineSeconds,
              ttlSecondsAfterFinished: 3600,
              template: {
                metadata: { labels },
                spec: {
                  restartPolicy: "Never",
                  securityContext: restrictedPodSecurity(UID.node),
                  automountServiceAccountToken: false,
                  imagePullSecrets: appConfig.imagePullSecrets,
                  containers: [
                    {
                      name: "settler",
                      image: args.image,
                      envFrom: [{ configMapRef: { name: appConfig.configMapName } }],
                      env: [
                        {
                          name: APP_SECRET_KEYS.databasePassword,
                          valueFrom: {
                            secretKeyRef: {
                              name: appConfig.secretName,
                              key: APP_SECRET_KEYS.databasePassword,
                            },
                          },
                        },
                      ],
                      resources: resourceRequirements(settler.resources),
                      securityContext: restrictedContainerSecurity,
                    },
                  ],
                },
              },
            },
          },
        },
      },
      { ...childOptions(this, args), dependsOn: args.dependsOn, deleteBeforeReplace: true },
    );
    this.registerOutputs({});
  }
}
