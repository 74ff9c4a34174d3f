import {
  type ApprovalCategory,
  ApprovalCategorySchema,
  ApprovalRequirementsSchema,
  type PolicyDecision,
  type PolicyOutcome,
  PolicyOutcomeSchema,
  type ProposedAction,
  parseOrThrow,
} from '@agentcore/core';
import {
  type AuthorizationAnswer,
  type Response,
  type SchemaJson,
  type StatefulAuthorizationCall,
  schemaToText,
  statefulIsAuthorized,
} from '@cedar-policy/cedar-wasm/nodejs';
import * as z from 'zod';
import { ActiveSet } from './active-set.js';
import { classifyTools, type ToolCatalogInput, type ToolClass } from './catalog.js';
import { CATEGORY_RISK_WEIGHTS } from './categories.js';
import { buildCedarSchema } from './cedar-schema.js';
import { DEFAULT_POLICY_SOURCES } from './default-policies.js';
import { InvalidPolicyError, PolicyEvaluationError, type PolicyProblem } from './errors.js';
import { passesGuards } from './guards.js';
import type { PolicyNeeds } from './policy-analysis.js';
import {
  type CompiledPolicySet,
  compilePolicySet,
  type PolicySource,
  PolicySourceSchema,
} from './policy-set.js';
import { type PreparsedPool, sharedPool } from './preparsed-pool.js';
import {
  contextFor,
  type Deployment,
  type Evaluation,
  entitiesFor,
  type RequestFacts,
  requestFacts,
} from './request.js';
import { decisionOf, type ToolVerdict, verdictOf } from './verdict.js';

/** Where the engine gets the time from when a call does not say; tests pass a fixed clock. */
export type Clock = () => Date;

/** The engine's settings that are data (what happens when no policy applies, risk weights). */
export const PolicyConfigSchema = z.object({
  /**
   * The deployment's environment (`context.environment`), from its configuration: a request
   * cannot name its own.
   */
  environment: z.string().trim().min(1).max(32).default('dev'),
  /** Outcome when no policy applies to a tool. Never allow by default. */
  defaultOutcome: PolicyOutcomeSchema.default('require_approval'),
  /** Per-environment override of `defaultOutcome`, e.g. `{ prod: 'deny' }`: the deployment's applies. */
  environmentDefaults: z.record(z.string().min(1), PolicyOutcomeSchema).default({}),
  /** Approval requirements where no deciding policy says otherwise. */
  approvalDefaults: ApprovalRequirementsSchema.default(ApprovalRequirementsSchema.parse({})),
  /** Overrides of the seed's category risk weights (`context.riskWeight`). */
  riskWeights: z
    .partialRecord(ApprovalCategorySchema, z.number().int().min(0).max(100))
    .default({}),
});
export type PolicyConfig = z.infer<typeof PolicyConfigSchema>;
export type PolicyConfigInput = z.input<typeof PolicyConfigSchema>;

export interface PolicyEngineOptions {
  /** The tools policies may name, with their MCP annotations and overrides. */
  catalog?: ToolCatalogInput;
  /** The policy set; the default policies when omitted. */
  policies?: readonly PolicySource[];
  config?: PolicyConfigInput;
  clock: Clock;
  /**
   * Evaluate only the slice of policies that can apply to each request (default), or the whole
   * set every time; both give the same decisions.
   */
  slicing?: boolean;
}

export interface DecideOptions {
  /** The instant the request is decided at (`context.now`); the engine's clock when omitted. */
  now?: Date;
  /** Overrides the engine's slicing setting for this call. */
  slicing?: boolean;
}

/** A decision together with the verdict of every tool (and planned call) behind it. */
export interface PolicyEvaluation {
  decision: PolicyDecision;
  verdicts: ToolVerdict[];
}

/** A policy of the active set, as an editor or an audit shows it. */
export interface PolicyInfo {
  id: string;
  source: string;
  line: number;
  column: number;
  effect: 'permit' | 'forbid';
  outcome: PolicyOutcome;
  reason?: string;
  text: string;
}

/** One Cedar request as the engine sends it, without the policy set to evaluate it against. */
export type CedarRequest = Pick<
  StatefulAuthorizationCall,
  'principal' | 'action' | 'resource' | 'context' | 'entities'
>;

const EVERYTHING: PolicyNeeds = { context: 'all', principal: true, action: true, resource: true };

