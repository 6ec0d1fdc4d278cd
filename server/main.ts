/**
 * The lockbox-local command line: `serve` (flags → env → defaults, listen, one ready line, clean
 * shutdown on SIGTERM/SIGINT) and the `iam` admin commands, which work on the data dir whether or
 * not a server is running (SQLite WAL lets both open it).
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { buildServer, DEFAULT_OPTIONS, MASTER_KEY_FILE, type ServerOptions } from "./app";
import { Keyring, loadMasterKey } from "./crypto/envelope";
import { parseMember } from "../provider/api/access-binding";
import { createAuthorizedKey, subjectJson } from "./iam/admin";
import { KNOWN_ROLES } from "./iam/roles";
import { ROOT_SUBJECT_ID } from "./iam/subjects";
import { parseFaultSpec } from "./store/faults";
import { Store } from "./store/store";
import { updateBindings } from "./service/bindings";
import { GRPC_BOOLEAN_FLAGS, GRPC_FLAGS, grpcServeOptions, startGrpcForServe } from "./grpc/cli";
import { endpointList } from "./grpc/endpoints";

const USAGE = `Usage:
  lockbox-local serve [--host 127.0.0.1] [--port 4588] [--data-dir .lockbox-local]
                      [--operation-delay-ms 0] [--faults SPEC] [--log-level info]
                      [--grpc-port 4589] [--grpc-plaintext]
  lockbox-local iam create-service-account --name NAME --folder-id FOLDER [--data-dir DIR]
  lockbox-local iam create-key --service-account-id ID [--data-dir DIR]
  lockbox-local iam create-user --name NAME [--data-dir DIR]
  lockbox-local iam grant --folder-id FOLDER --role ROLE --subject TYPE:ID [--data-dir DIR]
  lockbox-local iam delete-key --key-id ID [--data-dir DIR]
  lockbox-local iam delete-service-account --service-account-id ID [--data-dir DIR]
  lockbox-local iam revoke-tokens --subject-id ID [--data-dir DIR]
  lockbox-local iam revoke-token [--data-dir DIR] < file holding the IAM token
The iam commands work on the data dir whether or not a server runs; deletions and revocations
apply from the next request.

Environment: LOCKBOX_LOCAL_HOST, LOCKBOX_LOCAL_PORT, LOCKBOX_LOCAL_DATA_DIR,
  LOCKBOX_LOCAL_ROOT_TOKEN, LOCKBOX_LOCAL_MASTER_KEY_FILE, LOCKBOX_LOCAL_OPERATION_DELAY_MS,
  LOCKBOX_LOCAL_FAULTS (e.g. "unavailable=0.1,commitThenDrop=0.05,only=all"), LOCKBOX_LOCAL_LOG_LEVEL,
  LOCKBOX_LOCAL_GRPC_PORT (0 turns gRPC off), LOCKBOX_LOCAL_GRPC_PLAINTEXT.
gRPC uses TLS with a self-signed certificate made once in <data-dir>/tls/ (its path is printed);
it needs the optional packages @grpc/grpc-js and @yandex-cloud/nodejs-sdk.
The root token is never taken from the command line: set LOCKBOX_LOCAL_ROOT_TOKEN, or read the
file <data-dir>/root-token generated on first start.`;

/** A usage error: printed with the usage text, exit code 2. */
class UsageError extends Error {}

/** Parses `--name value` / `--name=value` flags. */
export function parseFlags(args: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith("--")) throw new UsageError(`unexpected argument "${a}"`);
    const eq = a.indexOf("=");
    if (eq < 0 && (GRPC_BOOLEAN_FLAGS as readonly string[]).includes(a.slice(2))) {
      out[a.slice(2)] = "true";
      continue;
    }
    if (eq > 0) out[a.slice(2, eq)] = a.slice(eq + 1);
    else {
      const v = args[i + 1];
      if (v === undefined || v.startsWith("--")) throw new UsageError(`${a} needs a value`);
      out[a.slice(2)] = v;
      i++;
    }
  }
  return out;
}

function pick(flags: Record<string, string>, flag: string, env: string): string | undefined {
  return flags[flag] ?? process.env[env];
}

function int(value: string | undefined, what: string, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  if (!/^\d+$/.test(value)) throw new UsageError(`${what} must be a whole number, got "${value}"`);
  return Number(value);
}

