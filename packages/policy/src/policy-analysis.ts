import type {
  ActionConstraint,
  EntityUidJson,
  PolicyJson,
  PrincipalConstraint,
} from '@cedar-policy/cedar-wasm/nodejs';

/** The parts of a request a policy can read; the rest can be left out when only it is evaluated. */
export interface PolicyNeeds {
  /** Context attributes read, or 'all' when the policy uses `context` as a whole. */
  context: ReadonlySet<string> | 'all';
  /** The principal's entity (its groups and attributes). */
  principal: boolean;
  /** The action's entity (its groups). */
  action: boolean;
  /** The resource's entity (its tags, which carry the tool call's arguments). */
  resource: boolean;
}

/**
 * Where a policy can apply, as index keys: `*` for any; `eq:`/`in:` plus an action id or an
 * entity key for `==` and `in` constraints; `is:Type` for a type test. A request carries the keys
 * its action and principal satisfy, so a policy is a candidate exactly when its scope holds.
 */
export interface PolicyScope {
  actionKeys: readonly string[];
  principalKeys: readonly string[];
  /** False when a constraint could not be indexed exactly (it is then indexed under `*`). */
  exact: boolean;
}

export const ANY = '*';

/** A key for an entity uid that no two different uids share. */
export function uidKey(type: string, id: string): string {
  return `${type}::${JSON.stringify(id)}`;
}

function uidOf(uid: EntityUidJson): { type: string; id: string } {
  return '__entity' in uid ? uid.__entity : uid;
}

function principalKeys(constraint: PrincipalConstraint, user: string): string[] | undefined {
  if (constraint.op === 'All') return [ANY];
  if (constraint.op === 'is') {
    if (constraint.in === undefined) return [`is:${constraint.entity_type}`];
    if (!('entity' in constraint.in)) return undefined;
    // Only users are principals: `is T in E` holds for a principal in E exactly when T is User.
    if (constraint.entity_type !== user) return [`is:${constraint.entity_type}`];
    const entity = uidOf(constraint.in.entity);
    return [`in:${uidKey(entity.type, entity.id)}`];
  }
  if (!('entity' in constraint)) return undefined;
  const entity = uidOf(constraint.entity);
  return [`${constraint.op === '==' ? 'eq' : 'in'}:${uidKey(entity.type, entity.id)}`];
}

function actionKeys(constraint: ActionConstraint): string[] | undefined {
  if (constraint.op === 'All') return [ANY];
  if (constraint.op === 'in') {
    const entities = 'entities' in constraint ? constraint.entities : [constraint.entity];
    return entities.map((entity) => `in:${uidOf(entity).id}`);
  }
  if (!('entity' in constraint)) return undefined;
  return [`eq:${uidOf(constraint.entity).id}`];
}

/** The index keys of a policy's scope; `user` is the one entity type that can be a principal. */
export function scopeOf(policy: PolicyJson, user: string): PolicyScope {
  const action = actionKeys(policy.action);
  const principal = principalKeys(policy.principal, user);
  return {
    actionKeys: action ?? [ANY],
    principalKeys: principal ?? [ANY],
    exact: action !== undefined && principal !== undefined,
  };
}

interface NeedsBuilder {
  context: Set<string> | 'all';
  principal: boolean;
  action: boolean;
  resource: boolean;
}

function markVar(needs: NeedsBuilder, name: unknown): void {
  if (name === 'context') needs.context = 'all';
  if (name === 'principal') needs.principal = true;
  if (name === 'action') needs.action = true;
  if (name === 'resource') needs.resource = true;
}

function isContextVar(node: unknown): boolean {
  return typeof node === 'object' && node !== null && 'Var' in node && node.Var === 'context';
}

function contextAttribute(needs: NeedsBuilder, attr: unknown): void {
  const first: unknown = Array.isArray(attr) ? attr[0] : attr;
  if (needs.context === 'all') return;
  if (typeof first === 'string') needs.context.add(first);
  else needs.context = 'all';
}

// Walks Cedar's JSON expression form. Unknown shapes are walked generically, and a variable met
// anywhere but under `.`/`has` counts as used whole, so the analysis can only over-approximate.
function visit(needs: NeedsBuilder, node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) visit(needs, item);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'Value') continue;
    if (key === 'Var') {
      markVar(needs, value);
    } else if ((key === '.' || key === 'has') && typeof value === 'object' && value !== null) {
      const left = 'left' in value ? value.left : undefined;
      if (isContextVar(left)) contextAttribute(needs, 'attr' in value ? value.attr : undefined);
      else visit(needs, value);
    } else if (key === 'Record' && typeof value === 'object' && value !== null) {
      for (const field of Object.values(value)) visit(needs, field);
    } else {
      visit(needs, value);
    }
  }
}

export function needsOf(policy: PolicyJson): PolicyNeeds {
  const needs: NeedsBuilder = {
    context: new Set<string>(),
    principal:
      policy.principal.op === 'in' ||
      (policy.principal.op === 'is' && policy.principal.in !== undefined),
    action: policy.action.op === 'in',
    resource:
      policy.resource.op === 'in' ||
      (policy.resource.op === 'is' && policy.resource.in !== undefined),
  };
  for (const clause of policy.conditions) visit(needs, clause.body);
  return needs;
}

/** The union of what several policies need. */
export function mergeNeeds(all: Iterable<PolicyNeeds>): PolicyNeeds {
  let context: Set<string> | 'all' = new Set<string>();
  let principal = false;
  let action = false;
  let resource = false;
  for (const needs of all) {
    if (needs.context === 'all') context = 'all';
    else if (context !== 'all') for (const name of needs.context) context.add(name);
    principal ||= needs.principal;
    action ||= needs.action;
    resource ||= needs.resource;
  }
  return { context, principal, action, resource };
}
