import type { PolicyOutcome } from '@agentcore/core';
import {
  type DetailedError,
  type Effect,
  type PolicyJson,
  policySetTextToParts,
  policyToJson,
  type SchemaJson,
  validate,
} from '@cedar-policy/cedar-wasm/nodejs';
import * as z from 'zod';
import { type ApprovalSpec, readAnnotations } from './annotations.js';
import { ENTITY_TYPES } from './cedar-schema.js';
import { InvalidPolicyError, type PolicyProblem, type PolicyProblemKind } from './errors.js';
import type { Guard } from './guards.js';
import { needsOf, type PolicyNeeds, type PolicyScope, scopeOf } from './policy-analysis.js';
import { sliceForm } from './slice-form.js';
import { SliceIndex } from './slice-index.js';
import { charIndexOfByteOffset, locate, type SourceLocation } from './source-location.js';

/** One document of Cedar policies, e.g. a file or one admin-UI entry. */
export const PolicySourceSchema = z.object({
  name: z.string().trim().min(1).max(200),
  text: z.string().max(5_000_000),
});
export type PolicySource = z.infer<typeof PolicySourceSchema>;

/** A validated policy with what the engine needs to decide and to explain. */
export interface CompiledPolicy {
  /** `@id` when given, else `<source>#<n>` (n counts the source's policies from 1). */
  id: string;
  /** Position in the whole set; deciding policies are reported in this order. */
  position: number;
  source: string;
  line: number;
  column: number;
  /** The policy exactly as written, annotations included. */
  text: string;
  effect: Effect;
  outcome: PolicyOutcome;
  reason?: string;
  approval: ApprovalSpec;
  scope: PolicyScope;
  /** Leading tests of the conditions; the policy is left out of slices whose request fails them. */
  guards: readonly Guard[];
  /** The policy as slices evaluate it: scope and guards, known true there, taken out (or its text). */
  slice: PolicyJson | string;
  /** What the slice form reads from a request. */
  needs: PolicyNeeds;
}

/** An accepted policy set: validated against the schema, indexed for slicing. */
export interface CompiledPolicySet {
  /** Unique per compilation; names this set's pre-parsed slices. */
  readonly uid: string;
  readonly policies: readonly CompiledPolicy[];
  readonly byId: ReadonlyMap<string, CompiledPolicy>;
  readonly index: SliceIndex;
  /** Cedar's warnings (e.g. a policy that can never apply); they do not block acceptance. */
  readonly warnings: readonly string[];
}

let compilations = 0;

function describe(error: DetailedError): string {
  const label = error.sourceLocations?.find((location) => location.label)?.label;
  let message = error.message.replace(/^failed to parse policies from string: /, '');
  if (label) message += `; ${label}`;
  if (error.help) message += ` (${error.help})`;
  return message;
}

class ProblemList {
  readonly items: PolicyProblem[] = [];

  add(
    kind: PolicyProblemKind,
    source: PolicySource,
    at: SourceLocation,
    message: string,
    policyId?: string,
  ): void {
    this.items.push({
      kind,
      source: source.name,
      line: at.line,
      column: at.column,
      message,
      ...(policyId === undefined ? {} : { policyId }),
    });
  }
}

function locationOf(source: PolicySource, error: DetailedError): SourceLocation {
  const start = error.sourceLocations?.[0]?.start;
  if (start === undefined) return { line: 1, column: 1 };
  return locate(source.text, charIndexOfByteOffset(source.text, start));
}

interface ParsedPolicy {
  source: PolicySource;
  offset: number;
  text: string;
  json: PolicyJson;
}

/**
 * Cedar names the policies of a text `policy0`, `policy1`, … in order, and returns its parts
 * sorted by those names as strings (`policy10` before `policy2`); this restores the text's order.
 */
function inTextOrder(parts: readonly string[]): string[] {
  const names = parts.map((_, index) => `policy${index}`).sort();
  const ordered: string[] = [];
  names.forEach((name, index) => {
    ordered[Number(name.slice('policy'.length))] = parts[index] ?? '';
  });
  return ordered;
}

function parseSource(source: PolicySource, problems: ProblemList): ParsedPolicy[] {
  const parts = policySetTextToParts(source.text);
  if (parts.type === 'failure') {
    for (const error of parts.errors) {
      problems.add('syntax', source, locationOf(source, error), describe(error));
    }
    return [];
  }
  let cursor = 0;
  const located = (text: string) => {
    const offset = Math.max(0, source.text.indexOf(text, cursor));
    cursor = offset + text.length;
    return offset;
  };
  for (const template of parts.policy_templates) {
    problems.add(
      'template',
      source,
      locate(source.text, source.text.indexOf(template)),
      'templates (policies with ?principal or ?resource slots) are not supported; write the entity instead',
    );
  }
  const parsed: ParsedPolicy[] = [];
  for (const text of inTextOrder(parts.policies)) {
    const offset = located(text);
    const json = policyToJson(text);
    if (json.type === 'failure') {
      for (const error of json.errors) {
        problems.add('syntax', source, locate(source.text, offset), describe(error));
      }
      continue;
    }
    parsed.push({ source, offset, text, json: json.json });
  }
  return parsed;
}

