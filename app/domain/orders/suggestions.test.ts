import { describe, expect, it } from 'vitest'
import { recentProductIds, suggestGramsPerUnit, type FinishedJobRef, type JobActual } from './suggestions'

function actual(goodUnits: number, scrapUnits: number, gramsUsedMg: number | null): JobActual {
  return { goodUnits, scrapUnits, gramsUsedMg }
}

describe('suggestGramsPerUnit', () => {
  it('returns the per-unit mass of a single job, counting scrap units', () => {
    // 1000 g for 8 good + 2 scrap = 100 g per unit
    expect(suggestGramsPerUnit([actual(8, 2, 1_000_000)])).toEqual({ gramsPerUnitMg: 100_000, basedOnJobs: 1 })
  })

  it('takes the median so one odd job does not skew the suggestion', () => {
    const jobs = [actual(10, 0, 120_000), actual(10, 0, 125_000), actual(1, 0, 900_000)]
    expect(suggestGramsPerUnit(jobs)).toEqual({ gramsPerUnitMg: 12_500, basedOnJobs: 3 })
  })

  it('averages the two middle jobs for an even count and rounds to whole milligrams', () => {
    // per unit: 10, 11, 12.5, 40 → median (11 + 12.5) / 2 = 11.75 → 12
    const jobs = [actual(1, 0, 40), actual(2, 0, 25), actual(1, 0, 10), actual(1, 0, 11)]
    expect(suggestGramsPerUnit(jobs)).toEqual({ gramsPerUnitMg: 12, basedOnJobs: 4 })
  })

  it('rounds a fractional per-unit mass', () => {
    expect(suggestGramsPerUnit([actual(3, 0, 1000)])?.gramsPerUnitMg).toBe(333)
    expect(suggestGramsPerUnit([actual(3, 0, 2000)])?.gramsPerUnitMg).toBe(667)
  })

  it('ignores jobs with zero units or no grams', () => {
    const jobs = [actual(0, 0, 5000), actual(5, 0, null), actual(5, 0, 0), actual(4, 1, 50_000)]
    expect(suggestGramsPerUnit(jobs)).toEqual({ gramsPerUnitMg: 10_000, basedOnJobs: 1 })
  })

  it('counts scrap-only jobs (the filament was used)', () => {
    expect(suggestGramsPerUnit([actual(0, 2, 30_000)])).toEqual({ gramsPerUnitMg: 15_000, basedOnJobs: 1 })
  })

  it('returns null when no job is usable', () => {
    expect(suggestGramsPerUnit([])).toBeNull()
    expect(suggestGramsPerUnit([actual(0, 0, 100), actual(3, 0, null)])).toBeNull()
  })
})

describe('recentProductIds', () => {
  const job = (productId: string, finishedAt: number | null): FinishedJobRef<string> => ({ productId, finishedAt })

  it('lists products most recent first, each once', () => {
    const jobs = [job('a', 100), job('b', 300), job('a', 500), job('c', 200)]
    expect(recentProductIds(jobs)).toEqual(['a', 'b', 'c'])
  })

  it('limits the list', () => {
    const jobs = [job('a', 1), job('b', 2), job('c', 3), job('d', 4)]
    expect(recentProductIds(jobs, 2)).toEqual(['d', 'c'])
    expect(recentProductIds(jobs, 0)).toEqual([])
  })

  it('defaults to five products', () => {
    const jobs = Array.from({ length: 8 }, (_, i) => job(`p${i}`, i))
    expect(recentProductIds(jobs)).toEqual(['p7', 'p6', 'p5', 'p4', 'p3'])
  })

  it('ignores unfinished jobs', () => {
    expect(recentProductIds([job('a', null), job('b', 10)])).toEqual(['b'])
  })

  it('accepts Date finish times and numeric ids', () => {
    const jobs: FinishedJobRef<number>[] = [
      { productId: 7, finishedAt: new Date('2026-03-01T00:00:00Z') },
      { productId: 9, finishedAt: new Date('2026-03-02T00:00:00Z') },
    ]
    expect(recentProductIds(jobs)).toEqual([9, 7])
  })

  it('keeps input order on equal finish times', () => {
    expect(recentProductIds([job('x', 5), job('y', 5), job('z', 5)])).toEqual(['x', 'y', 'z'])
  })

  it('rejects a negative limit', () => {
    expect(() => recentProductIds([], -1)).toThrow(RangeError)
  })
})
