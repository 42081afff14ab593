/**
 * How every function is bundled, in one place: the stack hands `lambdaBundling` to each
 * NodejsFunction, and the benchmarks (tests/bench) bundle with `esbuildOptionsFor`, the esbuild
 * options NodejsFunction derives from those same settings. So the bundle whose size and cold
 * start the benchmark reports is the one that is deployed (tests/infra/lambdaBundling.test.ts
 * compares the two byte for byte).
 */
import { join } from 'node:path';
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';

// ESM bundles have no `require`; a CommonJS dependency that calls it (some AWS SDK internals do)
// gets one built from import.meta.url.
const esmRequireBanner =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

export const lambdaBundling = {
  format: OutputFormat.ESM,
  target: 'node24',
  minify: true,
  sourceMap: true,
  // The map only needs to turn stack traces into file:line; the sources would double its size.
  sourcesContent: false,
  mainFields: ['module', 'main'],
  // Bundled, not taken from the runtime: a pinned, tested SDK, and tree-shaking keeps it small.
  bundleAwsSDK: true,
  banner: esmRequireBanner,
} satisfies BundlingOptions;

/** Node's options in every function: stack traces point into the sources through the linked map. */
export const lambdaNodeOptions = '--enable-source-maps';

/**
 * The esbuild build NodejsFunction runs for `lambdaBundling` (aws-cdk-lib's `Bundling` turns each
 * setting into the esbuild flag written next to it): `entry` bundled to `<outdir>/index.mjs` and
 * its linked source map.
 */
export function esbuildOptionsFor(entry: string, outdir: string): BuildOptions {
  return {
    entryPoints: [entry],
    bundle: true, // --bundle
    platform: 'node', // --platform=node
    target: lambdaBundling.target, // --target=node24
    format: lambdaBundling.format === OutputFormat.ESM ? 'esm' : 'cjs', // --format=esm
    outfile: join(outdir, lambdaBundling.format === OutputFormat.ESM ? 'index.mjs' : 'index.js'), // --outfile
    minify: lambdaBundling.minify, // --minify
    sourcemap: lambdaBundling.sourceMap, // --sourcemap
    sourcesContent: lambdaBundling.sourcesContent, // --sources-content=false
    // bundleAwsSDK: true, so no --external:@aws-sdk/*: the SDK goes into the bundle.
    banner: { js: lambdaBundling.banner }, // --banner:js=…
    mainFields: [...lambdaBundling.mainFields], // --main-fields=module,main
  };
}
