// zod/mini keeps every Lambda bundle ~400 KB smaller than classic zod (DESIGN.md, measured);
// the English locale restores readable messages that zod/mini leaves out by default.
import * as z from 'zod/mini';
import { en } from 'zod/locales';

z.config(en());

export { z };
