export interface LambdaEntry {
  name: string;
  entry: string;
}
export function lambdaEntries(): LambdaEntry[];
export function bundleLambda(
  lambda: LambdaEntry,
  outdir: string,
): Promise<import('esbuild').Metafile>;
export function bundledInputs(metafile: import('esbuild').Metafile): string[];
