"use strict";
// The file the engine runs for `pulumi preview|up --policy-pack <this folder>`, in this repository
// and in the installed package (node_modules/pulumi-lockbox/policy) alike. The pack itself is
// TypeScript (pack.ts, policies/) compiled into ../dist/policy by the package build.
//
// @pulumi/policy is an optional peer dependency of pulumi-lockbox (see README.md): a project that
// runs the pack installs it next to pulumi-lockbox. Say so plainly instead of a bare "Cannot find
// module" from deep inside the compiled pack.
try {
  require.resolve("@pulumi/policy");
} catch {
  throw new Error(
    "The Lockbox policy pack needs @pulumi/policy next to pulumi-lockbox: run `npm install --save-dev @pulumi/policy` in your project.",
  );
}
require("../dist/policy/pack");
