import { withSlackThreadContext } from '@agentcore/adapters';
import type { PlanInput, Planner } from '@agentcore/workflow';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/dynamodb.js';

/** A planner (the port) that records what it was asked and proposes nothing. */
function recordingPlanner() {
  const asked: PlanInput[] = [];
  const planner: Planner = {
    propose: async (input) => {
      asked.push(input);
      return { notUnderstood: 'recorded only' };
    },
  };
  return { asked, planner };
}

const base = {
  requester: { userId: 'U_ALICE', groups: [] },
  environment: 'dev',
};
const thread = { channelId: 'C_OPS', threadTs: '1893456000.000100' };

describe('a model planner reading the Slack thread', () => {
  it('gets the earlier turns of the thread before the request, which itself stays as written', async () => {
    // Prepare
    const { stores } = await createTestDatabase();
    await stores.sessions.save(thread, {
      sessionId: 'slack:C_OPS:1893456000.000100',
      turns: [
        { role: 'user', content: 'list jira issues in OPS' },
        { role: 'assistant', content: 'request 01A recorded' },
        { role: 'user', content: 'now close the oldest one' },
        { role: 'assistant', content: 'request 01B recorded' },
      ],
    });
    const { asked, planner } = recordingPlanner();
    // Act
    await withSlackThreadContext(planner, stores.sessions).propose({
      ...base,
      query: 'now close the oldest one',
      origin: { source: 'slack', ...thread },
    });
    // Assess
    expect(asked[0]?.query).toBe(
      '[Slack thread so far]\nuser: list jira issues in OPS\nassistant: request 01A recorded\n\n' +
        '[The request now]\nnow close the oldest one',
    );
  });

  it('passes requests from elsewhere, and first messages of a thread, unchanged', async () => {
    // Prepare
    const { stores } = await createTestDatabase();
    await stores.sessions.save(thread, {
      sessionId: 's',
      turns: [{ role: 'user', content: 'reset 2FA for bob@example.com' }],
    });
    const { asked, planner } = recordingPlanner();
    const contextual = withSlackThreadContext(planner, stores.sessions);
    // Act
    await contextual.propose({
      ...base,
      query: 'reset 2FA for bob@example.com',
      origin: { source: 'slack', ...thread },
    });
    await contextual.propose({ ...base, query: 'list jira issues', origin: { source: 'api' } });
    await contextual.propose({
      ...base,
      query: 'list jira issues',
      origin: { source: 'slack', channelId: 'C_OPS', threadTs: '1893456999.000100' },
    });
    // Assess
    expect(asked.map((input) => input.query)).toEqual([
      'reset 2FA for bob@example.com',
      'list jira issues',
      'list jira issues',
    ]);
  });
});
