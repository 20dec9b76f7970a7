/**
 * Projected filament outlook: what the planned print jobs will leave on each spool and whether each material + colour
 * is sufficient, low or short — and, when short, which job is the first that cannot be covered.
 *
 * Rules (documented for the UI/docs):
 * - Pooling: stock and demand are aggregated by MATERIAL + COLOUR NAME across brands (see keys.ts for normalisation).
 *   A filament's key comes from its material + colour name. A spool's key comes from its filament (by `filamentId`)
 *   when that filament is in the input, else from the spool's own `material` + `colour`. A job's key likewise comes
 *   from its `filamentId`, else its `material` + `colour`. Spools/jobs that resolve to no key are listed as unresolved
 *   and take no part in any pool. Ids are matched with `===`: pass them with the same type everywhere.
 * - On hand = sum of the remaining mass of `active` spools. `empty` and `archived` spools are excluded (their
 *   estimated remaining is `null`).
 * - Allocation: within a pool, jobs are taken in planned-start order (ties by job id) and each draws from the pool's
 *   active spools in FIFO order (oldest received date, then batch label, then spool id), spilling over to the next
 *   spool when one runs dry. A spool's estimated remaining ("추정 잔량") is what is left after all jobs. The part of a
 *   job that no spool can cover is "uncovered"; a pool's total uncovered mass equals its shortfall.
 * - Still-planned jobs whose planned start is before `today` are COUNTED like any other: a job that is still planned
 *   has not consumed its filament yet (a finished or started job must not be passed in as planned). They are also
 *   counted in `pastJobCount` so the UI can flag overdue plans.
 * - projectedRemaining = onHand − plannedUse (may be negative); shortfall = max(0, −projectedRemaining).
 * - Status: `short` when projectedRemaining < 0; `low` when 0 ≤ projectedRemaining < the pool's low-stock threshold
 *   (the SUM of the thresholds of the pool's filaments, i.e. of all brands); otherwise `sufficient`. A pool with no
 *   stock and jobs needing filament is `short` from its first such job.
 * - `runsOutOn` is the first job (in allocation order) with an uncovered part, with its planned start and that start's
 *   shop-local calendar date in `timeZone`.
 * - Everything is integer milligrams; nothing is rounded.
 * - Cost: one pass to group, one sort per pool (spools and jobs), one linear allocation walk per pool.
 */

import { isValidTimeZone, localDate } from '../time/zoned'
import {
  compareFifoPrepared,
  compareIds,
  materialColourKey,
  receivedAtMs,
  type InventoryId,
  type MaterialColourKey,
  type ReceivedAt,
  type SpoolStatus,
} from './keys'

/** A filament definition (one brand's material + colour). */
export interface OutlookFilament {
  id: InventoryId
  material: string
  colourName: string
  colourHex?: string | null
  brand?: string | null
  /** Low-stock threshold of this filament in mg; null/absent = 0. */
  lowStockMg?: number | null
}

/** A spool as the outlook needs it. */
export interface OutlookSpool {
  id: InventoryId
  filamentId?: InventoryId | null
  /** Used only when the spool's filament is not in the input. */
  material?: string | null
  /** Used only when the spool's filament is not in the input. */
  colour?: string | null
  batch?: string | null
  receivedAt?: ReceivedAt
  status: SpoolStatus
  remainingMg: number
}

/** A planned (not yet started) print job's filament demand. Identify the filament by `filamentId` or by material + colour. */
export interface OutlookJob {
  id: InventoryId
  /** Order reference / label for display. */
  ref?: string | null
  orderId?: InventoryId | null
  filamentId?: InventoryId | null
  material?: string | null
  colour?: string | null
  plannedStart: Date | number
  plannedUseMg: number
}

/** Input of `projectInventoryOutlook`. */
export interface OutlookInput {
  filaments: readonly OutlookFilament[]
  spools: readonly OutlookSpool[]
  jobs: readonly OutlookJob[]
  /** The current instant; jobs planned to start before it are flagged as past (but still counted). */
  today: Date | number
  /** IANA zone for shop-local dates (shop default 'Asia/Seoul'). */
  timeZone: string
}

