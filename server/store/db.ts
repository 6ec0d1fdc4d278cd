/**
 * The database module under every table of the store: SQLite through node:sqlite, WAL with
 * synchronous=FULL, prepared statements cached by SQL text, one re-entrant write transaction,
 * numbered migrations, opaque page tokens, and the generation that read caches are keyed on.
 */
import { DatabaseSync, type SQLInputValue, type StatementSync } from "node:sqlite";
import * as fs from "node:fs";
import { errors } from "../errors";
import { GenerationCache } from "./cache";
import type { Page } from "./records";

export type { SQLInputValue };
/** A row as node:sqlite returns it. */
export type Row = Record<string, SQLInputValue>;

/** The page size of a List call that gives none. */
const DEFAULT_PAGE_SIZE = 100;

/** A page token: the `seq` of the last row of the page, opaque to callers. */
function encodeToken(seq: number): string {
  return Buffer.from(`s${seq}`, "utf8").toString("base64url");
}

function decodeToken(token: string | undefined): number {
  if (token === undefined || token === "") return 0;
  const raw = Buffer.from(token, "base64url").toString("utf8");
  const m = /^s(\d{1,15})$/.exec(raw);
  if (!m) throw errors.invalidArgument("pageToken: invalid page token");
  return Number(m[1]);
}

/** The most rows `cachedGet`/`cachedAll` keep (per generation). */
const CACHED_READS = 10_000;

/** One open database file. */
export class Database {
  private readonly db: DatabaseSync;
  private readonly statements = new Map<string, StatementSync>();
  private depth = 0;
  /** Bumped by every statement of this connection that may write, every COMMIT and ROLLBACK. */
  private writes = 0;
  /** `PRAGMA data_version` when last read: it changes when another connection commits. */
  private dataVersion = -1;
  /** Whether `data_version` was read in the synchronous run of code now executing. */
  private checkedThisTurn = false;
  private readonly reads = new GenerationCache<unknown>(() => this.generation(), CACHED_READS);

  constructor(file: string) {
    this.db = new DatabaseSync(file);
    // SQLite gives the -wal/-shm files the database file's mode, so 0600 here covers all three.
    fs.chmodSync(file, 0o600);
    this.db.exec("PRAGMA journal_mode = WAL");
    this.db.exec("PRAGMA synchronous = FULL");
    this.db.exec("PRAGMA busy_timeout = 10000");
    this.db.exec("PRAGMA foreign_keys = ON");
    // Freed pages are zeroed so deleted ciphertext and token hashes do not linger in the file.
    this.db.exec("PRAGMA secure_delete = ON");
  }

  /** Applies the migrations not applied yet, in one transaction. */
  migrate(migrations: readonly string[]): void {
    this.transaction(() => {
      this.db.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)",
      );
      for (let v = this.schemaVersion() + 1; v <= migrations.length; v++) {
        this.db.exec(migrations[v - 1]!);
        this.run("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)", v, Date.now());
      }
    });
  }

  /** The current schema version. */
  schemaVersion(): number {
    return this.get<{ v: number | null }>("SELECT MAX(version) AS v FROM schema_migrations")?.v ?? 0;
  }

  /** Runs `PRAGMA integrity_check` and returns its first line ("ok" when healthy). */
  integrityCheck(): string {
    const row = this.db.prepare("PRAGMA integrity_check").get() as Record<string, unknown>;
    return String(Object.values(row)[0]);
  }

  /** Runs fn in one write transaction (joining the one in progress); any throw rolls it all back. */
  transaction<T>(fn: () => T): T {
    if (this.depth > 0) return fn();
    this.db.exec("BEGIN IMMEDIATE");
    this.depth++;
    try {
      const out = fn();
      this.db.exec("COMMIT");
      return out;
    } catch (err) {
      this.db.exec("ROLLBACK");
      throw err;
    } finally {
      this.depth--;
      this.writes++;
    }
  }

  /**
   * A number that changes whenever the data may have changed since it was last read: any write,
   * commit or rollback of this connection, and any commit of another connection (another process
   * on the same data dir, such as `lockbox-local iam`), which SQLite reports through
   * `PRAGMA data_version`. That pragma is read once per synchronous run of code (the check is
   * re-armed on the next microtask), so a request that reaches the store after another process
   * committed sees the commit.
   */
  generation(): number {
    if (!this.checkedThisTurn) {
      const v = Number((this.prepare("PRAGMA data_version").get() as { data_version: number }).data_version);
      if (v !== this.dataVersion) {
        this.dataVersion = v;
        this.writes++;
      }
      this.checkedThisTurn = true;
      queueMicrotask(() => (this.checkedThisTurn = false));
    }
    return this.writes;
  }

  private prepare(sql: string): StatementSync {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  get<T>(sql: string, ...params: SQLInputValue[]): T | undefined {
    return this.prepare(sql).get(...params) as T | undefined;
  }

  all<T>(sql: string, ...params: SQLInputValue[]): T[] {
    return this.prepare(sql).all(...params) as T[];
  }

  /**
   * `get` answered from the read cache while the generation has not changed. Only for reads whose
   * answer depends on nothing but the data and the parameters; the row is shared, never mutate it.
   */
  cachedGet<T>(sql: string, ...params: SQLInputValue[]): T | undefined {
    return this.reads.get(`g${sql}\u0000${params.join("\u0000")}`, () => this.get<T>(sql, ...params)) as
      T | undefined;
  }

  /**
   * A row mapped by `map`, answered from the read cache like {@link cachedGet}, so a hot read
   * (a secret, a version) does not parse its JSON columns again on every request. The record is
   * shared by every caller in this generation: never mutate it.
   */
  cachedRecord<T>(map: (r: Row) => T, sql: string, ...params: SQLInputValue[]): T | undefined {
    return this.reads.get(`r${sql}\u0000${params.join("\u0000")}`, () => {
      const r = this.get<Row>(sql, ...params);
      return r ? map(r) : undefined;
    }) as T | undefined;
  }

  /** `all` answered from the read cache, like {@link cachedGet}. */
  cachedAll<T>(sql: string, ...params: SQLInputValue[]): readonly T[] {
    return this.reads.get(`a${sql}\u0000${params.join("\u0000")}`, () => this.all<T>(sql, ...params)) as T[];
  }

  /** Runs a statement; returns the number of rows it changed. */
  run(sql: string, ...params: SQLInputValue[]): number {
    try {
      return Number(this.prepare(sql).run(...params).changes);
    } finally {
      this.writes++;
    }
  }

  /** Runs a statement of several SQL commands (no parameters). */
  exec(sql: string): void {
    try {
      this.db.exec(sql);
    } finally {
      this.writes++;
    }
  }

  /**
   * One page of a keyset query. `sql` must end in `AND seq > ? ORDER BY seq LIMIT ?`; `params` are
   * those before the seq placeholder.
   */
  page<T>(
    sql: string,
    params: SQLInputValue[],
    pageSize: number,
    pageToken: string | undefined,
    map: (r: Row) => T,
  ): Page<T> {
    const size = pageSize > 0 ? pageSize : DEFAULT_PAGE_SIZE;
    const rows = this.all<Row>(sql, ...params, decodeToken(pageToken), size + 1);
    const more = rows.length > size;
    const pageRows = more ? rows.slice(0, size) : rows;
    const last = pageRows[pageRows.length - 1];
    return { items: pageRows.map(map), nextPageToken: more && last ? encodeToken(Number(last.seq)) : "" };
  }

  close(): void {
    this.reads.clear();
    this.statements.clear();
    if (this.db.isOpen) this.db.close();
  }
}
