export { type ApprovalSpec, KNOWN_ANNOTATIONS } from './annotations.js';
export {
  ACTION_GROUPS,
  type CatalogTool,
  CatalogToolSchema,
  categoryGroup,
  classifyTools,
  NO_TOOL_ACTION,
  SEED_TOOL_CLASSIFICATION,
  serverGroup,
  type ToolAnnotations,
  ToolAnnotationsSchema,
  type ToolCatalog,
  type ToolCatalogInput,
  ToolCatalogSchema,
  type ToolClass,
  type ToolOverride,
  ToolOverrideSchema,
} from './catalog.js';
export { CATEGORY_RISK_WEIGHTS } from './categories.js';
export { DEFAULT_POLICIES_TEXT, DEFAULT_POLICY_SOURCES } from './default-policies.js';
export {
  type CedarRequest,
  type Clock,
  type DecideOptions,
  type PolicyConfig,
  type PolicyConfigInput,
  PolicyConfigSchema,
  PolicyEngine,
  type PolicyEngineOptions,
  type PolicyEvaluation,
  type PolicyInfo,
} from './engine.js';
export {
  InvalidCatalogError,
  InvalidPolicyError,
  PolicyError,
  type PolicyErrorCode,
  PolicyEvaluationError,
  type PolicyProblem,
  type PolicyProblemKind,
} from './errors.js';
export { type InferenceOptions, type InferredAction, inferAction } from './inference.js';
export { type PolicySource, PolicySourceSchema } from './policy-set.js';
export {
  type CompiledSeedRules,
  compileSeedRules,
  SeedPolicyFileSchema,
  type SeedRule,
  type SeedRuleInput,
  SeedRuleSchema,
} from './seed-rules.js';
export {
  type ChangeKind,
  type DecisionChange,
  type DecisionDiff,
  renderDiff,
  replayApprovals,
  type ShadowRequest,
  shadowCompare,
} from './shadow.js';
export type { ToolVerdict } from './verdict.js';