/** Verdict for a material + colour. */
export type OutlookStatus = 'sufficient' | 'low' | 'short'

/** The first job a pool cannot fully cover. */
export interface RunOutPoint {
  jobId: InventoryId
  ref: string | null
  orderId: InventoryId | null
  plannedStart: Date
  /** Shop-local date of the planned start, 'YYYY-MM-DD'. */
  localDate: string
  /** The part of this job's demand no spool can cover. */
  uncoveredMg: number
  /** Jobs fully covered before this one. */
  coveredJobCount: number
  /** The job was planned to start before `today`. */
  past: boolean
}

/** Outlook of one material + colour pool. */
export interface MaterialColourOutlook {
  key: MaterialColourKey
  /** Display material/colour as first written (filaments first, then spools, then jobs). */
  material: string
  colour: string
  /** Hex of the first filament of the pool that has one. */
  colourHex: string | null
  filamentIds: InventoryId[]
  activeSpoolCount: number
  onHandMg: number
  plannedUseMg: number
  /** onHandMg − plannedUseMg; negative when short. */
  projectedRemainingMg: number
  /** Sum of the pool's filaments' thresholds. */
  lowStockMg: number
  status: OutlookStatus
  /** max(0, plannedUseMg − onHandMg) = the pool's total uncovered demand. */
  shortfallMg: number
  runsOutOn: RunOutPoint | null
  jobCount: number
  /** Jobs still planned although their start is before `today` (included in every figure above). */
  pastJobCount: number
  /** Current stock (before any job) is under the threshold. */
  onHandBelowThreshold: boolean
}

/** Estimated remaining of one spool (in the input order of spools). */
export interface SpoolOutlook {
  spoolId: InventoryId
  key: MaterialColourKey | null
  /** Counted in on-hand (active and resolved to a pool). */
  counted: boolean
  remainingMg: number
  /** Remaining after the planned jobs ("추정 잔량"); null for spools not counted. */
  estimatedRemainingMg: number | null
  /** Planned demand drawn from this spool. */
  allocatedMg: number
  /** 0-based position in the pool's FIFO order; null when not counted. */
  fifoRank: number | null
  /** The job that brings this spool to 0, if any. */
  emptiedBy: { jobId: InventoryId; plannedStart: Date } | null
}

/** Coverage of one planned job (in the input order of jobs). */
export interface JobOutlook {
  jobId: InventoryId
  key: MaterialColourKey | null
  plannedUseMg: number
  coveredMg: number
  /** Demand no spool covers (the whole demand for a job that resolves to no pool). */
  uncoveredMg: number
  past: boolean
}

/** Result of `projectInventoryOutlook`. */
export interface InventoryOutlook {
  /** One entry per pool seen in filaments, counted spools or jobs; sorted by key. */
  groups: MaterialColourOutlook[]
  spools: SpoolOutlook[]
  jobs: JobOutlook[]
  unresolvedSpoolIds: InventoryId[]
  unresolvedJobIds: InventoryId[]
}

interface PoolSpool {
  index: number
  id: InventoryId
  batch: string | null | undefined
  receivedMs: number
}

interface PoolJob {
  index: number
  id: InventoryId
  startMs: number
  useMg: number
}

interface Pool {
  key: MaterialColourKey
  material: string
  colour: string
  colourHex: string | null
  filamentIds: InventoryId[]
  lowStockMg: number
  spools: PoolSpool[]
  jobs: PoolJob[]
}

function isMass(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0
}

// Messages are built only on failure: this runs once per spool/job.
function invalidMass(what: string, id: InventoryId, value: number): RangeError {
  return new RangeError(`${what} of ${String(id)} must be a non-negative safe integer of mg, got ${value}`)
}

function hasLabel(label: string | null | undefined): label is string {
  return label != null && label.trim() !== ''
}

