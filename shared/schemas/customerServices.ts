import { printableText } from './common.ts';
import { hasUniqueIds } from '../validation/rules.ts';
import * as z from './zod.ts';

/** A service id as the billing system gives it (ids are global across customers). */
export const serviceIdSchema = z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, 'Use letters, digits, dots, colons, underscores and hyphens (at most 64)'));

export const customerIdParamsSchema = z.strictObject({
  customerId: z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._@:-]{0,127}$/, 'Not a customer id')),
});

export const customerServiceSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  product: z.string(),
  serverId: z.nullable(z.string()),
});

export const maxServicesPerCustomer = 200;

export const replaceCustomerServicesSchema = z.strictObject({
  services: z
    .array(
      z.strictObject({
        id: serviceIdSchema,
        name: printableText(120),
        /** The product the service is an instance of, e.g. `shared-hosting`; servers may host whole products. */
        product: printableText(80),
        serverId: z.optional(z.nullable(z.string().check(z.minLength(1), z.maxLength(64)))),
      }),
    )
    .check(
      z.maxLength(maxServicesPerCustomer),
      z.refine(hasUniqueIds, { message: 'Service ids must be unique' }),
    ),
});
export type ReplaceCustomerServicesInput = z.infer<typeof replaceCustomerServicesSchema>;

export const customerServiceListSchema = z.strictObject({ items: z.array(customerServiceSchema) });
