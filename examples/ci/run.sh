#!/usr/bin/env bash
# The CI steps of a Pulumi project that uses pulumi-lockbox: install, `pulumi preview` or `pulumi up`
# with the Lockbox policy pack, `pulumi destroy`, against lockbox-local or Yandex Cloud. The GitHub
# Actions workflow and the GitLab CI job next to this file both call it; see README.md here.
#
#   run.sh STEP... [-- COMMAND ARG...]
#
# STEP is `install`, `preview`, `up` or `destroy`, run in the order given. COMMAND runs after the
# steps, while lockbox-local is still up, with LOCKBOX_ENDPOINT and YC_IAM_TOKEN in its environment
# (the tests of an application that reads the secrets). The exit code is that of the first failing
# step (Pulumi's own code; non-zero when a mandatory policy is violated), 2 for a usage or set-up
# error, else COMMAND's.
#
# Environment (everything secret comes from the environment or a file, never from arguments):
#   LOCKBOX_TARGET      `local` (default): start lockbox-local for this run; `cloud`: Yandex Cloud
#   PULUMI_STACK        stack name (required)
#   PROJECT_DIR         directory with Pulumi.yaml and package.json (default: the current directory)
#   POLICY_PACK         policy pack directory (e.g. node_modules/pulumi-lockbox/policy); unset: no policy pack
#   POLICY_PACK_CONFIG  optional policy config JSON file for that pack
#   PULUMI              the Pulumi CLI (default: `pulumi` on PATH)
#   LOCKBOX_CI_DIR      local target: lockbox-local's data dir, log and the stack's file backend
#                       (default: $PROJECT_DIR/.lockbox-ci); the log is lockbox-local.log in there
#   LOCKBOX_LOCAL_PORT  local target: lockbox-local's port on 127.0.0.1 (default 4588); keep it the
#                       same for every run on one data dir
#   LOCKBOX_LOCAL_FOLDER_ID  local target: lockbox:folderId when the stack sets none (b1gcilocal)
#   PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE
#                       cloud target: the state backend and the stack's passphrase (CI secrets)
#   YC_SERVICE_ACCOUNT_KEY_FILE  cloud target: path of a service-account authorized key (JSON)
#   YC_SERVICE_ACCOUNT_KEY       cloud target: the same key's JSON itself; written to a file only
#                       this user can read, removed at exit, and taken out of the environment
#   PULUMI_STACK_CREATE cloud target: `true` to create the stack when it does not exist yet
set -euo pipefail

me="run.sh"
say() { printf '\n==> %s\n' "$*"; }
fail() {
  printf '%s: %s\n' "$me" "$*" >&2
  exit 2
}

steps=()
command_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    install | preview | up | destroy) steps+=("$1") ;;
    --)
      shift
      command_args=("$@")
      break
      ;;
    *) fail "unknown step \"$1\" (steps: install, preview, up, destroy; then -- COMMAND)" ;;
  esac
  shift
done
[ ${#steps[@]} -gt 0 ] || fail "usage: run.sh STEP... [-- COMMAND ARG...] (steps: install, preview, up, destroy)"

target="${LOCKBOX_TARGET:-local}"
case "$target" in local | cloud) ;; *) fail "LOCKBOX_TARGET must be local or cloud, not \"$target\"" ;; esac
stack="${PULUMI_STACK:-}"
[ -n "$stack" ] || fail "set PULUMI_STACK to the stack to run"
pulumi_cli="${PULUMI:-pulumi}"
command -v "$pulumi_cli" >/dev/null || fail "the Pulumi CLI ($pulumi_cli) is not on PATH; install it or set PULUMI"
command -v node >/dev/null || fail "Node.js is not on PATH"
cd "${PROJECT_DIR:-.}" || fail "PROJECT_DIR ${PROJECT_DIR:-} does not exist"
[ -f Pulumi.yaml ] || fail "no Pulumi.yaml in $(pwd); set PROJECT_DIR"
project_dir="$(pwd)"