function instantMs(value: Date | number): number {
  return typeof value === 'number' ? value : value.getTime()
}

function compareJobs(a: PoolJob, b: PoolJob): number {
  return a.startMs - b.startMs || compareIds(a.id, b.id)
}

/** Projects stock against planned jobs; see the module comment for the rules. */
export function projectInventoryOutlook(input: OutlookInput): InventoryOutlook {
  const { filaments, spools, jobs, timeZone } = input
  if (!isValidTimeZone(timeZone)) throw new RangeError(`invalid time zone: ${timeZone}`)
  const todayMs = instantMs(input.today)
  if (!Number.isFinite(todayMs)) throw new RangeError('today is not a valid instant')

  const pools = new Map<MaterialColourKey, Pool>()
  const rawKeyCache = new Map<string, MaterialColourKey>()
  const keyOf = (material: string, colour: string): MaterialColourKey => {
    const raw = material + '\u001f' + colour
    let key = rawKeyCache.get(raw)
    if (key === undefined) {
      key = materialColourKey(material, colour)
      rawKeyCache.set(raw, key)
    }
    return key
  }
  const poolFor = (key: MaterialColourKey, material: string, colour: string): Pool => {
    let pool = pools.get(key)
    if (!pool) {
      pool = { key, material, colour, colourHex: null, filamentIds: [], lowStockMg: 0, spools: [], jobs: [] }
      pools.set(key, pool)
    }
    return pool
  }

  // 1. Filaments define pools and thresholds.
  const filamentById = new Map<InventoryId, { key: MaterialColourKey; material: string; colour: string }>()
  for (const f of filaments) {
    const key = keyOf(f.material, f.colourName)
    filamentById.set(f.id, { key, material: f.material, colour: f.colourName })
    const pool = poolFor(key, f.material, f.colourName)
    pool.filamentIds.push(f.id)
    const threshold = f.lowStockMg ?? 0
    if (!isMass(threshold)) throw invalidMass('low-stock threshold of filament', f.id, threshold)
    pool.lowStockMg += threshold
    if (pool.colourHex === null && f.colourHex) pool.colourHex = f.colourHex
  }

  const resolve = (
    filamentId: InventoryId | null | undefined,
    material: string | null | undefined,
    colour: string | null | undefined,
  ): Pool | null => {
    if (filamentId != null) {
      const f = filamentById.get(filamentId)
      if (f) return poolFor(f.key, f.material, f.colour)
    }
    if (hasLabel(material) && hasLabel(colour)) {
      return poolFor(keyOf(material, colour), material, colour)
    }
    return null
  }

  // 2. Spools: resolve, count active ones.
  const spoolOut: SpoolOutlook[] = new Array(spools.length)
  const unresolvedSpoolIds: InventoryId[] = []
  for (let i = 0; i < spools.length; i++) {
    const s = spools[i]
    if (!isMass(s.remainingMg)) throw invalidMass('remaining mass of spool', s.id, s.remainingMg)
    const counted = s.status === 'active'
    // Only counted spools may create a pool; excluded spools just report their key when it exists.
    const pool = counted ? resolve(s.filamentId, s.material, s.colour) : null
    let key: MaterialColourKey | null = pool ? pool.key : null
    if (!counted) {
      const f = s.filamentId != null ? filamentById.get(s.filamentId) : undefined
      key = f ? f.key : hasLabel(s.material) && hasLabel(s.colour) ? keyOf(s.material, s.colour) : null
    }
    if (key === null) unresolvedSpoolIds.push(s.id)
    spoolOut[i] = {
      spoolId: s.id,
      key,
      counted: pool !== null,
      remainingMg: s.remainingMg,
      estimatedRemainingMg: pool ? s.remainingMg : null,
      allocatedMg: 0,
      fifoRank: null,
      emptiedBy: null,
    }
    if (pool) pool.spools.push({ index: i, id: s.id, batch: s.batch, receivedMs: receivedAtMs(s.receivedAt) })
  }

  // 3. Jobs: resolve and validate.
  const jobOut: JobOutlook[] = new Array(jobs.length)
  const unresolvedJobIds: InventoryId[] = []
  for (let i = 0; i < jobs.length; i++) {
    const j = jobs[i]
    const useMg = j.plannedUseMg
    if (!isMass(useMg)) throw invalidMass('planned use of job', j.id, useMg)
    const startMs = instantMs(j.plannedStart)
    if (!Number.isFinite(startMs)) throw new RangeError(`planned start of job ${String(j.id)} is not a valid instant`)
    const pool = resolve(j.filamentId, j.material, j.colour)
    const past = startMs < todayMs
    if (!pool) unresolvedJobIds.push(j.id)
    else pool.jobs.push({ index: i, id: j.id, startMs, useMg })
    jobOut[i] = { jobId: j.id, key: pool ? pool.key : null, plannedUseMg: useMg, coveredMg: 0, uncoveredMg: pool ? 0 : useMg, past }
  }

  // 4. Per pool: FIFO spools, jobs by start, one linear allocation walk.
  const groups: MaterialColourOutlook[] = []
  for (const pool of pools.values()) {
    pool.spools.sort(compareFifoPrepared)
    pool.jobs.sort(compareJobs)

    let onHandMg = 0
    for (let r = 0; r < pool.spools.length; r++) {
      const out = spoolOut[pool.spools[r].index]
      out.fifoRank = r
      onHandMg += out.remainingMg
    }

    let plannedUseMg = 0
    let pastJobCount = 0
    let cursor = 0 // first spool that may still hold filament
    let runsOutOn: RunOutPoint | null = null
    for (let n = 0; n < pool.jobs.length; n++) {
      const pj = pool.jobs[n]
      const jo = jobOut[pj.index]
      plannedUseMg += pj.useMg
      if (jo.past) pastJobCount++
      let need = pj.useMg
      while (need > 0 && cursor < pool.spools.length) {
        const so = spoolOut[pool.spools[cursor].index]
        const left = so.estimatedRemainingMg as number
        const take = Math.min(need, left)
        if (take > 0) {
          so.estimatedRemainingMg = left - take
          so.allocatedMg += take
          need -= take
          if (left - take === 0) so.emptiedBy = { jobId: pj.id, plannedStart: new Date(pj.startMs) }
        }
        if (so.estimatedRemainingMg === 0) cursor++
      }
      jo.coveredMg = pj.useMg - need
      jo.uncoveredMg = need
      if (need > 0 && runsOutOn === null) {
        const job = jobs[pj.index]
        runsOutOn = {
          jobId: job.id,
          ref: job.ref ?? null,
          orderId: job.orderId ?? null,
          plannedStart: new Date(pj.startMs),
          localDate: localDate(pj.startMs, timeZone),
          uncoveredMg: need,
          coveredJobCount: n,
          past: jo.past,
        }
      }
    }

    const projectedRemainingMg = onHandMg - plannedUseMg
    const status: OutlookStatus =
      projectedRemainingMg < 0 ? 'short' : projectedRemainingMg < pool.lowStockMg ? 'low' : 'sufficient'
    groups.push({
      key: pool.key,
      material: pool.material,
      colour: pool.colour,
      colourHex: pool.colourHex,
      filamentIds: pool.filamentIds,
      activeSpoolCount: pool.spools.length,
      onHandMg,
      plannedUseMg,
      projectedRemainingMg,
      lowStockMg: pool.lowStockMg,
      status,
      shortfallMg: Math.max(0, -projectedRemainingMg),
      runsOutOn,
      jobCount: pool.jobs.length,
      pastJobCount,
      onHandBelowThreshold: onHandMg < pool.lowStockMg,
    })
  }
  groups.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))

  return { groups, spools: spoolOut, jobs: jobOut, unresolvedSpoolIds, unresolvedJobIds }
}
