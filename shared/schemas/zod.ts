// zod/mini keeps every Lambda bundle ~400 KB smaller than classic zod (DESIGN.md, measured);
// the English locale (imported alone, not the index of all locales) restores readable messages.
// Consumers import it as a namespace (`import * as z`) so esbuild can drop what they do not use.
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';
