import { describe, expect, it } from 'vitest'
import { makeOutlookDataset, OUTLOOK_TARGET_SIZES } from '../../../bench/inventory-outlook'
import { projectInventoryOutlook } from './projection'

// Correctness at benchmark scale (timing is measured by the benchmark runner, never asserted here).
describe('projectInventoryOutlook at benchmark scale', () => {
  const input = makeOutlookDataset(42, OUTLOOK_TARGET_SIZES)

  it('generates the same dataset for the same seed and a different one for another seed', () => {
    expect(makeOutlookDataset(42, { filaments: 20, spools: 50, jobs: 100 })).toEqual(makeOutlookDataset(42, { filaments: 20, spools: 50, jobs: 100 }))
    expect(makeOutlookDataset(43, { filaments: 20, spools: 50, jobs: 100 })).not.toEqual(makeOutlookDataset(42, { filaments: 20, spools: 50, jobs: 100 }))
    expect([input.filaments.length, input.spools.length, input.jobs.length]).toEqual([200, 2_000, 20_000])
  })

  it('keeps every pool balanced and exercises sufficient, short and past-job cases', () => {
    const r = projectInventoryOutlook(input)
    let planned = 0
    for (const g of r.groups) {
      const estimateSum = r.spools.filter((s) => s.key === g.key && s.counted).reduce((sum, s) => sum + s.estimatedRemainingMg!, 0)
      expect(estimateSum - g.shortfallMg).toBe(g.projectedRemainingMg)
      planned += g.plannedUseMg
    }
    expect(planned).toBe(input.jobs.reduce((sum, j) => sum + j.plannedUseMg, 0))
    expect(r.unresolvedJobIds).toEqual([])
    expect(r.groups.some((g) => g.status === 'short')).toBe(true)
    expect(r.groups.some((g) => g.pastJobCount > 0)).toBe(true)
    expect(r.groups.find((g) => g.material === 'PVA')?.runsOutOn?.coveredJobCount).toBe(0)
  })
})
