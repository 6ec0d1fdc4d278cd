/** Provisioning secrets at start without going through HTTP (`ServerOptions.seed`). */
import { ROOT_SUBJECT_ID } from "./iam/subjects";
import { createSecret } from "./service/secret-ops";
import type { Store } from "./store/store";

/** A secret to provision: text entries become its first version. */
export interface SeedSecret {
  folderId: string;
  name: string;
  description?: string;
  entries: Record<string, string>;
}

/** Creates each seed secret whose name is not taken in its folder yet. */
export function seedSecrets(store: Store, seeds: readonly SeedSecret[], now: number): void {
  for (const seed of seeds) {
    if (store.secrets.findByName(seed.folderId, seed.name)) continue;
    const entries = Object.entries(seed.entries).map(([key, text]) => ({ key, text }));
    store.transaction(() =>
      createSecret(
        store,
        { subjectId: ROOT_SUBJECT_ID, now, delayMs: 0, fingerprint: "seed" },
        {
          folderId: seed.folderId,
          name: seed.name,
          description: seed.description ?? "",
          labels: {},
          kmsKeyId: "",
          deletionProtection: false,
          passwordSpec: null,
          firstVersion: entries.length > 0 ? { description: "", entries } : null,
        },
      ),
    );
  }
}