/** Resolves serve options: flag, then LOCKBOX_LOCAL_* variable, then default. */
export function serveOptions(flags: Record<string, string>): Partial<ServerOptions> {
  const known = ["host", "port", "data-dir", "operation-delay-ms", "faults", "log-level", ...GRPC_FLAGS];
  for (const k of Object.keys(flags)) {
    if (k === "root-token")
      throw new UsageError(
        "the root token is never accepted on the command line; set LOCKBOX_LOCAL_ROOT_TOKEN",
      );
    if (!known.includes(k)) throw new UsageError(`unknown flag --${k}`);
  }
  const faults = pick(flags, "faults", "LOCKBOX_LOCAL_FAULTS");
  const opts: Partial<ServerOptions> = {
    host: pick(flags, "host", "LOCKBOX_LOCAL_HOST") ?? DEFAULT_OPTIONS.host,
    port: int(pick(flags, "port", "LOCKBOX_LOCAL_PORT"), "--port", DEFAULT_OPTIONS.port),
    dataDir: path.resolve(pick(flags, "data-dir", "LOCKBOX_LOCAL_DATA_DIR") ?? DEFAULT_OPTIONS.dataDir),
    operationDelayMs: int(
      pick(flags, "operation-delay-ms", "LOCKBOX_LOCAL_OPERATION_DELAY_MS"),
      "--operation-delay-ms",
      0,
    ),
    logLevel: pick(flags, "log-level", "LOCKBOX_LOCAL_LOG_LEVEL") ?? DEFAULT_OPTIONS.logLevel,
  };
  const levels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];
  if (!levels.includes(opts.logLevel!)) {
    throw new UsageError(`--log-level must be one of ${levels.join(", ")}, got "${opts.logLevel}"`);
  }
  if (faults) opts.faults = parseFaultSpec(faults);
  const rootToken = process.env.LOCKBOX_LOCAL_ROOT_TOKEN;
  if (rootToken) opts.rootToken = rootToken;
  const masterKeyFile = process.env.LOCKBOX_LOCAL_MASTER_KEY_FILE;
  if (masterKeyFile) opts.masterKeyFile = path.resolve(masterKeyFile);
  return opts;
}

async function serve(flags: Record<string, string>): Promise<void> {
  const options = serveOptions(flags);
  const grpcOptions = grpcServeOptions(flags, options.port ?? DEFAULT_OPTIONS.port, (m) => new UsageError(m));
  // Filled once listening; the signal handlers (set up before) close it first.
  const grpc: { endpoint?: { address: string; close(): Promise<void> } } = {};
  const app = buildServer({
    ...options,
    apiEndpoints: () => (grpc.endpoint ? endpointList(grpc.endpoint.address) : undefined),
  });
  const out = (line: string) => process.stdout.write(line + "\n");
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    Promise.resolve(grpc.endpoint?.close())
      .then(() => app.close())
      .then(() => {
        out(`lockbox-local stopped (${signal})`);
        process.exit(0);
      })
      .catch((err: unknown) => {
        process.stderr.write(
          `lockbox-local: shutdown failed: ${err instanceof Error ? err.message : String(err)}\n`,
        );
        process.exit(1);
      });
  };
  // Handlers go in before the ready line: a supervisor may signal the moment it reads that line.
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  const { url } = await app.listen();
  grpc.endpoint = await startGrpcForServe(grpcOptions, {
    host: app.options.host,
    dataDir: app.options.dataDir,
    logLevel: app.options.logLevel,
    service: app.service,
    faults: app.faults,
    maxRequestBytes: app.options.bodyLimitBytes,
    out,
    warn: (line) => process.stderr.write(line + "\n"),
  });
  out(
    app.rootTokenFile
      ? `lockbox-local root token file: ${app.rootTokenFile}`
      : "lockbox-local root token: taken from LOCKBOX_LOCAL_ROOT_TOKEN",
  );
  out(`lockbox-local listening on ${url}`);
}

function openStore(flags: Record<string, string>): Store {
  const dataDir = path.resolve(pick(flags, "data-dir", "LOCKBOX_LOCAL_DATA_DIR") ?? DEFAULT_OPTIONS.dataDir);
  const masterKeyFile = process.env.LOCKBOX_LOCAL_MASTER_KEY_FILE;
  const master = masterKeyFile
    ? loadMasterKey(path.resolve(masterKeyFile), false)
    : loadMasterKey(path.join(dataDir, MASTER_KEY_FILE), true);
  return new Store({ dataDir, keyring: new Keyring(master) });
}

