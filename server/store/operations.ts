/** Operations and the Idempotency-Keys that point at them. */
import { newId } from "../ids";
import type { Database, Row } from "./db";
import type { AccessCheck, Json, MutationContext, OperationRecord, Page } from "./records";
import { json, operationFrom } from "./rows";

/** What a mutation reports: the resource it acted on and the Operation's contents. */
export interface OperationContent {
  resourceId: string;
  description: string;
  metadata: Json;
  response: Json;
  /** The id prefix of the service that runs it: "abj" for KMS, "e6q" otherwise. */
  idPrefix?: "abj" | "e6q";
}

/** The operations and idempotency tables. */
export class Operations {
  constructor(private readonly db: Database) {}

  get(id: string): OperationRecord | undefined {
    const r = this.db.get<Row>("SELECT * FROM operations WHERE id = ?", id);
    return r ? operationFrom(r) : undefined;
  }

  list(resourceId: string, pageSize: number, pageToken: string | undefined): Page<OperationRecord> {
    return this.db.page(
      "SELECT * FROM operations WHERE resource_id = ? AND seq > ? ORDER BY seq LIMIT ?",
      [resourceId],
      pageSize,
      pageToken,
      operationFrom,
    );
  }

  /**
   * Records a completed mutation's Operation, with the Idempotency-Key and checks of the call when
   * it sent one. Run it inside the mutation's transaction.
   */
  record(ctx: MutationContext, content: OperationContent): OperationRecord {
    const op: OperationRecord = {
      id: newId(content.idPrefix ?? "e6q"),
      resourceId: content.resourceId,
      description: content.description,
      createdAt: ctx.now,
      createdBy: ctx.subjectId,
      doneAt: ctx.now + ctx.delayMs,
      metadata: content.metadata,
      response: content.response,
      error: null,
    };
    this.db.run(
      "INSERT INTO operations (id, resource_id, description, created_at, created_by, done_at, metadata, response, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)",
      op.id,
      op.resourceId,
      op.description,
      op.createdAt,
      op.createdBy,
      op.doneAt,
      JSON.stringify(op.metadata),
      JSON.stringify(op.response),
    );
    if (ctx.idempotencyKey !== undefined) {
      this.db.run(
        "INSERT INTO idempotency (subject_id, key, fingerprint, operation_id, created_at, checks) VALUES (?, ?, ?, ?, ?, ?)",
        ctx.subjectId,
        ctx.idempotencyKey,
        ctx.fingerprint,
        op.id,
        ctx.now,
        JSON.stringify(ctx.checks ?? []),
      );
    }
    return op;
  }

  /**
   * The earlier call a subject made with an Idempotency-Key: its fingerprint, its Operation and the
   * permission checks it passed.
   */
  findIdempotent(
    subjectId: string,
    key: string,
  ): { fingerprint: string; operation: OperationRecord | undefined; checks: AccessCheck[] } | undefined {
    const row = this.db.get<{ fingerprint: string; operation_id: string; checks: string }>(
      "SELECT fingerprint, operation_id, checks FROM idempotency WHERE subject_id = ? AND key = ?",
      subjectId,
      key,
    );
    if (!row) return undefined;
    return { fingerprint: row.fingerprint, operation: this.get(row.operation_id), checks: json(row.checks) };
  }
}