/**
 * The policy decision point: turns a proposed action into allow / require_approval / deny with
 * the deciding policies, a reason and the approval requirements. Each exact call is one Cedar
 * request (its tool the action, its arguments in `context.arguments`), and so is each tool asked
 * for without a call; the strictest wins and deny always wins (see `decisionOf`).
 */
export class PolicyEngine {
  private readonly tools: ReadonlyMap<string, ToolClass>;
  private readonly cedarSchema: SchemaJson<string>;
  private readonly config: PolicyConfig;
  private readonly deployment: Deployment;
  private readonly clock: Clock;
  private readonly slicing: boolean;
  private readonly options: PolicyEngineOptions;
  private readonly pool: PreparsedPool = sharedPool;
  private active: ActiveSet;

  constructor(options: PolicyEngineOptions) {
    this.options = options;
    this.tools = classifyTools(options.catalog ?? {});
    this.cedarSchema = buildCedarSchema(this.tools);
    this.config = parseOrThrow(PolicyConfigSchema, options.config ?? {}, 'policy configuration');
    this.deployment = {
      environment: this.config.environment,
      riskWeights: { ...CATEGORY_RISK_WEIGHTS, ...this.config.riskWeights },
    };
    this.clock = options.clock;
    this.slicing = options.slicing ?? true;
    this.active = new ActiveSet(this.compile(options.policies ?? DEFAULT_POLICY_SOURCES));
  }

  private compile(sources: readonly PolicySource[]): CompiledPolicySet {
    const parsed = sources.map((source) =>
      parseOrThrow(PolicySourceSchema, source, 'policy source'),
    );
    return compilePolicySet(parsed, this.cedarSchema);
  }

  /**
   * Validates and installs a new policy set. On any problem it throws InvalidPolicyError and
   * the set in force stays exactly as it was.
   */
  update(sources: readonly PolicySource[]): void {
    this.active = new ActiveSet(this.compile(sources));
  }

  /** The problems that would make `update` refuse these sources; empty when it would accept. */
  check(sources: readonly PolicySource[]): readonly PolicyProblem[] {
    try {
      this.compile(sources);
      return [];
    } catch (error) {
      if (error instanceof InvalidPolicyError) return error.problems;
      throw error;
    }
  }

  /** A separate engine with the same catalog, configuration and clock but other policies. */
  withPolicies(sources: readonly PolicySource[]): PolicyEngine {
    return new PolicyEngine({ ...this.options, policies: sources });
  }

  get policies(): readonly PolicyInfo[] {
    return this.active.compiled.policies.map((policy) => ({
      id: policy.id,
      source: policy.source,
      line: policy.line,
      column: policy.column,
      effect: policy.effect,
      outcome: policy.outcome,
      ...(policy.reason === undefined ? {} : { reason: policy.reason }),
      text: policy.text,
    }));
  }

  /** Cedar's non-blocking remarks about the active set. */
  get warnings(): readonly string[] {
    return this.active.compiled.warnings;
  }

  /** The Cedar schema policies are validated against, in Cedar's JSON form. */
  get schema(): SchemaJson<string> {
    return this.cedarSchema;
  }

  /** The same schema in Cedar's human-readable form, for policy authors. */
  schemaText(): string {
    const answer = schemaToText(this.cedarSchema);
    if (answer.type === 'failure') {
      throw new PolicyEvaluationError(answer.errors.map((error) => error.message).join('; '));
    }
    return answer.text;
  }

  /** The classification the engine uses for a tool; undefined for a tool the catalog lacks. */
  classOf(tool: string): ToolClass | undefined {
    return this.tools.get(tool);
  }

  /** The deployment's environment, which every decision is made in. */
  get environment(): string {
    return this.deployment.environment;
  }

  /** The outcome used for a tool no policy applies to in an environment (the deployment's). */
  defaultOutcome(environment: string = this.environment): PolicyOutcome {
    return this.config.environmentDefaults[environment] ?? this.config.defaultOutcome;
  }

  decide(action: ProposedAction, options?: DecideOptions): PolicyDecision {
    return this.evaluate(action, options).decision;
  }

