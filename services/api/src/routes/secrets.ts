import { RequestIdSchema } from '@agentcore/core';
import type { ApprovalRepository } from '@agentcore/workflow';
import { HttpError } from '../http-errors.js';
import type { ApiRoutes } from '../routing.js';

/** The outputs sealed for one reader of one request, handed over once (the store's `take`). */
export interface SealedOutputSource {
  take(
    requestId: string,
    recipient: string,
  ): Promise<
    | { status: 'none' }
    | { status: 'gone' }
    | {
        status: 'delivered';
        outputs: { tool: string; output: string; digest: string; sealedAt: string }[];
      }
  >;
}

export interface SecretRoutesDeps {
  approvals: ApprovalRepository;
  /** Absent when no sealing key is configured: then no secret is ever kept to be read. */
  sealedOutputs?: SealedOutputSource;
}

/**
 * `GET /requests/{id}/secret`: what a tool returned as a secret for this request, to its
 * requester alone and once. Anyone else, admins included, is told there is no such thing.
 */
export function secretRoutes(routes: ApiRoutes, deps: SecretRoutesDeps): void {
  routes.add(
    {
      method: 'get',
      path: '/requests/:id/secret',
      summary:
        'The secrets (a one-time code, a password) your request’s tools returned, once: the request keeps only their digests.',
      tag: 'requests',
      access: 'requester',
      responses: {
        200: 'the secrets, now deleted',
        404: 'no secret for you on this request',
        410: 'read already, or expired',
      },
    },
    async (c, { principal, params }) => {
      const notFound = new HttpError(
        404,
        'not_found',
        `request ${params.id} has no secret for you`,
      );
      const requestId = RequestIdSchema.safeParse(params.id);
      if (!requestId.success || !deps.sealedOutputs) throw notFound;
      const item = await deps.approvals.get(requestId.data);
      if (item?.requester.userId !== principal.userId) throw notFound;
      const taken = await deps.sealedOutputs.take(item.requestId, principal.userId);
      if (taken.status === 'none') throw notFound;
      if (taken.status === 'gone') {
        throw new HttpError(
          410,
          'gone',
          `the secret of request ${item.requestId} was read already, has expired, or was sealed under a key this system no longer has; it is not kept`,
        );
      }
      c.header('cache-control', 'no-store');
      return c.json({ requestId: item.requestId, secrets: taken.outputs });
    },
  );
}
