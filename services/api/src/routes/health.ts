import type { ApiRoutes } from '../routing.js';

/** The checks behind /healthz: each throws when its dependency cannot be reached. */
export interface HealthChecks {
  store(): Promise<void>;
  workflow(): Promise<void>;
}

async function probe(check: () => Promise<void>): Promise<'reachable' | 'unreachable'> {
  try {
    await check();
    return 'reachable';
  } catch {
    return 'unreachable';
  }
}

export function healthRoutes(routes: ApiRoutes, checks: HealthChecks): void {
  routes.add(
    {
      method: 'get',
      path: '/healthz',
      summary: 'Whether the store and the workflow can be reached. Needs no key.',
      tag: 'health',
      access: 'public',
      responses: { 200: 'everything reachable', 503: 'something is not' },
    },
    async (c) => {
      const [store, workflow] = await Promise.all([probe(checks.store), probe(checks.workflow)]);
      const ok = store === 'reachable' && workflow === 'reachable';
      return c.json({ status: ok ? 'ok' : 'degraded', store, workflow }, ok ? 200 : 503);
    },
  );
}
