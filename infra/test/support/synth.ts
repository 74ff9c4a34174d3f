import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { ENVIRONMENTS, type EnvironmentConfigInput } from '../../config/index.js';
import type { AgentCoreStack } from '../../lib/agentcore-stack.js';
import { buildApp, STACK_NAME } from '../../lib/app.js';
import { bundleServices } from '../../lib/bundles.js';

export interface SynthesizedStage {
  name: string;
  stack: AgentCoreStack;
  template: Template;
  /** The raw template, for walking every resource. */
  json: { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };
  synthMs: number;
}

let bundles: Promise<{ dir: string; bundled: Set<string> }> | undefined;

/** The Lambda bundles, built once per test file into a fresh folder (as `cdk synth` does). */
export function sharedBundles(): Promise<{ dir: string; bundled: Set<string> }> {
  bundles ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentcore-bundles-'));
    return { dir, bundled: await bundleServices(dir) };
  })();
  return bundles;
}

/**
 * Synthesizes one environment as `cdk synth` would (cdk-nag included: a finding nobody
 * acknowledged throws here), timing it.
 */
export async function synthesizeStage(input: EnvironmentConfigInput): Promise<SynthesizedStage> {
  const { dir, bundled } = await sharedBundles();
  const started = performance.now();
  const app = buildApp({
    bundlesDir: dir,
    bundled,
    environments: [input],
    outdir: mkdtempSync(join(tmpdir(), 'agentcore-cdk-out-')),
  });
  const assembly = app.synth();
  const synthMs = performance.now() - started;
  const stack = app.node.findChild(input.name).node.findChild(STACK_NAME) as AgentCoreStack;
  const artifact = assembly.getNestedAssembly(`assembly-${input.name}`).stacks[0];
  if (!artifact) throw new Error(`no stack synthesized for ${input.name}`);
  const json = artifact.template as SynthesizedStage['json'];
  return { name: input.name, stack, template: Template.fromJSON(json), json, synthMs };
}

/** All three environments, each synthesized once. */
export async function synthesizeAll(): Promise<Map<string, SynthesizedStage>> {
  const stages = new Map<string, SynthesizedStage>();
  for (const input of ENVIRONMENTS) stages.set(input.name, await synthesizeStage(input));
  return stages;
}