  evaluate(action: ProposedAction, options?: DecideOptions): PolicyEvaluation {
    const now = options?.now ?? this.clock();
    const facts = requestFacts(action, this.tools, this.deployment, now);
    const fallback = this.defaultOutcome();
    const sliced = options?.slicing ?? this.slicing;
    const active = this.active;
    const verdicts = facts.evaluations.map((evaluation) =>
      sliced
        ? this.evaluateSlice(active, facts, evaluation, fallback)
        : this.evaluateWhole(active, facts, evaluation, fallback),
    );
    const decision = decisionOf(
      verdicts,
      active.compiled,
      this.environment,
      this.config.approvalDefaults,
    );
    const category = riskiestCategory(facts.evaluations, this.deployment.riskWeights);
    return { decision: category ? { ...decision, category } : decision, verdicts };
  }

  private evaluateSlice(
    active: ActiveSet,
    facts: RequestFacts,
    evaluation: Evaluation,
    fallback: PolicyOutcome,
  ): ToolVerdict {
    const { policies, index } = active.compiled;
    const positions: number[] = [];
    for (const position of index.candidates(evaluation.actionKeys, facts.principalKeys)) {
      const guards = policies[position]?.guards;
      if (guards === undefined || passesGuards(guards, evaluation.context))
        positions.push(position);
    }
    if (positions.length === 0)
      return verdictOf(evaluation, 0, undefined, active.compiled, fallback);
    const slice = active.slice(positions);
    const id = this.pool.acquire(slice.key, () => active.sliceForms(slice.positions));
    const answer = statefulIsAuthorized({
      ...cedarRequest(facts, evaluation, slice.needs),
      preparsedPolicySetId: id,
    });
    return verdictOf(evaluation, positions.length, responseOf(answer), active.compiled, fallback);
  }

  private evaluateWhole(
    active: ActiveSet,
    facts: RequestFacts,
    evaluation: Evaluation,
    fallback: PolicyOutcome,
  ): ToolVerdict {
    const answer = statefulIsAuthorized({
      ...cedarRequest(facts, evaluation, EVERYTHING),
      preparsedPolicySetId: this.wholeSetId(active),
    });
    const evaluated = active.all.length;
    return verdictOf(evaluation, evaluated, responseOf(answer), active.compiled, fallback);
  }

  private wholeSetId(active: ActiveSet): string {
    return this.pool.acquire(`${active.compiled.uid}|*`, () => active.texts(active.all));
  }

  /**
   * The Cedar requests a whole-set evaluation of this action sends, one per exact call (or tool
   * asked for without one), in Cedar's JSON form (for debugging, the Cedar playground, and benchmarks).
   */
  cedarRequests(action: ProposedAction, options?: Pick<DecideOptions, 'now'>): CedarRequest[] {
    const facts = requestFacts(action, this.tools, this.deployment, options?.now ?? this.clock());
    return facts.evaluations.map((evaluation) => cedarRequest(facts, evaluation, EVERYTHING));
  }

  /**
   * Cedar's own answer to one request against the whole active set, pre-parsed once: no
   * slicing and no reading of outcomes. The baseline the sliced engine is measured against.
   */
  authorizeRaw(request: CedarRequest): Response {
    return responseOf(
      statefulIsAuthorized({ ...request, preparsedPolicySetId: this.wholeSetId(this.active) }),
    );
  }
}

function cedarRequest(
  facts: RequestFacts,
  evaluation: Evaluation,
  needs: PolicyNeeds,
): CedarRequest {
  return {
    principal: facts.principal,
    action: { type: 'Action', id: evaluation.actionId },
    resource: evaluation.resource,
    context: contextFor(evaluation, needs),
    entities: entitiesFor(facts, evaluation, needs),
  };
}

function responseOf(answer: AuthorizationAnswer): Response {
  if (answer.type === 'failure') {
    throw new PolicyEvaluationError(
      `Cedar refused the request: ${answer.errors.map((error) => error.message).join('; ')}`,
    );
  }
  return answer.response;
}

/** The riskiest category among the calls' derived ones (none for a request without tools). */
function riskiestCategory(
  evaluations: readonly Evaluation[],
  weights: Readonly<Record<ApprovalCategory, number>>,
): ApprovalCategory | undefined {
  let riskiest: ApprovalCategory | undefined;
  for (const { context } of evaluations) {
    const category = context.category as ApprovalCategory;
    if (riskiest === undefined || weights[category] > weights[riskiest]) riskiest = category;
  }
  return riskiest;
}
