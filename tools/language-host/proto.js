// @ts-check
"use strict";
// Loads the gRPC runtime and the generated Pulumi protobuf modules from the @pulumi/pulumi package
// this repository pins, so the host speaks exactly the protocol of the SDK the programs use.
const path = require("node:path");

const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
// The generated *_grpc_pb.js files require "@grpc/grpc-js" themselves: use the same instance, or
// services registered here would not match the classes they serialize.
/** @param {string} id */
const fromPulumi = (id) => require(require.resolve(id, { paths: [pulumiDir] }));

module.exports = {
  /** Absolute path of the @pulumi/pulumi package the host was loaded with. */
  pulumiDir,
  /** Version of that package, reported by GetPluginInfo and About. */
  sdkVersion: require(path.join(pulumiDir, "package.json")).version,
  grpc: fromPulumi("@grpc/grpc-js"),
  emptyPb: fromPulumi("google-protobuf/google/protobuf/empty_pb.js"),
  languagePb: require(path.join(pulumiDir, "proto", "language_pb.js")),
  languageGrpc: require(path.join(pulumiDir, "proto", "language_grpc_pb.js")),
  analyzerGrpc: require(path.join(pulumiDir, "proto", "analyzer_grpc_pb.js")),
  pluginPb: require(path.join(pulumiDir, "proto", "plugin_pb.js")),
};
