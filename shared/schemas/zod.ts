// zod/mini keeps every Lambda bundle ~400 KB smaller than classic zod (DESIGN.md, measured);
// the English locale (imported alone, not the index of all locales) restores readable messages.
// Consumers import it as a namespace (`import * as z`) so esbuild can drop what they do not use.
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());
// No generated parsers (`new Function` per object schema on its first parse): a Lambda environment
// parses few payloads, and generating them cost ~1 ms of every cold start (npm run bench).
// Set before any schema exists: each object schema reads it when it is built.
config({ jitless: true });

export * from 'zod/mini';
