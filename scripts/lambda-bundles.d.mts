export interface LambdaEntry {
  name: string;
  entry: string;
}
/** A function's code files (paths as in the metafile) by when they load, and their bytes. */
export interface FunctionCode {
  atStart: string[];
  onDemand: string[];
  startBytes: number;
  totalBytes: number;
}
export const RUNTIME_PROVIDED: RegExp;
export function lambdaEntries(): LambdaEntry[];
export function bundleLambda(
  lambda: LambdaEntry,
  outdir: string,
): Promise<import('esbuild').Metafile>;
export function bundledInputs(metafile: import('esbuild').Metafile): string[];
export function runtimeImports(metafile: import('esbuild').Metafile): string[];
export function functionCode(metafile: import('esbuild').Metafile): FunctionCode;
export function provideRuntimePackages(dir: string, packages: readonly string[]): void;
