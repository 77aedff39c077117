import { defineConfig } from 'vitest/config'

/** One test runner for the whole monorepo: every `*.test.ts` beside the code it tests. */
export default defineConfig({
  // Workspace packages resolve to their TypeScript sources in tests (the `switchboard-source` export
  // condition); plain `node` resolves them to the compiled dist/.
  resolve: { conditions: ['switchboard-source'] },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'services/*/src/**/*.test.ts', 'scripts/*/*.test.ts'],
    globalSetup: ['vitest.build.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file gets its own database and NATS prefix, so files may run in parallel.
    fileParallelism: true,
    maxWorkers: 2,
  },
})
