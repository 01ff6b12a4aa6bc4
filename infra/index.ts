import * as path from "node:path";
import { fileURLToPath } from "node:url";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ApiServer, UPLOAD_DIR } from "./components/api-server.js";
import { APP_SECRET_KEYS, AppConfig } from "./components/app-config.js";
import { Backup } from "./components/backup.js";
import { CertManager } from "./components/cert-manager.js";
import {
  claimParameters,
  claimParameterValues,
  refuseClaimReplacement,
} from "./components/claim-guard.js";
import type { ClusterContext, ClusterScope } from "./components/context.js";
import { DevCertificateAuthority } from "./components/dev-certificate-authority.js";
import { IMAGE_TAG_VARIABLE } from "./components/image-tag.js";
import { AppImages, promotedImageRefs } from "./components/images.js";
import { MetalLbPool } from "./components/metallb.js";
import { Monitoring } from "./components/monitoring.js";
import { MYSQL_SECRET_KEYS, MySql } from "./components/mysql.js";
import { AppNamespace } from "./components/namespace.js";
import { NfsStorage } from "./components/nfs-storage.js";
import { Settler } from "./components/settler.js";
import { VolumeClaims } from "./components/volume-claims.js";
import { Web } from "./components/web.js";
import { endpointPort } from "./config/backup-offsite.js";
import { describeTarget } from "./config/cluster.js";
import { loadStackConfig } from "./config/index.js";
import { databasePort, externalEgressCidr } from "./config/mysql.js";

const config = loadStackConfig();
const dataClaimParameters = claimParameters(config);
// Before any object exists: a change that would replace a data claim fails here, on preview too.
await refuseClaimReplacement(config, dataClaimParameters);
const instance = pulumi.getStack();
const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

// Never the ambient current context for a stack other than dev (config/cluster.ts).
const targetDescription = describeTarget(config, config.namespace);
pulumi.log.info(`ssgbay ${instance}: ${targetDescription}`);
const provider = new k8s.Provider("kubernetes", {
  context: config.kubernetes.context,
  kubeconfig: config.kubernetesKubeconfig,
  renderYamlToDirectory: config.kubernetes.renderYamlToDirectory,
});
const cluster: ClusterScope = { provider, instance };
/** In-cluster: a StatefulSet on the mysql-data claim; external: a server the program does not run. */
const inClusterDatabase = config.mysql.mode === "inCluster";

const appImages = new AppImages("images", {
  images: config.images,
  registry: config.registry,
  registryPassword: config.registryPassword,
  repositoryRoot,
  tagFromEnvironment: process.env[IMAGE_TAG_VARIABLE],
  promoted:
    config.images.source === "stackReference"
      ? await promotedImageRefs(config.images.stack)
      : undefined,
});

const appNamespace = new AppNamespace("namespace", {
  ...cluster,
  name: config.namespace,
  apiPublic: config.api.loadBalancer,
  retention: config.data,
  database: inClusterDatabase
    ? { kind: "inCluster" }
    : {
        kind: "external",
        cidr: externalEgressCidr(config.mysql),
        port: databasePort(config.mysql),
      },
  backupEgress: config.backup.offsite
    ? { cidr: config.backup.offsite.egressCidr, port: endpointPort(config.backup.offsite) }
    : undefined,
});
const namespace = appNamespace.name;
/** Where every app object goes: the stack's provider, in the app namespace. */
const inApp: ClusterContext = { ...cluster, namespace };

const target = config.target;
/** A managed cluster spans zones; the Vagrant cluster is one. */
const spreadAcrossZones = target.kind === "managed";
const metallb =
  target.kind === "vagrant"
    ? new MetalLbPool("metallb", { ...cluster, metallb: target.metallb })
    : undefined;
const nfs =
  target.kind === "vagrant"
    ? new NfsStorage("nfs", {
        ...inApp,
        nfs: target.nfs,
        uploadsSize: config.storage.uploadsSize,
        mysqlSize: inClusterDatabase ? config.storage.mysqlSize : undefined,
        retention: config.data,
        nodeAddresses: target.nodeAddresses,
      })
    : undefined;

const claims = new VolumeClaims("claims", {
  ...inApp,
  retention: config.data,
  shared: {
    size: config.storage.uploadsSize,
    source: nfs
      ? { kind: "volume", volumeName: nfs.volumeNames.shared }
      : { kind: "storageClass", storageClassName: storageClass("readWriteMany") },
  },
  mysql: inClusterDatabase
    ? {
        size: config.storage.mysqlSize,
        source: nfs?.volumeNames.mysql
          ? { kind: "volume", volumeName: nfs.volumeNames.mysql }
          : { kind: "storageClass", storageClassName: storageClass("readWriteOnce") },
      }
    : undefined,
});

