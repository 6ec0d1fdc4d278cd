"""examples/python under Pulumi's mocks: what the quickstart declares (not a deployment)."""
import pathlib
import runpy

import pulumi

from test_sdk import MOCKS, is_wrapped_secret, plain

EXAMPLE = pathlib.Path(__file__).resolve().parents[3] / "examples" / "python" / "__main__.py"


@pulumi.runtime.test
def test_quickstart_declares_key_secret_version_and_binding():
    pulumi.runtime.set_all_config({"sdk-test:dbPassword": "s3cr3t-from-config"}, ["sdk-test:dbPassword"])
    program = runpy.run_path(str(EXAMPLE))
    reader = program["reader"]

    def check(_):
        r = MOCKS.resources
        assert r["app-db-key"].typ == "lockbox:index:KmsSymmetricKey"
        assert r["app-db"].typ == "lockbox:index:Secret"
        assert r["app-db"].inputs["kmsKeyId"] == "app-db-key-id"
        version = r["app-db-credentials"]
        assert version.typ == "lockbox:index:SecretVersion"
        assert is_wrapped_secret(version.inputs["entries"])
        assert plain(version.inputs["entries"])[1] == {"key": "password", "textValue": "s3cr3t-from-config"}
        assert r["app-db-reader"].typ == "lockbox:index:AccessBindingMember"
        assert r["app-db-reader"].inputs["secretId"] == "app-db-id"

    return reader.urn.apply(check)
