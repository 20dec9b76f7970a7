/**
 * Comparing a stored plan with a freshly computed one, and fingerprinting a plan.
 *
 * diffPlans identity rules (also in README.md):
 * 1. A stored job and a new job are the SAME ("unchanged") when orderId, printerId, start, end and units are all equal
 *    (instants compared to the millisecond). Among several equal candidates the stored job with the lowest id is
 *    matched first, so the result does not depend on array order.
 * 2. The remaining stored and new jobs of the SAME order are paired in time order (stored by start then id, new by
 *    start then printer id) and reported as "moved" (printer, times and/or units changed; the stored row keeps its id).
 * 3. New jobs left over are "added"; stored jobs left over are "removed".
 *
 * planFingerprint: FNV-1a (64-bit) over a canonical, order-independent serialisation of the jobs, so a preview page can
 * carry it and "Apply" can recompute the plan and refuse when the fingerprint differs (the plan is stale).
 */

import { compareIds } from './ordering'
import type { ExistingPlannedJob, PlannedJob } from './types'

export interface MovedJob {
  /** Id of the stored job to update in place. */
  id: string
  from: ExistingPlannedJob
  to: PlannedJob
}

export interface UnchangedJob {
  id: string
  job: PlannedJob
}

export interface PlanDiff {
  /** Sorted by start, printer id, order id. */
  added: PlannedJob[]
  /** Sorted by the new start, printer id, stored id. */
  moved: MovedJob[]
  /** Sorted by start, then id. */
  removed: ExistingPlannedJob[]
  /** Sorted by start, then id. */
  unchanged: UnchangedJob[]
}

function exactKey(orderId: string, printerId: string, start: Date, end: Date, units: number): string {
  return JSON.stringify([orderId, printerId, start.getTime(), end.getTime(), units])
}

const byStartThenId = (a: ExistingPlannedJob, b: ExistingPlannedJob) =>
  a.start.getTime() - b.start.getTime() || compareIds(a.id, b.id)

const byStartPrinterOrder = (a: PlannedJob, b: PlannedJob) =>
  a.start.getTime() - b.start.getTime() || compareIds(a.printerId, b.printerId) || compareIds(a.orderId, b.orderId)

/** What "Apply" must do to turn the stored planned jobs `current` into `next`. */
export function diffPlans(current: ReadonlyArray<ExistingPlannedJob>, next: ReadonlyArray<PlannedJob>): PlanDiff {
  // Rule 1: exact matches. Stored jobs are consumed in id order so duplicates match deterministically.
  const exact = new Map<string, ExistingPlannedJob[]>()
  for (const job of [...current].sort((a, b) => compareIds(a.id, b.id))) {
    const key = exactKey(job.orderId, job.printerId, job.start, job.end, job.units)
    const list = exact.get(key)
    if (list) list.push(job)
    else exact.set(key, [job])
  }
  const unchanged: UnchangedJob[] = []
  const leftoverNext: PlannedJob[] = []
  for (const job of [...next].sort(byStartPrinterOrder)) {
    const match = exact.get(exactKey(job.orderId, job.printerId, job.start, job.end, job.units))?.shift()
    if (match) unchanged.push({ id: match.id, job })
    else leftoverNext.push(job)
  }
  const matched = new Set(unchanged.map((u) => u.id))

  // Rule 2: pair what is left per order, in time order.
  const storedByOrder = new Map<string, ExistingPlannedJob[]>()
  for (const job of current) {
    if (matched.has(job.id)) continue
    const list = storedByOrder.get(job.orderId)
    if (list) list.push(job)
    else storedByOrder.set(job.orderId, [job])
  }
  for (const list of storedByOrder.values()) list.sort(byStartThenId)

  const added: PlannedJob[] = []
  const moved: MovedJob[] = []
  for (const job of leftoverNext) {
    const from = storedByOrder.get(job.orderId)?.shift()
    if (from) moved.push({ id: from.id, from, to: job })
    else added.push(job)
  }
  const removed = [...storedByOrder.values()].flat().sort(byStartThenId)

  moved.sort((a, b) => byStartPrinterOrder(a.to, b.to) || compareIds(a.id, b.id))
  unchanged.sort((a, b) => a.job.start.getTime() - b.job.start.getTime() || compareIds(a.id, b.id))
  return { added, moved, removed, unchanged }
}

/** The fields of a job that the fingerprint covers. */
export type FingerprintJob = Pick<PlannedJob, 'orderId' | 'productId' | 'printerId' | 'start' | 'end' | 'units'>

const FNV64_OFFSET_HI = 0xcbf29ce4
const FNV64_OFFSET_LO = 0x84222325

/**
 * 64-bit FNV-1a over the string's UTF-16 code units (each unit hashed as two bytes, low byte first), as 16 hex digits.
 * The 64-bit product is computed on two 32-bit halves: prime = 2^40 + 0x1b3.
 */
export function fnv1a64(text: string): string {
  let hi = FNV64_OFFSET_HI
  let lo = FNV64_OFFSET_LO
  const step = (byte: number) => {
    lo = (lo ^ byte) >>> 0
    const low = lo * 0x1b3 // < 2^41: exact in a double
    const carry = Math.floor(low / 0x1_0000_0000)
    hi = (Math.imul(hi, 0x1b3) + carry + (lo << 8)) >>> 0
    lo = low >>> 0
  }
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    step(unit & 0xff)
    step(unit >>> 8)
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0')
}

/**
 * Stable fingerprint of a plan: the same set of jobs (in any array order) always gives the same string; any change of
 * an order, product, printer, start, end or units changes it (barring a 64-bit hash collision). Prefixed with a format
 * version so a future change of serialisation never matches an old fingerprint.
 */
export function planFingerprint(plan: ReadonlyArray<FingerprintJob> | { jobs: ReadonlyArray<FingerprintJob> }): string {
  const jobs = 'jobs' in plan ? plan.jobs : plan
  const lines = jobs.map((j) =>
    JSON.stringify([j.printerId, j.start.getTime(), j.end.getTime(), j.orderId, j.productId, j.units]),
  )
  // Sorting the serialised lines gives a canonical order that does not depend on the array order.
  lines.sort()
  return `v1-${fnv1a64(lines.join('\n'))}`
}
