/** yandex.cloud.access shapes (docs/lockbox-api.md#access-bindings, #subjects). */
import { z } from "zod";
import { inputEnum, lazy, page } from "./common";

export const subject = lazy(() =>
  z.strictObject({
    id: z.string().min(1, "subject.id is required").max(100, "subject.id must be at most 100 characters"),
    type: z
      .string()
      .min(1, "subject.type is required")
      .max(100, "subject.type must be at most 100 characters"),
  }),
);

export const accessBinding = lazy(() =>
  z.strictObject({
    roleId: z.string().min(1, "roleId is required").max(64, "roleId must be at most 64 characters"),
    subject: subject(),
  }),
);
export type AccessBinding = z.infer<ReturnType<typeof accessBinding>>;

export const setAccessBindingsRequest = lazy(() =>
  z.strictObject({
    accessBindings: z
      .array(accessBinding())
      .max(1000, "at most 1000 access bindings are allowed")
      .default([]),
  }),
);

export const ACCESS_BINDING_ACTIONS = ["ACCESS_BINDING_ACTION_UNSPECIFIED", "ADD", "REMOVE"] as const;

export const accessBindingDelta = lazy(() =>
  z.strictObject({
    action: inputEnum(ACCESS_BINDING_ACTIONS).refine(
      (a) => a !== "ACCESS_BINDING_ACTION_UNSPECIFIED",
      "action is required",
    ),
    accessBinding: accessBinding(),
  }),
);
export type AccessBindingDelta = z.infer<ReturnType<typeof accessBindingDelta>>;

export const updateAccessBindingsRequest = lazy(() =>
  z.strictObject({
    accessBindingDeltas: z
      .array(accessBindingDelta())
      .min(1, "at least one access binding delta is required")
      .max(1000, "at most 1000 access binding deltas are allowed"),
  }),
);

export const listAccessBindingsResponse = lazy(() =>
  page(
    "accessBindings",
    z.looseObject({ roleId: z.string(), subject: z.looseObject({ id: z.string(), type: z.string() }) }),
  ),
);

/** Subject types Terraform/CLI write as "<type>:<id>" members (docs/lockbox-api.md#subjects). */
export const SUBJECT_TYPES = ["userAccount", "serviceAccount", "federatedUser", "group", "system"] as const;

/** Parses a member string such as "serviceAccount:aje123" or "system:allUsers". */
export function parseMember(member: string): { type: string; id: string } | undefined {
  const i = member.indexOf(":");
  if (i <= 0 || i === member.length - 1) return undefined;
  const type = member.slice(0, i);
  if (!(SUBJECT_TYPES as readonly string[]).includes(type)) return undefined;
  return { type, id: member.slice(i + 1) };
}

/** Formats a subject as a member string. */
export function formatMember(subject: { type: string; id: string }): string {
  return `${subject.type}:${subject.id}`;
}
