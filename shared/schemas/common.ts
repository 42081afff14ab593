import * as z from './zod.ts';

export const languageSchema = z.enum(['pl', 'en']);
export type Language = z.infer<typeof languageSchema>;

/** A text in both languages; stored whole, resolved to one language when shown to a customer. */
export const localizedTextSchema = z.strictObject({ pl: z.string(), en: z.string() });
export type LocalizedText = z.infer<typeof localizedTextSchema>;

/** Text a person typed: control characters other than tab and line breaks are refused. */
export const printableText = (maxLength: number) =>
  z
    .string()
    .check(
      z.trim(),
      z.minLength(1),
      z.maxLength(maxLength),
      z.regex(/^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$/, 'Control characters are not allowed'),
    );

/**
 * Input form: one string for both languages, or each language given separately (at least one;
 * spelled as two alternatives so the OpenAPI document says so too).
 */
export const localizedInputSchema = (maxLength: number) =>
  z.union([
    printableText(maxLength),
    z.strictObject({ pl: printableText(maxLength), en: z.optional(printableText(maxLength)) }),
    z.strictObject({ pl: z.optional(printableText(maxLength)), en: printableText(maxLength) }),
  ]);
export type LocalizedInput = z.infer<ReturnType<typeof localizedInputSchema>>;

export const isoDateTimeSchema = z.iso.datetime();

export const errorBodySchema = z.strictObject({
  error: z.strictObject({
    code: z.string(),
    message: z.string(),
    details: z.optional(z.array(z.strictObject({ path: z.string(), message: z.string() }))),
  }),
});

export const slugSchema = z
  .string()
  .check(z.regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, 'Use lower-case letters, digits and hyphens'));

export const paginationQuerySchema = {
  limit: z.optional(
    z.pipe(
      z.string().check(z.regex(/^\d{1,3}$/, 'limit must be a whole number from 1 to 100')),
      z.pipe(z.transform(Number), z.number().check(z.gte(1), z.lte(100))),
    ),
  ),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
};

export const pageSchema = <T extends z.ZodMiniType>(item: T) =>
  z.strictObject({ items: z.array(item), nextCursor: z.nullable(z.string()) });
