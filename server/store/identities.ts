/**
 * Identities: service accounts and users, service-account public keys, OAuth and IAM tokens.
 * Tokens are stored only as their SHA-256.
 */
import { newIamToken, newId, newOauthToken, tokenHash } from "../ids";
import type { Database, Row } from "./db";
import type { SubjectRecord } from "./records";
import { subjectFrom } from "./rows";

/** The subjects, sa_keys, oauth_tokens and iam_tokens tables. */
export class Identities {
  constructor(private readonly db: Database) {}

  createServiceAccount(name: string, folderId: string, now: number): SubjectRecord {
    const id = newId("aje");
    this.db.transaction(() =>
      this.db.run(
        "INSERT INTO subjects (id, type, name, folder_id, created_at) VALUES (?, 'serviceAccount', ?, ?, ?)",
        id,
        name,
        folderId,
        now,
      ),
    );
    return this.getSubject(id)!;
  }

  createUser(name: string, now: number): { user: SubjectRecord; oauthToken: string } {
    const id = newId("aje");
    const oauthToken = newOauthToken();
    this.db.transaction(() => {
      this.db.run(
        "INSERT INTO subjects (id, type, name, folder_id, created_at) VALUES (?, 'userAccount', ?, '', ?)",
        id,
        name,
        now,
      );
      this.db.run(
        "INSERT INTO oauth_tokens (token_hash, user_id, created_at) VALUES (?, ?, ?)",
        tokenHash(oauthToken),
        id,
        now,
      );
    });
    return { user: this.getSubject(id)!, oauthToken };
  }

  getSubject(id: string): SubjectRecord | undefined {
    return this.db.cachedRecord(subjectFrom, "SELECT * FROM subjects WHERE id = ?", id);
  }

  /** Stores a service-account public key; returns its id, or undefined when there is no such account. */
  addServiceAccountKey(
    serviceAccountId: string,
    publicKeyPem: string,
    now: number,
  ): { id: string; createdAt: number } | undefined {
    const sa = this.getSubject(serviceAccountId);
    if (!sa || sa.type !== "serviceAccount") return undefined;
    const id = newId("aje");
    this.db.transaction(() =>
      this.db.run(
        "INSERT INTO sa_keys (id, service_account_id, created_at, public_key) VALUES (?, ?, ?, ?)",
        id,
        serviceAccountId,
        now,
        publicKeyPem,
      ),
    );
    return { id, createdAt: now };
  }

  getServiceAccountKey(id: string): { id: string; serviceAccountId: string; publicKey: string } | undefined {
    const r = this.db.get<Row>("SELECT * FROM sa_keys WHERE id = ?", id);
    return r
      ? { id: String(r.id), serviceAccountId: String(r.service_account_id), publicKey: String(r.public_key) }
      : undefined;
  }

  /** The user an OAuth token belongs to. */
  findUserByOauthToken(token: string): SubjectRecord | undefined {
    const r = this.db.get<{ user_id: string }>(
      "SELECT user_id FROM oauth_tokens WHERE token_hash = ?",
      tokenHash(token),
    );
    return r ? this.getSubject(r.user_id) : undefined;
  }

  /** Issues an IAM token for a subject (only its hash is stored), dropping expired ones. */
  issueIamToken(subject: SubjectRecord, now: number, ttlMs: number): { token: string; expiresAt: number } {
    const token = newIamToken();
    const expiresAt = now + ttlMs;
    this.db.transaction(() => {
      this.db.run("DELETE FROM iam_tokens WHERE expires_at <= ?", now);
      this.db.run(
        "INSERT INTO iam_tokens (token_hash, subject_id, expires_at) VALUES (?, ?, ?)",
        tokenHash(token),
        subject.id,
        expiresAt,
      );
    });
    return { token, expiresAt };
  }

  /** The subject of a live IAM token. */
  findIamToken(token: string, now: number): SubjectRecord | undefined {
    const r = this.db.cachedGet<{ subject_id: string; expires_at: number }>(
      "SELECT subject_id, expires_at FROM iam_tokens WHERE token_hash = ?",
      tokenHash(token),
    );
    if (!r || r.expires_at <= now) return undefined;
    return this.getSubject(r.subject_id);
  }

  /** Revokes one IAM token; returns whether it existed. */
  revokeIamToken(token: string): boolean {
    return (
      this.db.transaction(() =>
        this.db.run("DELETE FROM iam_tokens WHERE token_hash = ?", tokenHash(token)),
      ) > 0
    );
  }

  /** Revokes every IAM token of a subject; returns how many. */
  revokeSubjectTokens(subjectId: string): number {
    return this.db.transaction(() => this.db.run("DELETE FROM iam_tokens WHERE subject_id = ?", subjectId));
  }

  /** Deletes a service-account key (later JWTs signed with it are refused); returns whether it existed. */
  deleteServiceAccountKey(id: string): boolean {
    return this.db.transaction(() => this.db.run("DELETE FROM sa_keys WHERE id = ?", id)) > 0;
  }

  /** Deletes a service account with its keys and IAM tokens; returns whether it existed. */
  deleteServiceAccount(id: string): boolean {
    return this.db.transaction(() => {
      const sa = this.getSubject(id);
      if (!sa || sa.type !== "serviceAccount") return false;
      this.db.run("DELETE FROM sa_keys WHERE service_account_id = ?", id);
      this.db.run("DELETE FROM iam_tokens WHERE subject_id = ?", id);
      this.db.run("DELETE FROM subjects WHERE id = ?", id);
      return true;
    });
  }
}
