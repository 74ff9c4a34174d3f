import { defineConfig } from 'vitest/config';

// Workspace packages export their TypeScript sources under the `agentcore-source` condition, so tests
// run against src/ without a build step (and never against a stale dist/ from `tsc -b`).
const resolve = { conditions: ['agentcore-source'] };
const ssr = { resolve: { conditions: ['agentcore-source', 'node'] } };

export default defineConfig({
  test: {
    // Collected when asked for (`vitest run --coverage`, as `npm test` does). Only the packages with
    // a coverage floor are measured, so the cost stays small and the report short.
    coverage: {
      provider: 'v8',
      include: ['packages/workflow/src/**'],
      exclude: ['packages/workflow/src/testing/**'],
      reporter: ['text'],
      thresholds: {
        'packages/workflow/src/**': { branches: 90 },
      },
    },
    projects: [
      {
        resolve,
        ssr,
        test: {
          name: 'unit',
          include: [
            '{packages,apps,services,mcp-servers,infra}/*/test/**/*.test.ts',
            'infra/test/**/*.test.ts',
          ],
          // Generous: some unit tests start child processes, which a loaded machine slows down.
          testTimeout: 30_000,
        },
      },
      {
        resolve,
        ssr,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/dynamodb-global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve,
        ssr,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
