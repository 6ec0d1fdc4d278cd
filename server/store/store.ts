/**
 * The durable store of lockbox-local: `<data-dir>/lockbox.db`, split by aggregate (secrets with
 * their versions, KMS keys, access bindings, identities, operations) over one database module.
 * Every mutation of the service runs inside one `transaction` together with its Operation and
 * Idempotency-Key rows, so a failure leaves nothing half-written and an operation reported done is
 * committed. Payloads are encrypted by the keyring before they reach SQL; tokens are stored only as
 * hashes. The store holds records, never wire JSON, and enforces no API rule (server/service does).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Keyring } from "../crypto/envelope";
import { Bindings } from "./bindings";
import { Database } from "./db";
import { Identities } from "./identities";
import { KmsKeys } from "./kms";
import { MIGRATIONS } from "./migrations";
import { Operations } from "./operations";
import { Secrets } from "./secrets";

export type * from "./records";

/** The file name of the database inside the data dir. */
export const DB_FILE = "lockbox.db";

/** Options of {@link Store}. */
export interface StoreOptions {
  /** Directory holding lockbox.db (created if missing). */
  dataDir: string;
  /** The keyring built from the master key. */
  keyring: Keyring;
}

const TABLES = [
  "secrets",
  "versions",
  "operations",
  "idempotency",
  "access_bindings",
  "kms_keys",
  "subjects",
  "sa_keys",
  "oauth_tokens",
  "iam_tokens",
];

/** The store: one database, its tables by aggregate. */
export class Store {
  readonly secrets: Secrets;
  readonly kms: KmsKeys;
  readonly bindings: Bindings;
  readonly identities: Identities;
  readonly operations: Operations;
  private readonly db: Database;
  private readonly keyring: Keyring;

  constructor(options: StoreOptions) {
    fs.mkdirSync(options.dataDir, { recursive: true });
    this.keyring = options.keyring;
    this.db = new Database(path.join(options.dataDir, DB_FILE));
    this.db.migrate(MIGRATIONS);
    this.kms = new KmsKeys(this.db, this.keyring);
    this.secrets = new Secrets(this.db, this.keyring, this.kms);
    this.bindings = new Bindings(this.db);
    this.identities = new Identities(this.db);
    this.operations = new Operations(this.db);
  }

  /** Runs fn in one write transaction (joining the one in progress); any throw rolls it all back. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn);
  }

  /** A keyed digest (hex) of a text, e.g. of a request for its idempotency fingerprint. */
  mac(text: string): string {
    return this.keyring.mac(text);
  }

  /** Destroys versions whose destroyAt has passed; returns how many. */
  sweep(now: number): number {
    return this.secrets.sweep(now);
  }

  /** The earliest pending destroyAt, if any. */
  nextDestroyAt(): number | null {
    return this.secrets.nextDestroyAt();
  }

  /** Deletes every resource, operation and identity. */
  reset(): void {
    this.db.transaction(() => {
      for (const t of TABLES) this.db.exec(`DELETE FROM ${t}`);
    });
  }

  /** The current schema version. */
  schemaVersion(): number {
    return this.db.schemaVersion();
  }

  /** Runs `PRAGMA integrity_check` and returns its first line ("ok" when healthy). */
  integrityCheck(): string {
    return this.db.integrityCheck();
  }

  close(): void {
    this.db.close();
  }
}