function validateSource(
  source: PolicySource,
  ids: readonly string[],
  schema: SchemaJson<string>,
  problems: ProblemList,
  warnings: string[],
): void {
  const answer = validate({
    schema,
    policies: { staticPolicies: source.text },
    validationSettings: { mode: 'strict' },
  });
  if (answer.type === 'failure') {
    for (const error of answer.errors) {
      problems.add('validation', source, locationOf(source, error), describe(error));
    }
    return;
  }
  // Cedar names the policies of a text `policy0`, `policy1`, … in order; show ours instead.
  const rename = (message: string) =>
    message.replace(/`policy(\d+)`/g, (whole, n: string) => {
      const id = ids[Number(n)];
      return id === undefined ? whole : `\`${id}\``;
    });
  // The validator checks a policy once per action it may apply to; report each finding once.
  const generic = (message: string) =>
    rename(message).replace(/ for Action::"(?:[^"\\]|\\.)*"/g, '');
  const seen = new Set<string>();
  for (const { policyId, error } of answer.validationErrors) {
    const id = ids[Number(policyId.replace(/^policy/, ''))];
    const at = locationOf(source, error);
    const message = generic(describe(error));
    const key = `${at.line}:${at.column}:${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.add('validation', source, at, message, id);
  }
  for (const { error } of answer.validationWarnings) {
    const message = `${source.name}: ${generic(describe(error))}`;
    if (!warnings.includes(message)) warnings.push(message);
  }
}

/**
 * Parses and validates policy sources against a Cedar schema. Refuses the whole set with every
 * problem located (syntax, unknown attribute, wrong type, bad annotation, duplicate id);
 * accepts it only when there is none.
 */
export function compilePolicySet(
  sources: readonly PolicySource[],
  schema: SchemaJson<string>,
): CompiledPolicySet {
  const problems = new ProblemList();
  const warnings: string[] = [];
  const policies: CompiledPolicy[] = [];
  const byId = new Map<string, CompiledPolicy>();
  for (const source of sources) {
    const problemsBefore = problems.items.length;
    const parsed = parseSource(source, problems);
    const parsedCleanly = problems.items.length === problemsBefore;
    const ids: string[] = [];
    parsed.forEach((policy, index) => {
      const start = locate(source.text, policy.offset);
      const annotations = readAnnotations(policy.json.effect, policy.json.annotations);
      if (!annotations.ok) {
        for (const problem of annotations.problems) {
          const at = policy.text.indexOf(`@${problem.annotation}`);
          const where = at < 0 ? start : locate(source.text, policy.offset + at);
          problems.add('annotation', source, where, problem.message);
        }
        ids.push(`${source.name}#${index + 1}`);
        return;
      }
      const { meta } = annotations;
      const id = meta.id ?? `${source.name}#${index + 1}`;
      ids.push(id);
      const earlier = byId.get(id);
      if (earlier !== undefined) {
        problems.add(
          'duplicate_id',
          source,
          start,
          `policy id "${id}" is already used at ${earlier.source}:${earlier.line}:${earlier.column}`,
          id,
        );
        return;
      }
      const scope = scopeOf(policy.json, ENTITY_TYPES.user);
      const form = sliceForm(policy.json, scope);
      const compiled: CompiledPolicy = {
        id,
        position: policies.length,
        source: source.name,
        ...start,
        text: policy.text,
        effect: policy.json.effect,
        outcome: meta.outcome,
        ...(meta.reason === undefined ? {} : { reason: meta.reason }),
        approval: meta.approval,
        scope,
        guards: form.guards,
        slice: form.json ?? policy.text,
        needs: needsOf(form.json ?? policy.json),
      };
      policies.push(compiled);
      byId.set(id, compiled);
    });
    if (parsedCleanly && parsed.length > 0) validateSource(source, ids, schema, problems, warnings);
  }
  if (problems.items.length > 0) throw new InvalidPolicyError(problems.items);
  return {
    uid: `set${compilations++}`,
    policies,
    byId,
    index: new SliceIndex(policies.map((policy) => policy.scope)),
    warnings,
  };
}
