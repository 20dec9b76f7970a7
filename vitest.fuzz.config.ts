import { defineConfig } from 'vitest/config'
import base from './vitest.config'

/**
 * The fuzz suite (`npm run test:fuzz`): every form action and /api/v1 endpoint gets ≥ 500 generated inputs
 * (tests/fuzz/*.fuzz.test.ts). Kept out of vitest.config.ts so that `vitest run` there stays fast; like the integration
 * project it runs on embedded PGlite, or on PostgreSQL when TEST_DATABASE_URL is set (a fresh database per worker).
 */
export default defineConfig({
  resolve: base.resolve,
  test: {
    name: 'fuzz',
    include: ['tests/fuzz/**/*.fuzz.test.ts'],
    environment: 'node',
    globalSetup: ['tests/support/global-setup.ts', 'tests/fuzz/support/report-setup.ts'],
    setupFiles: ['tests/support/db-setup.ts'],
    isolate: false,
    // Two files, one per core (the fuzz is CPU-bound on PGlite).
    maxWorkers: 2,
    testTimeout: 600_000,
    hookTimeout: 120_000,
  },
})
