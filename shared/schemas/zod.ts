// The schemas use zod/mini. No Lambda runs them: `npm run generate` compiles them into
// shared/compiled (shared/validation/runtime.ts), and what runs zod itself is the build, the CDK
// app, the local cloud's tooling and the tests.
// The English locale (imported alone, not the index of all locales) gives the messages the
// compiled validators reproduce word for word (tests/unit/compiledValidators.test.ts).
// Consumers import it as a namespace (`import * as z`) so esbuild can drop what they do not use.
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());
// No generated parsers (`new Function` per object schema on its first parse): what parses with zod
// parses few payloads per process. Set before any schema exists: each object schema reads it when built.
config({ jitless: true });

export * from 'zod/mini';