policy_args=()
if [ -n "${POLICY_PACK:-}" ]; then
  # Checked before the first step that runs Pulumi: the pack may come with the install step
  # (node_modules/pulumi-lockbox/policy).
  case "$POLICY_PACK" in
    /*) policy_args+=(--policy-pack "$POLICY_PACK") ;;
    *) policy_args+=(--policy-pack "$project_dir/$POLICY_PACK") ;;
  esac
  if [ -n "${POLICY_PACK_CONFIG:-}" ]; then
    [ -f "$POLICY_PACK_CONFIG" ] || fail "POLICY_PACK_CONFIG=$POLICY_PACK_CONFIG does not exist"
    policy_args+=(--policy-pack-config "$(cd "$(dirname "$POLICY_PACK_CONFIG")" && pwd)/$(basename "$POLICY_PACK_CONFIG")")
  fi
fi

# Everything started or written here is undone by cleanup, whatever way the script ends.
server_pid=""
key_dir=""
cleanup() {
  local rc=$?
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    say "stop lockbox-local (its log: $server_log)"
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 50); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ -n "$key_dir" ]; then rm -rf "$key_dir"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

export PULUMI_SKIP_UPDATE_CHECK=true
# `command`: with the default PULUMI=pulumi, the CLI, not this function.
pulumi() { command "$pulumi_cli" --non-interactive "$@"; }

# A pack of your own with its own package.json dependencies gets its own node_modules; the pack in
# the pulumi-lockbox package (node_modules/pulumi-lockbox/policy) uses the project's.
pack_has_own_deps() {
  [ -n "${POLICY_PACK:-}" ] && [ -f "$POLICY_PACK/package.json" ] &&
    node -e 'const m = require(require("node:path").resolve(process.argv[1]));
      process.exit(Object.keys(m.dependencies || {}).length > 0 ? 0 : 1)' "$POLICY_PACK/package.json"
}

install() {
  say "install the project's dependencies"
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
  if pack_has_own_deps; then
    say "install the policy pack's dependencies ($POLICY_PACK)"
    if [ -f "$POLICY_PACK/package-lock.json" ]; then
      npm ci --prefix "$POLICY_PACK" --no-audit --no-fund
    else
      npm install --prefix "$POLICY_PACK" --no-audit --no-fund
    fi
  fi
}

# --- lockbox-local: started for this run, stopped by cleanup --------------------------------------
server_log=""
start_lockbox_local() {
  local ci_dir bin url="" token
  ci_dir="${LOCKBOX_CI_DIR:-$project_dir/.lockbox-ci}"
  mkdir -p "$ci_dir"
  ci_dir="$(cd "$ci_dir" && pwd)"
  bin="$project_dir/node_modules/.bin/lockbox-local"
  [ -x "$bin" ] || fail "lockbox-local is not installed ($bin); run the install step first"
  server_log="$ci_dir/lockbox-local.log"
  say "start lockbox-local (data in $ci_dir/data, log in $server_log)"
  # The log is appended to across runs: only lines after this one are about this start.
  local seen=0
  [ -f "$server_log" ] && seen="$(wc -l <"$server_log" | tr -d ' ')"
  # One port for every run on this data: a destroy (or a replacement's delete) is configured from the
  # stack's state, so it calls the endpoint the resources were created with.
  "$bin" serve --host 127.0.0.1 --port "${LOCKBOX_LOCAL_PORT:-4588}" --data-dir "$ci_dir/data" --log-level info >>"$server_log" 2>&1 &
  server_pid=$!
  for _ in $(seq 300); do
    kill -0 "$server_pid" 2>/dev/null || {
      tail -n 20 "$server_log" >&2
      fail "lockbox-local exited while starting (log above)"
    }
    url="$(tail -n "+$((seen + 1))" "$server_log" | sed -n 's/^lockbox-local listening on \(http[^ ]*\).*/\1/p' | tail -n 1)"
    [ -n "$url" ] && break
    sleep 0.2
  done
  [ -n "$url" ] || fail "lockbox-local did not start within 60 s (log: $server_log)"
  # Ready means /health answers 200 (the ready line is printed just after listen()).
  LOCKBOX_HEALTH_URL="$url/health" node -e '
    const deadline = Date.now() + 30000;
    (async function poll() {
      try { if ((await fetch(process.env.LOCKBOX_HEALTH_URL)).ok) return; } catch {}
      if (Date.now() > deadline) { console.error("lockbox-local: /health did not answer 200"); process.exit(1); }
      setTimeout(poll, 200);
    })();' || fail "lockbox-local is not healthy (log: $server_log)"
  echo "lockbox-local is up at $url"
  if [ -n "${LOCKBOX_LOCAL_ROOT_TOKEN:-}" ]; then
    token="$LOCKBOX_LOCAL_ROOT_TOKEN"
  else
    token="$(<"$ci_dir/data/root-token")"
  fi

  # A throwaway stack in a file backend of its own: never the real backend of the cloud target.
  mkdir -p "$ci_dir/state"
  export PULUMI_BACKEND_URL="file://$ci_dir/state"
  if [ -z "${PULUMI_CONFIG_PASSPHRASE:-}" ] && [ -z "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]; then
    export PULUMI_CONFIG_PASSPHRASE="lockbox-local-ci"
  fi
  say "point stack $stack at lockbox-local"
  pulumi stack select --create "$stack"
  pulumi config set --stack "$stack" lockbox:endpoint -- "$url"
  # The token goes through stdin into encrypted stack config; printf is a shell builtin (no argv).
  printf '%s' "$token" | pulumi config set --stack "$stack" --secret lockbox:token
  if ! pulumi config get --stack "$stack" lockbox:folderId >/dev/null 2>&1; then
    pulumi config set --stack "$stack" lockbox:folderId -- "${LOCKBOX_LOCAL_FOLDER_ID:-b1gcilocal}"
  fi
  # For COMMAND (the application's tests), through the environment.
  app_endpoint="$url"
  app_token="$token"
}

