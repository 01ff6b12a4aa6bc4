#!/bin/sh
# The part of the official nginx image's entrypoint that app-web relies on: when the command is
# nginx, render $NGINX_ENVSUBST_TEMPLATE_DIR/*$NGINX_ENVSUBST_TEMPLATE_SUFFIX into
# $NGINX_ENVSUBST_OUTPUT_DIR with envsubst, substituting only the defined variables whose names
# match $NGINX_ENVSUBST_FILTER (all defined variables when it is unset), then run the scripts in
# /docker-entrypoint.d/.
set -eu
if [ "${1:-}" = "nginx" ] || [ "${1:-}" = "nginx-debug" ]; then
  template_dir="${NGINX_ENVSUBST_TEMPLATE_DIR:-/etc/nginx/templates}"
  suffix="${NGINX_ENVSUBST_TEMPLATE_SUFFIX:-.template}"
  output_dir="${NGINX_ENVSUBST_OUTPUT_DIR:-/etc/nginx/conf.d}"
  filter="${NGINX_ENVSUBST_FILTER:-}"
  if [ -d "$template_dir" ]; then
    if [ ! -w "$output_dir" ]; then
      echo "$0: ERROR: $template_dir exists, but $output_dir is not writable" >&2
    else
      # shellcheck disable=SC2016,SC2046  # literal ${NAME} list; names are split on purpose
      defined_envs=$(printf '${%s} ' $(awk "END { for (name in ENVIRON) { print ( name ~ /${filter}/ ) ? name : \"\" } }" </dev/null))
      find "$template_dir" -follow -type f -name "*$suffix" -print | while read -r template; do
        relative_path="${template#"$template_dir/"}"
        output_path="$output_dir/${relative_path%"$suffix"}"
        mkdir -p "$(dirname "$output_path")"
        echo "$0: Running envsubst on $template to $output_path" >&2
        envsubst "$defined_envs" <"$template" >"$output_path"
      done
    fi
  fi
  for script in /docker-entrypoint.d/*.sh; do
    [ -x "$script" ] && "$script"
  done
fi
exec "$@"
