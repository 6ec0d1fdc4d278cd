/**
 * One scenario table, two engine paths: the same steps (create, update in place, replace, refresh of
 * drift made out of band, destroy) run against the dynamic resources (`lockbox.Secret`) and the
 * native provider plugin (`lockbox:index:Secret`), and each step's effect is checked in
 * lockbox-local through REST, so the two paths cannot drift apart.
 */
import * as assert from "node:assert/strict";
import { useLockboxWorld } from "../helpers/lockbox-fixture";
import { requirePlugin } from "../helpers/native";
import { newStack } from "../helpers/stack";
import { FOLDER } from "../helpers/world";

/** How each path declares a Secret with the given props (JavaScript source). */
const PATHS: Record<string, (props: string) => string> = {
  dynamic: (props) => `new lockbox.Secret("db", ${props})`,
  native: (props) =>
    `new pulumi.CustomResource("lockbox:index:Secret", "db", { status: undefined, ...${props} })`,
};

interface Step {
  what: string;
  /** Props of the Secret (JavaScript source; `KEY` is the id of a key made through REST). */
  props: string;
  /** Out-of-band change before the step, then `refresh` (the step's `up` must undo it). */
  drift?: boolean;
  /** Whether the step keeps the secret's id. */
  sameId: boolean;
  description: string;
}

const TABLE: Step[] = [
  { what: "create", props: `{ name: "tbl", description: "one" }`, sameId: false, description: "one" },
  { what: "update in place", props: `{ name: "tbl", description: "two" }`, sameId: true, description: "two" },
  {
    what: "replace (kmsKeyId)",
    props: `{ name: "tbl", description: "two", kmsKeyId: KEY }`,
    sameId: false,
    description: "two",
  },
  {
    what: "refresh drift, up restores",
    props: `{ name: "tbl", description: "two", kmsKeyId: KEY }`,
    drift: true,
    sameId: true,
    description: "two",
  },
];

describe("one scenario table through the dynamic resources and the native provider", function () {
  this.timeout(900_000);
  const world = useLockboxWorld();

  for (const [name, declare] of Object.entries(PATHS)) {
    it(`${name}: ${TABLE.map((s) => s.what).join(", ")}, destroy`, async () => {
      if (name === "native") requirePlugin();
      const key = await world.raw.awaitOperation(
        await world.raw.kms.keys.create({
          folderId: FOLDER,
          name: `tbl-${name}`,
          defaultAlgorithm: "AES_256",
        }),
      );
      const keyId = JSON.stringify(String(key.metadata?.keyId));
      const { prog, stack } = await newStack(world, `tbl-${name}`);
      let id = "";
      const seen: string[] = [];
      for (const step of TABLE) {
        if (step.drift) {
          await world.raw.awaitOperation(
            await world.raw.secrets.update(id, { updateMask: "description", description: "by hand" }),
          );
          await stack.refresh();
          assert.equal(
            (await world.raw.secrets.get(id)).description,
            "by hand",
            `${name}: refresh changes nothing in the service`,
          );
        }
        prog.write(`const KEY = ${keyId};\nexports.id = ${declare(step.props)}.id;`);
        await stack.up();
        const now = String((await stack.outputs()).id);
        assert.equal(
          now === id,
          step.sameId,
          `${name}, ${step.what}: the id is ${step.sameId ? "kept" : "new"}`,
        );
        if (id && !step.sameId) await assert.rejects(world.raw.secrets.get(id), /not found|NOT_FOUND/i);
        id = now;
        seen.push(id);
        assert.equal(
          (await world.raw.secrets.get(id)).description,
          step.description,
          `${name}, ${step.what}`,
        );
        await stack.preview({ args: ["--expect-no-changes"] });
      }
      assert.equal((await world.raw.secrets.get(id)).kmsKeyId, JSON.parse(keyId));
      await stack.destroy();
      await assert.rejects(world.raw.secrets.get(id), /not found|NOT_FOUND/i);
      assert.equal(new Set(seen).size, TABLE.filter((s) => !s.sameId).length);
    });
  }
});
