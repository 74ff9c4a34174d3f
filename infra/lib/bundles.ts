import { bundleLambda, lambdaEntries } from '../../scripts/lambda-bundles.mjs';

/**
 * Bundles every service with a Lambda entry into `outdir/<service>/`, exactly as
 * `npm run bundle` does (one bundler for local checks, benchmarks and deployments). Returns
 * the services bundled.
 */
export async function bundleServices(outdir: string): Promise<Set<string>> {
  const entries = lambdaEntries();
  await Promise.all(entries.map((entry) => bundleLambda(entry, outdir)));
  return new Set(entries.map((entry) => entry.name));
}
