import type { PolicyScope } from './policy-analysis.js';

/**
 * Policies indexed by the actions and principals their scope admits (the slicing idea of the
 * Cedar paper). A policy outside the slice of a request has a scope that cannot match it, so
 * Cedar would find it false without looking further: leaving it out cannot change the answer.
 */
export class SliceIndex {
  // action key -> principal key -> positions of the policies with that scope, ascending.
  private readonly cells = new Map<string, Map<string, number[]>>();

  constructor(scopes: readonly PolicyScope[]) {
    scopes.forEach((scope, position) => {
      for (const actionKey of scope.actionKeys) {
        let byPrincipal = this.cells.get(actionKey);
        if (byPrincipal === undefined) {
          byPrincipal = new Map();
          this.cells.set(actionKey, byPrincipal);
        }
        for (const principalKey of scope.principalKeys) {
          const positions = byPrincipal.get(principalKey);
          if (positions === undefined) byPrincipal.set(principalKey, [position]);
          else if (positions[positions.length - 1] !== position) positions.push(position);
        }
      }
    });
  }

  /**
   * Positions of the policies whose scope may admit a request, ascending and without repeats.
   * `actionKeys` are the action and every group it is in; `principalKeys` the principal's own
   * key, its type key and the keys of every entity it is in. Both must include `*`.
   */
  candidates(actionKeys: readonly string[], principalKeys: readonly string[]): number[] {
    const found: number[] = [];
    for (const actionKey of actionKeys) {
      const byPrincipal = this.cells.get(actionKey);
      if (byPrincipal === undefined) continue;
      for (const principalKey of principalKeys) {
        const positions = byPrincipal.get(principalKey);
        if (positions !== undefined) for (const position of positions) found.push(position);
      }
    }
    found.sort((a, b) => a - b);
    let kept = 0;
    for (const position of found) {
      if (kept === 0 || found[kept - 1] !== position) found[kept++] = position;
    }
    found.length = kept;
    return found;
  }
}
