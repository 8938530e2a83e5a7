import { z } from 'zod';

/** Tenant ids become Cosmos partition key values and Event Hub partition keys: keep them plain. */
export const TenantId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, dot, underscore and dash only');
export type TenantId = z.infer<typeof TenantId>;

/** A dotted name such as `finance.reconciliation`: agent types, locations, task types. */
export const DottedName = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[a-z0-9_]+(\.[a-z0-9_*]+)*$/, 'lower-case words separated by dots, e.g. finance.reconciliation');

export const Capability = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9_]+$/, 'lower-case letters, digits and underscores');

export const IsoDateTime = z.iso.datetime({ offset: true });

export const Priority = z.number().int().min(1).max(10);

/** Named priorities of seed 002 §15.3. */
export const TaskPriority = { CRITICAL: 10, HIGH: 7, NORMAL: 5, LOW: 3, BACKGROUND: 1 } as const;
