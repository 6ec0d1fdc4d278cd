"""The generated Python SDK (sdk/python) against the contract in schema.json, with Pulumi's mocks.

Every case is derived from schema.json, so a kind added to the registry is tested here after one
regeneration, with nothing to write per kind.
"""
import json
import pathlib
import re

import pulumi
import pytest

import pulumi_lockbox as lockbox

SCHEMA = json.loads((pathlib.Path(__file__).resolve().parents[3] / "schema.json").read_text())
PREFIX = "lockbox:index:"


def snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def type_spec(ref: str) -> dict:
    return SCHEMA["types"][ref.removeprefix("#/types/")]


def sample(spec: dict, name: str):
    """A distinct value of the schema type, in wire form (camelCase keys)."""
    if "$ref" in spec:
        t = type_spec(spec["$ref"])
        return {k: sample(p, k) for k, p in t["properties"].items()}
    kind = spec["type"]
    if kind == "string":
        return f"{name}-value"
    if kind == "boolean":
        return True
    if kind in ("integer", "number"):
        return 7
    if kind == "array":
        return [sample(spec["items"], name)]
    if kind == "object":
        return {"k": sample(spec.get("additionalProperties", {"type": "string"}), name)}
    raise AssertionError(f"no sample for {spec}")


def to_python(value):
    """Wire form to the SDK's argument form: object keys of schema types become snake_case."""
    if isinstance(value, list):
        return [to_python(v) for v in value]
    if isinstance(value, dict) and value and all(k[0].islower() and "-" not in k for k in value):
        if set(value) == {"k"}:
            return dict(value)  # a map property, keys are data
        return {snake(k): to_python(v) for k, v in value.items()}
    return value


SIG = "4dabf18193072939515e22adb298388d"  # Pulumi's special-signature key in property values
SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"


def is_wrapped_secret(value) -> bool:
    return isinstance(value, dict) and value.get(SIG) == SECRET_SIG


def plain(value):
    """A property value with secret wrappers removed (at any depth)."""
    if is_wrapped_secret(value):
        return plain(value["value"])
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


class Recorder(pulumi.runtime.Mocks):
    def __init__(self):
        self.resources = {}
        self.calls = []

    def new_resource(self, args: pulumi.runtime.MockResourceArgs):
        self.resources[args.name] = args
        return f"{args.name}-id", dict(args.inputs)

    def call(self, args: pulumi.runtime.MockCallArgs):
        self.calls.append(args)
        fn = SCHEMA["functions"][args.token]
        return {k: sample(p, k) for k, p in fn["outputs"]["properties"].items()}


MOCKS = Recorder()
pulumi.runtime.set_mocks(MOCKS, project="sdk-test", stack="test", preview=False)

RESOURCES = sorted(SCHEMA["resources"].items())
FUNCTIONS = sorted(SCHEMA["functions"].items())


def resource_class(token: str):
    return getattr(lockbox, token.removeprefix(PREFIX))


def function_of(token: str):
    return getattr(lockbox, snake(token.removeprefix(PREFIX)))


def all_inputs(res: dict) -> dict:
    return {k: sample(p, k) for k, p in res["inputProperties"].items()}


def test_schema_names_the_lockbox_package():
    assert SCHEMA["name"] == "lockbox"
    assert RESOURCES and FUNCTIONS
    for token, _ in RESOURCES + FUNCTIONS:
        assert token.startswith(PREFIX), token


@pytest.mark.parametrize("token,res", RESOURCES, ids=[t for t, _ in RESOURCES])
@pulumi.runtime.test
def test_resource_registers_its_token_with_exactly_the_declared_inputs(token, res):
    wire = all_inputs(res)
    name = "all-" + token.removeprefix(PREFIX)
    r = resource_class(token)(name, **{snake(k): to_python(v) for k, v in wire.items()})

    def check(_):
        got = MOCKS.resources[name]
        assert got.typ == token
        assert plain(got.inputs) == wire
        for prop, spec in res["inputProperties"].items():
            assert is_wrapped_secret(got.inputs[prop]) == bool(spec.get("secret")), prop

    return r.urn.apply(check)