function required(flags: Record<string, string>, name: string): string {
  const v = flags[name];
  if (!v) throw new UsageError(`--${name} is required`);
  return v;
}

/** An iam command: checks its flags (and reads stdin) first, then returns what runs on the store. */
type IamCommand = (flags: Record<string, string>) => (store: Store, now: number) => unknown;

const IAM_COMMANDS: Record<string, IamCommand> = {
  "create-service-account": (flags) => {
    const name = required(flags, "name");
    const folderId = required(flags, "folder-id");
    return (store, now) => subjectJson(store.identities.createServiceAccount(name, folderId, now));
  },
  "create-key": (flags) => {
    const id = required(flags, "service-account-id");
    return (store, now) => createAuthorizedKey(store, id, now);
  },
  "create-user": (flags) => {
    const name = required(flags, "name");
    return (store, now) => {
      const { user, oauthToken } = store.identities.createUser(name, now);
      return { ...subjectJson(user), oauthToken };
    };
  },
  grant: (flags) => {
    const subject = parseMember(required(flags, "subject"));
    if (!subject)
      throw new UsageError('--subject must look like "serviceAccount:<id>" or "userAccount:<id>"');
    const role = required(flags, "role");
    if (!KNOWN_ROLES.has(role)) throw new UsageError(`unknown role "${role}"`);
    const folderId = required(flags, "folder-id");
    return (store, now) => {
      store.transaction(() =>
        updateBindings(
          store,
          { subjectId: ROOT_SUBJECT_ID, now, delayMs: 0, fingerprint: "cli grant" },
          "folder",
          folderId,
          [{ action: "ADD", binding: { roleId: role, subject } }],
        ),
      );
      return { folderId, roleId: role, subject };
    };
  },
  "delete-key": (flags) => {
    const id = required(flags, "key-id");
    return (store) => {
      if (!store.identities.deleteServiceAccountKey(id)) throw new Error(`no key with id "${id}"`);
      return { deletedKeyId: id };
    };
  },
  "delete-service-account": (flags) => {
    const id = required(flags, "service-account-id");
    return (store) => {
      if (!store.identities.deleteServiceAccount(id)) throw new Error(`no service account with id "${id}"`);
      return { deletedServiceAccountId: id };
    };
  },
  "revoke-tokens": (flags) => {
    const id = required(flags, "subject-id");
    return (store) => ({ subjectId: id, revokedTokens: store.identities.revokeSubjectTokens(id) });
  },
  "revoke-token": () => {
    // The token is read from stdin, never from the command line (process arguments are visible).
    const token = readFileSync(0, "utf8").trim();
    if (!token) throw new UsageError("revoke-token reads the IAM token from stdin");
    return (store) => ({ revoked: store.identities.revokeIamToken(token) });
  },
};

/**
 * Runs an iam command. The command name and its flags are checked before the data dir is opened,
 * so a typo never creates a data dir, a master key or a database.
 */
function iam(sub: string | undefined, flags: Record<string, string>): void {
  const command = sub !== undefined && Object.hasOwn(IAM_COMMANDS, sub) ? IAM_COMMANDS[sub] : undefined;
  if (!command) throw new UsageError(`unknown iam command "${sub ?? ""}"`);
  const run = command(flags);
  const store = openStore(flags);
  try {
    process.stdout.write(JSON.stringify(run(store, Date.now()), null, 2) + "\n");
  } finally {
    store.close();
  }
}

const HELP = ["--help", "-h"];

/** Runs the CLI with the given arguments (without node and the script path). */
export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  try {
    // `--help` anywhere prints the usage before any flag is parsed or any data dir is opened.
    if (command === undefined || command === "help" || argv.some((a) => HELP.includes(a))) {
      process.stdout.write(USAGE + "\n");
    } else if (command === "serve") await serve(parseFlags(rest));
    else if (command === "iam") iam(rest[0], parseFlags(rest.slice(1)));
    else throw new UsageError(`unknown command "${command}"`);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`lockbox-local: ${err.message}\n\n${USAGE}\n`);
      process.exit(2);
    }
    const message =
      err instanceof Error && "codeName" in err
        ? err.message
        : err instanceof Error
          ? err.message
          : String(err);
    process.stderr.write(`lockbox-local: ${message}\n`);
    process.exit(1);
  }
}

if (require.main === module) void main(process.argv.slice(2));
