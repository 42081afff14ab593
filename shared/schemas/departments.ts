import { localizedInputSchema, localizedTextSchema, slugSchema, isoDateTimeSchema } from './common.ts';
import * as z from './zod.ts';

export const departmentIdParamsSchema = z.strictObject({ id: slugSchema });

/** What customers and guests see, in their language. */
export const departmentSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  openToGuests: z.boolean(),
});

/** What staff see: both languages and the routing settings. */
export const staffDepartmentSchema = z.strictObject({
  id: z.string(),
  name: localizedTextSchema,
  description: localizedTextSchema,
  email: z.nullable(z.string()),
  openToGuests: z.boolean(),
  allowReopen: z.boolean(),
  order: z.number(),
  version: z.number(),
  createdAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
});

const departmentSettings = {
  description: z.optional(localizedInputSchema(1000)),
  /** Address that receives notices about this department's tickets. */
  email: z.optional(z.nullable(z.email())),
  openToGuests: z.optional(z.boolean()),
  /** Whether a customer reply may reopen a closed ticket. */
  allowReopen: z.optional(z.boolean()),
  order: z.optional(z.int().check(z.gte(0), z.lte(10000))),
};

export const createDepartmentSchema = z.strictObject({
  name: localizedInputSchema(80),
  /** Chosen by the server from the name when absent. */
  id: z.optional(slugSchema),
  ...departmentSettings,
});
export type CreateDepartmentInput = z.infer<typeof createDepartmentSchema>;

export const updateDepartmentSchema = z.strictObject({
  name: z.optional(localizedInputSchema(80)),
  ...departmentSettings,
  /** Optimistic concurrency: when given, the update applies only to this version. */
  version: z.optional(z.int().check(z.gte(1))),
});
export type UpdateDepartmentInput = z.infer<typeof updateDepartmentSchema>;

export const departmentListSchema = z.strictObject({ items: z.array(departmentSchema) });
export const staffDepartmentListSchema = z.strictObject({ items: z.array(staffDepartmentSchema) });
