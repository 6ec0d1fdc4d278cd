/**
 * The authoritative bindings compare with the service, not only with state: diff() of an
 * AccessBinding or KmsKeyAccessBinding names the members an update will take the role from and
 * makes an update when the service's members differ from the program's, and check() of a new
 * binding names the members its creation will remove.
 */
import { strict as assert } from "node:assert";
import * as lifecycle from "../../../provider/lifecycle";
import { setNoticeWriter } from "../../../provider/lifecycle/access-binding";
import { UNKNOWN } from "../../../provider/lifecycle/check";
import { FOLDER } from "../../helpers/world";
import { useLockboxWorld } from "../../helpers/lockbox-fixture";

const { secret, accessBinding, kmsSymmetricKey, kmsKeyAccessBinding } = lifecycle;
const VIEWER = "lockbox.payloadViewer";
const KEY_ROLE = "kms.keys.encrypterDecrypter";

describe("authoritative binding diff against the live service", () => {
  const world = useLockboxWorld();
  let notices: string[] = [];
  let previous: (line: string) => void;
  before(async () => {
    previous = setNoticeWriter((line) => notices.push(line));
  });
  after(() => setNoticeWriter(previous));
  beforeEach(() => {
    notices = [];
  });

  async function grantByHand(
    secretId: string,
    role: string,
    member: string,
    action: "ADD" | "REMOVE" = "ADD",
  ) {
    const [type, id] = member.split(":") as [string, string];
    await world.raw.awaitOperation(
      await world.raw.secrets.updateAccessBindings(secretId, {
        accessBindingDeltas: [{ action, accessBinding: { roleId: role, subject: { type, id } } }],
      }),
    );
  }

  it("names the members an update will remove, and makes an update for them even when state matches", async () => {
    const s = await secret.create({ folderId: FOLDER, name: "diff-live" });
    const inputs = { secretId: s.id, role: VIEWER, members: ["serviceAccount:ajeprogram"] };
    const created = await accessBinding.create(inputs);
    // No drift: the same diff as before, and nothing said.
    const quiet = await accessBinding.diff(created.id, created.outs, inputs);
    assert.deepEqual([quiet.changes, notices], [false, []]);

    await grantByHand(s.id, VIEWER, "serviceAccount:ajebyhand1");
    await grantByHand(s.id, VIEWER, "group:byhandgroup");
    await grantByHand(s.id, "lockbox.viewer", "group:otherrole");
    // State still says one member (no refresh), yet the diff sees the service.
    const d = await accessBinding.diff(created.id, created.outs, inputs);
    assert.deepEqual([d.changes, d.replaces], [true, []]);
    assert.equal(notices.length, 1);
    assert.match(notices[0]!, /^warning: updating the binding of role lockbox\.payloadViewer on secret /);
    assert.ok(notices[0]!.includes(s.id));
    assert.match(notices[0]!, /removes the role from serviceAccount:ajebyhand1, group:byhandgroup \(/);
    assert.ok(!notices[0]!.includes("otherrole"), "members of other roles are not named");
    assert.ok(!notices[0]!.includes("ajeprogram"), "members the program keeps are not named");

    await accessBinding.update(created.id, created.outs, inputs);
    const after = await world.raw.secrets.listAccessBindings(s.id).toArray();
    assert.deepEqual(after.map((b) => `${b.roleId} ${b.subject.type}:${b.subject.id}`).sort(), [
      "lockbox.payloadViewer serviceAccount:ajeprogram",
      "lockbox.viewer group:otherrole",
    ]);
  });

  it("makes an update, and names nobody, when a member was removed by hand", async () => {
    const s = await secret.create({ folderId: FOLDER, name: "diff-removed" });
    const inputs = { secretId: s.id, role: VIEWER, members: ["serviceAccount:ajekept", "group:g1"] };
    const created = await accessBinding.create(inputs);
    await grantByHand(s.id, VIEWER, "group:g1", "REMOVE");
    const d = await accessBinding.diff(created.id, created.outs, inputs);
    assert.deepEqual([d.changes, notices], [true, []]);
  });

  it("names the members a program's own member change takes the role from", async () => {
    const s = await secret.create({ folderId: FOLDER, name: "diff-program-change" });
    const inputs = {
      secretId: s.id,
      role: VIEWER,
      members: ["serviceAccount:ajeold", "serviceAccount:ajestay"],
    };
    const created = await accessBinding.create(inputs);
    const news = { ...inputs, members: ["serviceAccount:ajestay"] };
    const d = await accessBinding.diff(created.id, created.outs, news);
    assert.deepEqual([d.changes, d.replaces], [true, []]);
    assert.equal(notices.length, 1);
    assert.match(notices[0]!, /removes the role from serviceAccount:ajeold \(/);
  });

  it("check() of a new binding names the members already holding the role that it will remove", async () => {
    const s = await secret.create({ folderId: FOLDER, name: "diff-create" });
    await grantByHand(s.id, VIEWER, "userAccount:ajeexisting");
    const news = { secretId: s.id, role: VIEWER, members: ["serviceAccount:ajenew"] };
    const r = await accessBinding.check({}, news);
    assert.deepEqual(r.failures, []);
    assert.equal(notices.length, 1);
    assert.match(notices[0]!, /^warning: creating the binding of role lockbox\.payloadViewer on secret /);
    assert.match(notices[0]!, /removes the role from userAccount:ajeexisting \(/);
    // The check of an existing binding leaves that to diff (one notice per step, not two).
    notices = [];
    await accessBinding.check(news, news);
    assert.deepEqual(notices, []);
  });

  it("says the same for a KMS key binding", async () => {
    const key = await kmsSymmetricKey.create({ folderId: FOLDER, name: "diff-key" });
    const inputs = { keyId: key.id, role: KEY_ROLE, members: ["serviceAccount:ajekeyuser"] };
    const created = await kmsKeyAccessBinding.create(inputs);
    await world.raw.awaitOperation(
      await world.raw.kms.keys.updateAccessBindings(key.id, {
        accessBindingDeltas: [
          { action: "ADD", accessBinding: { roleId: KEY_ROLE, subject: { type: "group", id: "keyhand" } } },
        ],
      }),
    );
    const d = await kmsKeyAccessBinding.diff(created.id, created.outs, inputs);
    assert.equal(d.changes, true);
    assert.equal(notices.length, 1);
    assert.match(
      notices[0]!,
      /role kms\.keys\.encrypterDecrypter on KMS key \S+ removes the role from group:keyhand \(/,
    );
  });

  it("falls back to the state diff when the service cannot tell (unknown inputs, a deleted secret)", async () => {
    const s = await secret.create({ folderId: FOLDER, name: "diff-gone" });
    const inputs = { secretId: s.id, role: VIEWER, members: ["group:g"] };
    const created = await accessBinding.create(inputs);
    await grantByHand(s.id, VIEWER, "group:byhand");
    const unknown = await accessBinding.diff(created.id, created.outs, { ...inputs, members: [UNKNOWN] });
    assert.deepEqual([unknown.changes, notices], [true, []]);
    await secret.delete(s.id, s.outs);
    const gone = await accessBinding.diff(created.id, created.outs, inputs);
    assert.deepEqual([gone.changes, notices], [false, []]);
  });
});
