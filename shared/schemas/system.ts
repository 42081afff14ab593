import { isoDateTimeSchema } from './common.ts';
import * as z from './zod.ts';

export const healthSchema = z.strictObject({
  status: z.enum(['ok', 'degraded']),
  checks: z.strictObject({ table: z.enum(['ok', 'failing']) }),
  time: isoDateTimeSchema,
});

export const meSchema = z.strictObject({
  id: z.string(),
  email: z.nullable(z.string()),
  name: z.nullable(z.string()),
  roles: z.array(z.enum(['customer', 'staff', 'admin'])),
  language: z.enum(['pl', 'en']),
});
