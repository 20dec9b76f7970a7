/**
 * Shrinking an order's future plan when recorded output already covers part of it.
 *
 * Rules (also in README.md):
 * - `jobs` are ONE order's future planned jobs (the caller filters by order and by status/start).
 * - Units are taken away from the LATEST job first (start desc, then id desc): a job whose units are all no longer
 *   needed is removed; the job where the surplus runs out is shrunk to its remaining units (times are kept: the slot
 *   still fits, the re-plan tidies up). Earlier jobs are untouched.
 * - A job with zero or negative units is removed whenever it is reached (it plans nothing).
 * - `unitsNoLongerNeeded` ≤ 0 changes nothing; more than the planned total removes every job and reports the excess
 *   as `uncoveredUnits`.
 */

import { compareIds } from './ordering'

export interface ReducibleJob {
  id: string
  start: Date
  units: number
}

export interface ReduceResult {
  /** Ids of jobs to delete, latest first. */
  removedIds: string[]
  /** Jobs to keep with fewer units (at most one). */
  shrunk: Array<{ id: string; newUnits: number }>
  /** Units of `unitsNoLongerNeeded` that no job covered (0 normally). */
  uncoveredUnits: number
}

export function reduceFuturePlannedJobs(jobs: ReadonlyArray<ReducibleJob>, unitsNoLongerNeeded: number): ReduceResult {
  let surplus = Number.isFinite(unitsNoLongerNeeded) ? Math.max(0, Math.floor(unitsNoLongerNeeded)) : 0
  const removedIds: string[] = []
  const shrunk: Array<{ id: string; newUnits: number }> = []
  if (surplus === 0) return { removedIds, shrunk, uncoveredUnits: 0 }

  const latestFirst = [...jobs].sort((a, b) => b.start.getTime() - a.start.getTime() || compareIds(b.id, a.id))
  for (const job of latestFirst) {
    if (surplus === 0) break
    if (job.units <= surplus) {
      removedIds.push(job.id)
      surplus -= Math.max(0, job.units)
    } else {
      shrunk.push({ id: job.id, newUnits: job.units - surplus })
      surplus = 0
    }
  }
  return { removedIds, shrunk, uncoveredUnits: surplus }
}