# --- Yandex Cloud: credentials and state from the CI system's secret store -----------------------
connect_cloud() {
  [ -n "${PULUMI_BACKEND_URL:-}" ] || fail "set PULUMI_BACKEND_URL (the state backend) from a CI secret"
  case "$PULUMI_BACKEND_URL" in
    https://*) ;; # Pulumi Cloud: the stack may use the service's secrets provider
    *)
      [ -n "${PULUMI_CONFIG_PASSPHRASE:-}${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ] ||
        fail "set PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE) from a CI secret"
      ;;
  esac
  if [ -n "${YC_SERVICE_ACCOUNT_KEY:-}" ]; then
    # The key's JSON from a CI secret: into a file only this user can read, removed by cleanup.
    key_dir="$(umask 077 && mktemp -d)"
    (umask 077 && printf '%s' "$YC_SERVICE_ACCOUNT_KEY" >"$key_dir/key.json")
    unset YC_SERVICE_ACCOUNT_KEY
    export YC_SERVICE_ACCOUNT_KEY_FILE="$key_dir/key.json"
  fi
  say "select stack $stack ($target)"
  local create=()
  [ "${PULUMI_STACK_CREATE:-}" = "true" ] && create=(--create)
  pulumi stack select "${create[@]}" "$stack"
  if [ -n "${YC_SERVICE_ACCOUNT_KEY_FILE:-}" ]; then
    [ -r "$YC_SERVICE_ACCOUNT_KEY_FILE" ] || fail "YC_SERVICE_ACCOUNT_KEY_FILE does not name a readable file"
  elif ! pulumi config get --stack "$stack" lockbox:serviceAccountKeyFile >/dev/null 2>&1 &&
    [ -z "${YC_IAM_TOKEN:-}${YC_TOKEN:-}" ]; then
    fail "no Yandex Cloud credentials: set YC_SERVICE_ACCOUNT_KEY_FILE (a file variable) or YC_SERVICE_ACCOUNT_KEY from a CI secret"
  fi
  if pulumi config get --stack "$stack" lockbox:endpoint >/dev/null 2>&1; then
    echo "warning: stack $stack sets lockbox:endpoint, so it does not talk to the Yandex Cloud hosts" >&2
  fi
}

# --- Pulumi commands -------------------------------------------------------------------------------
# Runs one update-like command with its output shown and kept, then sums up the policy result.
# Returns the CLI's exit code.
run_pulumi() {
  local out rc=0 mandatory advisory
  out="$(mktemp)"
  pulumi "$@" --stack "$stack" 2>&1 | tee "$out" || rc=$?
  if [ ${#policy_args[@]} -gt 0 ] && [ "$1" != destroy ]; then
    # Distinct violation lines by level, colours stripped.
    # (grep -c after sort -u: no match is 0, not a failure)
    mandatory="$(sed 's/\x1b\[[0-9;]*m//g' "$out" | sort -u | grep -cF '[mandatory]' || true)"
    advisory="$(sed 's/\x1b\[[0-9;]*m//g' "$out" | sort -u | grep -cF '[advisory]' || true)"
    local summary="policy pack: $mandatory mandatory violation(s), $advisory advisory warning(s)"
    if [ "$mandatory" -gt 0 ]; then
      summary="$summary; mandatory violations fail the job (listed above)"
    fi
    say "$summary"
    if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
      printf '`pulumi %s` on %s (%s): %s\n' "$1" "$stack" "$target" "$summary" >>"$GITHUB_STEP_SUMMARY"
    fi
  fi
  rm -f "$out"
  return "$rc"
}

app_endpoint=""
app_token=""
connected=""
for step in "${steps[@]}"; do
  if [ "$step" != install ] && [ -z "$connected" ]; then
    if [ -n "${POLICY_PACK:-}" ] && [ ! -f "$POLICY_PACK/PulumiPolicy.yaml" ]; then
      fail "POLICY_PACK=$POLICY_PACK holds no PulumiPolicy.yaml (run the install step first if it comes with a package)"
    fi
    if pack_has_own_deps && [ ! -d "$POLICY_PACK/node_modules" ]; then
      fail "the policy pack's dependencies are not installed; run the install step first"
    fi
    if [ "$target" = local ]; then start_lockbox_local; else connect_cloud; fi
    connected=1
  fi
  case "$step" in
    install) install ;;
    preview)
      say "pulumi preview ($stack, $target)"
      run_pulumi preview "${policy_args[@]}"
      ;;
    up)
      say "pulumi up ($stack, $target)"
      run_pulumi up --yes --skip-preview "${policy_args[@]}"
      ;;
    destroy)
      say "pulumi destroy ($stack, $target)"
      run_pulumi destroy --yes --skip-preview
      ;;
  esac
done

if [ ${#command_args[@]} -gt 0 ]; then
  say "run: ${command_args[*]}"
  # Exported in a subshell, never put on a command line (as `env NAME=value` would).
  (
    if [ -n "$app_endpoint" ]; then export LOCKBOX_ENDPOINT="$app_endpoint"; fi
    if [ -n "$app_token" ]; then export YC_IAM_TOKEN="$app_token"; fi
    exec "${command_args[@]}"
  )
fi
