# Every SSGBay image, one target each; build from the repository root (context: the root, see
# .dockerignore):
#   docker build --target api     -t ssgbay-api .      the API, plus the migration CLI that runs
#                                                      before a new version serves traffic:
#       node app-api/dist/server.js         (the default command; listens on PORT, 8080)
#       node database/dist/cli/migrate.js   (applies pending migrations, exits 0)
#   docker build --target settler -t ssgbay-settler .  one run settles every ended auction, then
#                                                      exits (a Kubernetes CronJob)
#   docker build --target web     -t ssgbay-web .      the built SPA served by unprivileged nginx
#                                                      on 8080, proxying /api/ (including
#                                                      Server-Sent Events) to API_UPSTREAM
#   docker build --target backup  -t ssgbay-backup .   the off-cluster backup job's tools:
#                                                      mysqldump | gzip | age | rclone rcat (to
#                                                      an S3-compatible bucket; infra/README.md)
# Base images are the official ones unless given: --build-arg NODE_IMAGE=… / NGINX_IMAGE=….
# node:20.20.2-alpine3.23 is the last Node 20 release on Alpine 3.23.
ARG NODE_IMAGE=node:20.20.2-alpine3.23
ARG NGINX_IMAGE=nginxinc/nginx-unprivileged:1.28.0-alpine3.21
# The backup image is Debian's packages (the same versions the backup test runs on the host):
# no registry's copy of rclone or age to trust, and one apt-get updates them all.
ARG BACKUP_IMAGE=debian:bookworm-slim

# Every workspace's package.json, because npm ci checks the whole lockfile against the
# workspaces; first, so the dependency layers are rebuilt only when a manifest changes.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /app
COPY package.json package-lock.json ./
COPY database/package.json database/
COPY contract/package.json contract/
COPY app-api/package.json app-api/
COPY app-settler/package.json app-settler/
COPY app-web/package.json app-web/
COPY infra/package.json infra/
COPY e2e/package.json e2e/

# What every build needs: the apps' dependencies (dev ones included) and the shared compiler
# settings. One install serves all three images.
FROM manifests AS deps
RUN npm ci --workspace contract --workspace database --workspace app-api \
      --workspace app-settler --workspace app-web --include-workspace-root \
      --ignore-scripts --no-audit --no-fund
COPY tsconfig.base.json ./

# The HTTP contract, built first: the API and the web import it.
FROM deps AS contract-build
COPY contract/tsconfig.build.json contract/
COPY contract/src contract/src
RUN npm run build --workspace contract

FROM contract-build AS database-build
COPY database/tsconfig.build.json database/
COPY database/src database/src
RUN npm run build --workspace database

FROM database-build AS api-build
COPY app-api/tsconfig.build.json app-api/
COPY app-api/src app-api/src
RUN npm run build --workspace app-api

FROM database-build AS settler-build
COPY app-settler/tsconfig.build.json app-settler/
COPY app-settler/src app-settler/src
RUN npm run build --workspace app-settler

FROM contract-build AS web-build
COPY app-web/tsconfig.json app-web/vite.config.ts app-web/index.html app-web/
COPY app-web/public app-web/public
COPY app-web/src app-web/src
RUN npm run build --workspace app-web

# The off-cluster backup (backup.offsite): mysqldump (MariaDB's client; speaks to MySQL 8.4 and
# MariaDB), gzip, age and rclone from Debian, bash for the script's pipefail. No app code.
FROM ${BACKUP_IMAGE} AS backup
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      mariadb-client rclone age gzip ca-certificates \
    && rm -rf /var/lib/apt/lists/*
# The MySQL image's UID, as the backup pod's security context says; the root filesystem stays
# read-only (the script writes only under /tmp, an emptyDir).
USER 999:999

# What both Node images start from: the manifests, for a production-only install of one app.
FROM manifests AS node-runtime
ENV NODE_ENV=production

FROM node-runtime AS api
ENV PORT=8080
RUN npm ci --omit=dev --workspace database --workspace app-api \
      --ignore-scripts --no-audit --no-fund \
    && npm cache clean --force
COPY database/migrations database/migrations
COPY --from=api-build /app/contract/dist contract/dist
COPY --from=api-build /app/database/dist database/dist
COPY --from=api-build /app/app-api/dist app-api/dist
# Numeric, so Kubernetes can verify runAsNonRoot without a passwd lookup. The root filesystem
# can be read-only: uploads go to UPLOAD_DIR (a mounted volume) and nothing else is written.
USER 10001
EXPOSE 8080
CMD ["node", "app-api/dist/server.js"]

FROM node-runtime AS settler
RUN npm ci --omit=dev --workspace database --workspace app-settler \
      --ignore-scripts --no-audit --no-fund \
    && npm cache clean --force
COPY --from=settler-build /app/database/dist database/dist
COPY --from=settler-build /app/app-settler/dist app-settler/dist
# Numeric, so Kubernetes can verify runAsNonRoot without a passwd lookup.
USER 10001
CMD ["node", "app-settler/dist/main.js"]

FROM ${NGINX_IMAGE} AS web
# The image's entrypoint renders /etc/nginx/templates/*.template into /etc/nginx/conf.d/ with
# envsubst; the filter keeps nginx's own $variables out of the substitution. With TLS the pod
# sets NGINX_ENVSUBST_TEMPLATE_DIR=/etc/nginx/templates-tls (HTTPS on 8443, HTTP redirects).
ENV API_UPSTREAM=http://api:8080 \
    NGINX_ENVSUBST_FILTER=^API_UPSTREAM$
COPY --chown=101:101 app-web/nginx/default.conf.template /etc/nginx/templates/default.conf.template
COPY --chown=101:101 app-web/nginx/site.inc.template /etc/nginx/templates/site.inc.template
COPY --chown=101:101 app-web/nginx/hsts.conf.template /etc/nginx/templates/hsts.conf.template
COPY --chown=101:101 app-web/nginx/tls.conf.template /etc/nginx/templates-tls/default.conf.template
COPY --chown=101:101 app-web/nginx/site.inc.template /etc/nginx/templates-tls/site.inc.template
COPY --chown=101:101 app-web/nginx/hsts.conf.template /etc/nginx/templates-tls/hsts.conf.template
COPY --chown=101:101 app-web/nginx/security-headers.conf /etc/nginx/snippets/security-headers.conf
COPY --chown=101:101 app-web/nginx/healthz.conf /etc/nginx/snippets/healthz.conf
COPY --chown=101:101 --from=web-build /app/app-web/dist /usr/share/nginx/html
# nginx-unprivileged already runs as this user; stated so the pod's runAsUser matches.
USER 101
EXPOSE 8080 8443
HEALTHCHECK --interval=30s --timeout=3s CMD wget -q -O /dev/null http://127.0.0.1:8080/healthz || exit 1
