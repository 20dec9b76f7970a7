import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { reduceFuturePlannedJobs, type ReducibleJob } from './reduce'
import { at } from './test-factories'

const job = (id: string, startHours: number, units: number): ReducibleJob => ({ id, start: at(startHours), units })

describe('reduceFuturePlannedJobs', () => {
  const jobs = [job('a', 0, 4), job('b', 5, 4), job('c', 10, 2)]

  it('removes whole jobs from the latest back', () => {
    expect(reduceFuturePlannedJobs(jobs, 6)).toEqual({ removedIds: ['c', 'b'], shrunk: [], uncoveredUnits: 0 })
  })

  it('shrinks the job where the surplus runs out and leaves earlier jobs alone', () => {
    expect(reduceFuturePlannedJobs(jobs, 3)).toEqual({ removedIds: ['c'], shrunk: [{ id: 'b', newUnits: 3 }], uncoveredUnits: 0 })
  })

  it('does not depend on the order of the input', () => {
    expect(reduceFuturePlannedJobs([...jobs].reverse(), 3)).toEqual(reduceFuturePlannedJobs(jobs, 3))
  })

  it('breaks equal start times by id, higher id first', () => {
    expect(reduceFuturePlannedJobs([job('1', 0, 2), job('2', 0, 2)], 2).removedIds).toEqual(['2'])
  })

  it('changes nothing for zero, negative or invalid surplus', () => {
    const none = { removedIds: [], shrunk: [], uncoveredUnits: 0 }
    expect(reduceFuturePlannedJobs(jobs, 0)).toEqual(none)
    expect(reduceFuturePlannedJobs(jobs, -5)).toEqual(none)
    expect(reduceFuturePlannedJobs(jobs, Number.NaN)).toEqual(none)
  })

  it('removes everything and reports the excess when the surplus exceeds the plan', () => {
    expect(reduceFuturePlannedJobs(jobs, 15)).toEqual({ removedIds: ['c', 'b', 'a'], shrunk: [], uncoveredUnits: 5 })
  })

  it('always removes exactly min(surplus, planned) units and only ever the latest jobs', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 6 })), { maxLength: 8 }),
        fc.integer({ min: 0, max: 40 }),
        (raw, surplus) => {
          const list = raw.map(([h, u], i) => job(String(i), h, u))
          const total = list.reduce((s, j) => s + j.units, 0)
          const r = reduceFuturePlannedJobs(list, surplus)
          const removedUnits =
            r.removedIds.reduce((s, id) => s + list.find((j) => j.id === id)!.units, 0) +
            r.shrunk.reduce((s, x) => s + list.find((j) => j.id === x.id)!.units - x.newUnits, 0)
          expect(removedUnits).toBe(Math.min(surplus, total))
          expect(r.uncoveredUnits).toBe(Math.max(0, surplus - total))
          expect(r.shrunk.length).toBeLessThanOrEqual(1)
          for (const s of r.shrunk) expect(s.newUnits).toBeGreaterThan(0)
          // Every untouched job starts no later than every touched one.
          const touched = new Set([...r.removedIds, ...r.shrunk.map((s) => s.id)])
          const latestKept = Math.max(-Infinity, ...list.filter((j) => !touched.has(j.id)).map((j) => j.start.getTime()))
          for (const id of r.removedIds) expect(list.find((j) => j.id === id)!.start.getTime()).toBeGreaterThanOrEqual(latestKept)
        },
      ),
      { numRuns: 200 },
    )
  })
})
