/**
 * The gRPC ResourceProvider service of the `pulumi-resource-lockbox` plugin, built on the generated
 * protocol code shipped in @pulumi/pulumi (`proto/provider_grpc_pb`) and its @grpc/grpc-js. Each
 * handler decodes the request, calls host.ts and encodes the answer; a failure becomes the gRPC
 * error the engine prints (its message, never a property value). Methods not listed here answer
 * UNIMPLEMENTED, which the engine handles (e.g. Handshake falls back to Configure's answer).
 */
import { createRequire } from "node:module";
import type * as grpcTypes from "@grpc/grpc-js";
import type * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as host from "./host";
import { invoke } from "./invoke";
import type { Props } from "./values";

/** Modules of @pulumi/pulumi's own dependencies, resolved from it (they are not ours). */
const fromPulumi = createRequire(require.resolve("@pulumi/pulumi"));
const grpc = fromPulumi("@grpc/grpc-js") as typeof grpcTypes;
const structproto = fromPulumi("google-protobuf/google/protobuf/struct_pb") as {
  Struct: { fromJavaScript(v: Props): unknown };
};
const emptyproto = fromPulumi("google-protobuf/google/protobuf/empty_pb") as { Empty: new () => unknown };
const provpb = require("@pulumi/pulumi/proto/provider_pb") as typeof provproto;
const plugpb = require("@pulumi/pulumi/proto/plugin_pb") as {
  PluginInfo: new () => { setVersion(v: string): unknown };
};
const provrpc = require("@pulumi/pulumi/proto/provider_grpc_pb") as {
  ResourceProviderService: grpcTypes.ServiceDefinition;
};

type Struct = { toJavaScript(): Props } | undefined;
type Call = { request: Record<string, (...a: unknown[]) => unknown> };
type Callback = (err: grpcTypes.ServiceError | null, value?: unknown) => void;

const js = (s: unknown): Props => (s as Struct)?.toJavaScript() ?? {};
const struct = (v: Props) => structproto.Struct.fromJavaScript(v);

/** The resource type of a request: its type field, else the type segment of its URN. */
function typeOf(req: Call["request"]): string {
  const t = typeof req.getType === "function" ? (req.getType() as string) : "";
  if (t) return t;
  const parts = String(req.getUrn!()).split("::");
  const qualified = parts[parts.length - 2] ?? "";
  return qualified.split("$").pop()!;
}

function failure(err: unknown): grpcTypes.ServiceError {
  const message = err instanceof Error ? err.message : String(err);
  return Object.assign(new Error(message), {
    code: grpc.status.UNKNOWN,
    details: message,
    metadata: new grpc.Metadata(),
  });
}

/** A unary handler: `fn` builds the response; whatever it throws is the call's error. */
function unary(fn: (req: Call["request"]) => Promise<unknown> | unknown) {
  return (call: Call, callback: Callback) => {
    Promise.resolve()
      .then(() => fn(call.request))
      .then(
        (resp) => callback(null, resp),
        (err: unknown) => callback(failure(err)),
      );
  };
}

function checkFailures(failures: { property: string; reason: string }[]) {
  return failures.map((f) => {
    const out = new provpb.CheckFailure();
    out.setProperty(f.property);
    out.setReason(f.reason);
    return out;
  });
}

/** The service's handlers. */
export function handlers(opts: { version: string; schema: () => string }) {
  return {
    getPluginInfo: unary(() => new plugpb.PluginInfo().setVersion(opts.version)),
    getSchema: unary((req) => {
      if (req.getVersion!() !== 0) throw new Error(`unsupported schema version ${String(req.getVersion!())}`);
      return new provpb.GetSchemaResponse().setSchema(opts.schema());
    }),
    checkConfig: unary(async (req) => {
      const r = await host.checkConfig(js(req.getNews!()));
      return new provpb.CheckResponse()
        .setInputs(struct(r.inputs) as never)
        .setFailuresList(checkFailures(r.failures));
    }),
    diffConfig: unary((req) => {
      const d = host.diffConfig(js(req.getOlds!()), js(req.getNews!()));
      const resp = new provpb.DiffResponse();
      resp.setChanges(
        d.changes ? provpb.DiffResponse.DiffChanges.DIFF_SOME : provpb.DiffResponse.DiffChanges.DIFF_NONE,
      );
      resp.setDiffsList(d.diffs);
      return resp;
    }),
    configure: unary(async (req) => {
      const variables = Object.fromEntries(
        (req.getVariablesMap!() as { entries(): Iterable<[string, string]> }).entries(),
      );
      await host.configureProvider(js(req.getArgs!()), variables);
      return new provpb.ConfigureResponse()
        .setAcceptsecrets(true)
        .setAcceptresources(true)
        .setSupportspreview(false)
        .setAcceptoutputs(false);
    }),
    check: unary(async (req) => {
      const r = await host.check(typeOf(req), js(req.getOlds!()), js(req.getNews!()));
      return new provpb.CheckResponse()
        .setInputs(struct(r.inputs) as never)
        .setFailuresList(checkFailures(r.failures));
    }),
    diff: unary(async (req) => {
      const d = await host.diff(typeOf(req), String(req.getId!()), js(req.getOlds!()), js(req.getNews!()));
      const resp = new provpb.DiffResponse();
      resp.setChanges(
        d.changes ? provpb.DiffResponse.DiffChanges.DIFF_SOME : provpb.DiffResponse.DiffChanges.DIFF_NONE,
      );
      resp.setReplacesList(d.replaces);
      resp.setDiffsList(d.diffs);
      resp.setDeletebeforereplace(d.deleteBeforeReplace);
      return resp;
    }),
    create: unary(async (req) => {
      const r = await host.create(typeOf(req), js(req.getProperties!()), Number(req.getTimeout!()));
      return new provpb.CreateResponse().setId(r.id).setProperties(struct(r.props) as never);
    }),
    read: unary(async (req) => {
      const r = await host.read(
        typeOf(req),
        String(req.getId!()),
        js(req.getProperties!()),
        js(req.getInputs!()),
      );
      const resp = new provpb.ReadResponse().setId(r.id ?? "");
      if (r.props) resp.setProperties(struct(r.props) as never);
      if (r.inputs) resp.setInputs(struct(r.inputs) as never);
      return resp;
    }),
    update: unary(async (req) => {
      const r = await host.update(
        typeOf(req),
        String(req.getId!()),
        js(req.getOlds!()),
        js(req.getNews!()),
        Number(req.getTimeout!()),
      );
      return new provpb.UpdateResponse().setProperties(struct(r.props) as never);
    }),
    delete: unary(async (req) => {
      await host.remove(
        typeOf(req),
        String(req.getId!()),
        js(req.getProperties!()),
        Number(req.getTimeout!()),
      );
      return new emptyproto.Empty();
    }),
    invoke: unary(async (req) => {
      const r = await invoke(String(req.getTok!()), js(req.getArgs!()));
      const resp = new provpb.InvokeResponse().setFailuresList(checkFailures(r.failures));
      if (r.result) resp.setReturn(struct(r.result) as never);
      return resp;
    }),
    cancel: unary(() => new emptyproto.Empty()),
  };
}

/** Starts the service on a port of 127.0.0.1 the OS picks; resolves to the port. */
export async function serve(opts: { version: string; schema: () => string }): Promise<number> {
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  server.addService(
    provrpc.ResourceProviderService,
    handlers(opts) as unknown as grpcTypes.UntypedServiceImplementation,
  );
  return new Promise((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) =>
      err ? reject(err) : resolve(port),
    );
  });
}
