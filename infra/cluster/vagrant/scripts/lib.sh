#!/usr/bin/env bash
# Helpers shared by the provisioning scripts (sourced, never run on its own).

log() {
  printf '[ssgbay %s] %s\n' "${0##*/}" "$*"
}

die() {
  printf '[ssgbay %s] error: %s\n' "${0##*/}" "$*" >&2
  exit 1
}

# Writes stdin to the file only when its content differs, so re-provisioning restarts nothing that is
# already configured. Succeeds (status 0) when the file changed, fails (status 1) when it did not.
write_if_changed() {
  local target="$1" mode="${2:-0644}" staged
  staged="$(mktemp)"
  cat >"$staged"
  if [[ -f "$target" ]] && cmp --silent "$staged" "$target"; then
    rm -f "$staged"
    return 1
  fi
  install -D --mode "$mode" "$staged" "$target"
  rm -f "$staged"
  log "wrote $target"
}

# Replaces the lines between "# BEGIN <name>" and "# END <name>" in a file (appending the block the
# first time) with stdin, leaving the rest of the file alone.
replace_managed_block() {
  local target="$1" name="$2" content
  content="$(cat)"
  sed --in-place "/^# BEGIN ${name}\$/,/^# END ${name}\$/d" "$target"
  printf '# BEGIN %s\n%s\n# END %s\n' "$name" "$content" "$name" >>"$target"
}

# Comments out the swap entries of an fstab so the kubelet still starts after a reboot.
comment_out_swap() {
  sed --in-place --regexp-extended '/^[^#].*\sswap\s/ s/^/# /' "$1"
}

# Downloads a URL to a file (retrying transient failures), replacing the file only when complete.
download() {
  local url="$1" target="$2"
  curl --fail --silent --show-error --location --retry 5 --retry-delay 3 --output "$target.part" "$url"
  mv "$target.part" "$target"
}

# Fails unless the installed package has the pinned version: provisioning never upgrades a running
# cluster (that is `kubeadm upgrade`'s job), and apt holds would refuse it anyway.
require_installed_version() {
  local package="$1" pattern="$2" installed
  installed="$(dpkg-query --show --showformat='${Version}' "$package" 2>/dev/null || true)"
  # shellcheck disable=SC2053 # the pin is an apt version pattern such as 1.35.4-* and must glob
  if [[ -n "$installed" && "$installed" != $pattern ]]; then
    die "$package $installed is installed but settings.yaml pins $pattern; upgrade the cluster with kubeadm upgrade or recreate the VM"
  fi
}