const mysql = claims.mysqlClaim
  ? new MySql("mysql", {
      ...inApp,
      mysql: config.mysql,
      dataClaim: claims.mysqlClaim,
      rootPassword: config.mysqlRootPassword,
      appPassword: config.mysqlPassword,
      exporterPassword: config.mysqlExporterPassword,
    })
  : undefined;
const database = mysql
  ? { host: mysql.host, password: mysql.appPassword }
  : { host: pulumi.output(config.mysql.host ?? ""), password: externalPassword() };

const appConfig = new AppConfig("app-config", {
  ...inApp,
  config,
  mysqlHost: database.host,
  mysqlPassword: database.password,
  uploadDir: UPLOAD_DIR,
});

const api = new ApiServer("api", {
  ...inApp,
  image: appImages.refs.api,
  api: config.api,
  appConfig,
  sharedClaim: claims.sharedClaim,
  spreadAcrossZones,
});

// Vagrant only (the config refuses them elsewhere): cert-manager, and the dev CA for it.
const CERT_MANAGER = "cert-manager";
const certManager =
  config.tls.mode === "certManager" && config.tls.installCertManager
    ? new CertManager(CERT_MANAGER, { ...cluster, chartVersion: config.tls.chartVersion })
    : undefined;
const devCa =
  config.tls.mode === "certManager" && config.tls.devCa
    ? new DevCertificateAuthority("dev-ca", {
        ...cluster,
        certManager,
        formerParent: certManager && { resource: certManager, name: CERT_MANAGER },
      })
    : undefined;

const web = new Web("web", {
  ...inApp,
  image: appImages.refs.web,
  web: config.web,
  apiUrl: api.url,
  imagePullSecrets: appConfig.imagePullSecrets,
  loadBalancer: metallb
    ? { kind: "metallb", address: config.web.loadBalancerIP, poolName: metallb.poolName }
    : { kind: "cloud" },
  tls: config.tls,
  issuerReady: devCa ? [devCa.issuer] : certManager ? [certManager] : [],
  dependsOn: metallb ? [metallb] : [],
  spreadAcrossZones,
});

// The CronJobs run the schema the API's init container migrates to: they wait for its rollout.
new Settler("settler", {
  ...inApp,
  image: appImages.refs.settler,
  settler: config.settler,
  appConfig,
  dependsOn: [api],
});

new Backup("backup", {
  ...inApp,
  backup: config.backup,
  image: appImages.refs.backup,
  imagePullSecrets: appConfig.imagePullSecrets,
  mysql: config.mysql,
  database: {
    host: database.host,
    port: databasePort(config.mysql),
    // In-cluster: the MySQL Secret; external: the app Secret (the only copy of that password).
    passwordSecret: mysql
      ? { name: mysql.credentialsSecretName, key: MYSQL_SECRET_KEYS.appPassword }
      : { name: appConfig.secretName, key: APP_SECRET_KEYS.databasePassword },
    tlsCa: config.mysql.caCertificate,
  },
  sharedClaim: claims.sharedClaim,
  offsiteKeys:
    config.backupAccessKeyId && config.backupSecretAccessKey
      ? { accessKeyId: config.backupAccessKeyId, secretAccessKey: config.backupSecretAccessKey }
      : undefined,
  dependsOn: [api],
});

new Monitoring("monitoring", {
  ...inApp,
  monitoring: config.monitoring,
  mysqlExporter: mysql !== undefined,
});

function externalPassword(): pulumi.Output<string> {
  if (!config.mysqlPassword) throw new Error("mysqlPassword is validated for mysql.mode external");
  return config.mysqlPassword;
}

function storageClass(mode: "readWriteMany" | "readWriteOnce"): string {
  if (target.kind !== "managed")
    throw new Error("storage classes are only used on managed clusters");
  return target.storageClasses[mode];
}

export const webUrl = web.url;
/** Which cluster (context, kubeconfig source) and namespace this stack deploys to. */
export const deployTarget = targetDescription;
export { namespace };
/** Digest refs of exactly what runs here; the next stack promotes these (StackReference). */
export const images = appImages.refs;
export const mysqlService = mysql?.serviceName;
/** What the data claims' storage follows; the next run refuses a change to it (claim-guard.ts). */
export const dataClaims = claimParameterValues(dataClaimParameters);
