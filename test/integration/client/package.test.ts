import assert from "node:assert/strict";
import * as src from "../../../provider/client";
import { onCleanup } from "../../helpers/hooks";
import { newFolder } from "../../helpers/client";
import { useLockboxLocal } from "../../helpers/lockbox-fixture";

/**
 * The provider requires the client by package name at run time
 * (docs/conventions.md#provider-code-is-serialized), which loads the compiled copy in dist/ next to the
 * TypeScript one the tests import: two copies of every class.
 */
describe("pulumi-lockbox/provider/client (the built package)", () => {
  const local = useLockboxLocal();
  let built: typeof src;
  before(() => {
    built = require("pulumi-lockbox/provider/client") as typeof src;
  });

  it("is a second copy of the client that works against lockbox-local", async () => {
    assert.notEqual(built.LockboxClient, src.LockboxClient);
    const client = new built.LockboxClient({
      endpoint: local.server.url,
      iamToken: local.server.rootToken,
      env: {},
    });
    onCleanup(() => client.close());
    const folderId = newFolder();
    await client.awaitOperation(await client.secrets.create({ folderId, name: "from-dist" }));
    assert.deepEqual(
      (await client.secrets.list({ folderId }).toArray()).map((s) => s.name),
      ["from-dist"],
    );
  });

  it("throws errors that this copy's guards and classes recognise", async () => {
    const client = new built.LockboxClient({
      endpoint: local.server.url,
      iamToken: local.server.rootToken,
      env: {},
    });
    onCleanup(() => client.close());
    const err = await client.secrets.get("e6qmissing0000000000").catch((e: unknown) => e);
    assert.ok(src.isNotFound(err));
    assert.ok(err instanceof src.NotFoundError);
    assert.ok(err instanceof src.LockboxAPIError);
    assert.ok(!src.isPermissionDenied(err));
  });
});
