/**
 * The Lockbox policy pack: `pulumi preview|up --policy-pack policy` loads this file, which starts
 * the analyzer server the engine talks to.
 */
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("lockbox", {
  description: "Blocks unencrypted and unsafe Lockbox secrets before they exist.",
  policies,
});
