import { beforeAll, expect, test } from 'vitest'
import { forgetActors, fuzzTarget, targetKey, type Target } from './harness'

/** One test per target: ≥ 500 generated inputs, no 5xx (the other checks fail the property itself). */
export function fuzzSuite(targets: Target[]) {
  // db-setup.ts empties every table before each file: sessions cached by an earlier file are gone.
  beforeAll(() => forgetActors())
  for (const target of targets) {
    test(targetKey(target.row, target.label), async () => {
      const stats = await fuzzTarget(target)
      expect(stats.serverErrors).toBe(0)
      expect(stats.inputs).toBeGreaterThanOrEqual(target.numRuns ?? Number(process.env.FUZZ_RUNS ?? 500))
    })
  }
}