@pytest.mark.parametrize("token,res", RESOURCES, ids=[t for t, _ in RESOURCES])
@pulumi.runtime.test
def test_resource_with_required_inputs_sends_them_and_schema_defaults_only(token, res):
    props = res["inputProperties"]
    required = res.get("requiredInputs", [])
    wire = {k: sample(props[k], k) for k in required}
    name = "req-" + token.removeprefix(PREFIX)
    r = resource_class(token)(name, **{snake(k): to_python(v) for k, v in wire.items()})
    defaults = {k: p["default"] for k, p in props.items() if "default" in p and k not in wire}

    def check(_):
        assert plain(MOCKS.resources[name].inputs) == {**wire, **defaults}

    return r.urn.apply(check)


SECRET_INPUTS = [
    (token, prop)
    for token, res in RESOURCES
    for prop, spec in res["inputProperties"].items()
    if spec.get("secret")
]


def test_secret_version_entries_are_declared_secret():
    assert ("lockbox:index:SecretVersion", "entries") in SECRET_INPUTS


@pytest.mark.parametrize("token,prop", SECRET_INPUTS, ids=[f"{t}.{p}" for t, p in SECRET_INPUTS])
@pulumi.runtime.test
def test_secret_inputs_are_secret_outputs(token, prop):
    res = SCHEMA["resources"][token]
    wire = all_inputs(res)
    r = resource_class(token)("secret-" + token.removeprefix(PREFIX),
                              **{snake(k): to_python(v) for k, v in wire.items()})
    out = getattr(r, snake(prop))

    def check(args):
        is_secret, value = args
        assert is_secret, f"{token}.{prop} is not a secret output"
        assert plain(value) == to_python(wire[prop])

    return pulumi.Output.all(pulumi.Output.from_input(out.is_secret()), out).apply(check)


@pytest.mark.parametrize("token,fn", FUNCTIONS, ids=[t for t, _ in FUNCTIONS])
def test_lookup_invokes_its_token_with_the_arguments(token, fn):
    wire = {k: sample(p, k) for k, p in fn["inputs"]["properties"].items()}
    before = len(MOCKS.calls)
    result = function_of(token)(**{snake(k): v for k, v in wire.items()})
    call = MOCKS.calls[before]
    assert call.token == token
    assert dict(call.args) == wire
    outputs = fn["outputs"]["properties"]
    first = sorted(outputs)[0]
    assert getattr(result, snake(first)) is not None


@pytest.mark.parametrize("token,fn", FUNCTIONS, ids=[t for t, _ in FUNCTIONS])
@pulumi.runtime.test
def test_lookup_output_form_invokes_its_token(token, fn):
    wire = {k: sample(p, k) for k, p in fn["inputs"]["properties"].items()}
    before = len(MOCKS.calls)
    out = getattr(lockbox, snake(token.removeprefix(PREFIX)) + "_output")(
        **{snake(k): pulumi.Output.from_input(v) for k, v in wire.items()})

    def check(_):
        call = next(c for c in MOCKS.calls[before:] if c.token == token)
        assert dict(call.args) == wire

    return out.apply(check)


@pulumi.runtime.test
def test_explicit_provider_is_passed_to_resources_and_lookups():
    config = {k: sample(p, k) for k, p in SCHEMA["provider"]["inputProperties"].items()}
    p = lockbox.Provider("second", **{snake(k): v for k, v in config.items()})
    s = lockbox.Secret("on-second", name="s", opts=pulumi.ResourceOptions(provider=p))
    before = len(MOCKS.calls)
    lockbox.get_secret(secret_id="x", opts=pulumi.InvokeOptions(provider=p))

    def check(urn):
        prov = MOCKS.resources["second"]
        assert prov.typ == "pulumi:providers:lockbox"
        assert {k: plain(prov.inputs[k]) for k in config} == config
        assert is_wrapped_secret(prov.inputs["token"]), "the provider's token is not a secret"
        assert MOCKS.resources["on-second"].provider.startswith(urn + "::")
        assert MOCKS.calls[before].provider.startswith(urn + "::")

    return pulumi.Output.all(p.urn, s.urn).apply(lambda a: check(a[0]))
