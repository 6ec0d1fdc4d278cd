/** The kinds registry and the package schema derived from it (see resources.ts). */
export { registry, kindOf, token, type KindName, type ResourceKind, type NamedType } from "./resources";
export { functionRegistry, type FunctionKind } from "./functions";
export { packageSchema, schemaText, CONFIG_SETTINGS, type ConfigSetting } from "./schema";
