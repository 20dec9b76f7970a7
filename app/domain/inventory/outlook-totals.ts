/**
 * The stock outlook from totals: the same pools, figures and run-out points as `projectInventoryOutlook`, from the
 * planned demand summed per filament (and material + colour) instead of one row per planned job — a week of a busy
 * farm is thousands of jobs, and every cold dashboard and inventory page read them all.
 *
 * Why this is exact:
 * - A pool's on hand, planned use, projected remaining, shortfall and status are sums, whatever the jobs' order.
 * - The spools are drawn in FIFO order by the jobs in start order, one after another, so what each spool gives is
 *   fixed by the pool's total demand alone (its estimated remaining is the same with one job or a thousand).
 * - Only the run-out point (the first job a pool cannot cover) needs the jobs themselves, and only in a pool whose
 *   demand exceeds its stock (`short`). The outlook names those pools' demand rows (`shortDemand`); the caller reads
 *   their jobs and asks again with them.
 * - Job counts come from the totals. What is not kept: per-job coverage, and which job empties a spool (`emptiedBy`
 *   is null) — the spool page and the outlook page, which show those, use the full projection.
 */
import type { InventoryId, MaterialColourKey } from './keys'
import { projectInventoryOutlook, type InventoryOutlook, type OutlookFilament, type OutlookJob, type OutlookSpool } from './projection'

/** Planned (not yet started) demand of one filament, or of one material + colour for jobs with no filament. */
export interface DemandTotal {
  filamentId: InventoryId | null
  material: string | null
  colour: string | null
  /** Sum of the jobs' planned use (each as `plannedUseMg` rounds it). */
  useMg: number
  jobCount: number
  /** Jobs planned to start before `today`. */
  pastJobCount: number
  /** The earliest planned start. */
  firstStart: Date | number
}

/** A spool, or the sum of several (`count` spools of one filament). */
export type SpoolOrTotal = OutlookSpool & { count?: number }

export interface TotalsInput {
  filaments: readonly OutlookFilament[]
  spools: readonly SpoolOrTotal[]
  demand: readonly DemandTotal[]
  today: Date | number
  timeZone: string
}

export type TotalsOutlook = Pick<InventoryOutlook, 'groups' | 'spools' | 'unresolvedSpoolIds'> & {
  /**
   * Demand rows (indexes into `demand`) still given as totals whose pool runs short: its run-out job is not known yet.
   * Read their jobs and call `outlookFromTotals` again with them; empty, the outlook is complete.
   */
  shortDemand: number[]
}

const totalId = (i: number) => `demand-total:${i}`

function pseudoJob(d: DemandTotal, i: number): OutlookJob {
  return { id: totalId(i), filamentId: d.filamentId, material: d.material, colour: d.colour, plannedStart: d.firstStart, plannedUseMg: d.useMg }
}

/**
 * The outlook from totals, with the planned jobs of the demand rows `detailed` (a previous answer's `shortDemand`) in
 * place of their totals. `jobs` must be exactly those rows' jobs.
 */
export function outlookFromTotals(input: TotalsInput, detailed: readonly number[] = [], jobs: readonly OutlookJob[] = []): TotalsOutlook {
  const replaced = new Set(detailed)
  const kept = input.demand.flatMap((_, i) => (replaced.has(i) ? [] : [i]))
  const outlook = projectInventoryOutlook({ ...input, jobs: [...kept.map((i) => pseudoJob(input.demand[i], i)), ...jobs] })
  // The projection counted each total as one job (past or not) and each spool total as one spool: count what they stand for.
  const jobFix = new Map<MaterialColourKey, { jobs: number; past: number }>()
  kept.forEach((i, n) => {
    const j = outlook.jobs[n]
    if (j.key === null) return
    const c = jobFix.get(j.key) ?? { jobs: 0, past: 0 }
    c.jobs += input.demand[i].jobCount - 1
    c.past += input.demand[i].pastJobCount - (j.past ? 1 : 0)
    jobFix.set(j.key, c)
  })
  const spoolFix = new Map<MaterialColourKey, number>()
  outlook.spools.forEach((s, i) => {
    if (s.counted && s.key !== null) spoolFix.set(s.key, (spoolFix.get(s.key) ?? 0) + (input.spools[i].count ?? 1) - 1)
  })
  const short = new Set(outlook.groups.filter((g) => g.status === 'short').map((g) => g.key))
  return {
    groups: outlook.groups.map((g) => ({
      ...g,
      jobCount: g.jobCount + (jobFix.get(g.key)?.jobs ?? 0),
      pastJobCount: g.pastJobCount + (jobFix.get(g.key)?.past ?? 0),
      activeSpoolCount: g.activeSpoolCount + (spoolFix.get(g.key) ?? 0),
    })),
    spools: outlook.spools.map((s) => ({ ...s, emptiedBy: null })),
    unresolvedSpoolIds: outlook.unresolvedSpoolIds,
    shortDemand: kept.filter((_, n) => {
      const key = outlook.jobs[n].key
      return key !== null && short.has(key)
    }),
  }
}
