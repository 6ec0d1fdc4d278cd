/**
 * The Lockbox policy pack: `pulumi preview|up --policy-pack policy` runs index.js, which loads this
 * file compiled (dist/policy/pack.js); it starts the analyzer server the engine talks to. A pack of
 * your own imports `policies` from "pulumi-lockbox/policy" instead.
 */
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("lockbox", {
  description: "Blocks unencrypted and unsafe Lockbox secrets before they exist.",
  policies,
});
