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
 *   demand exceeds its stock (`short`). The caller reads those pools' jobs (step 2) and passes them in.
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

export type TotalsOutlook = Pick<InventoryOutlook, 'groups' | 'spools' | 'unresolvedSpoolIds'>

const totalId = (i: number) => `demand-total:${i}`

function pseudoJob(d: DemandTotal, i: number): OutlookJob {
  return { id: totalId(i), filamentId: d.filamentId, material: d.material, colour: d.colour, plannedStart: d.firstStart, plannedUseMg: d.useMg }
}

/**
 * Step 1: the outlook from totals, and the demand rows (indexes into `demand`) of the pools that run short — the
 * caller reads those rows' jobs for step 2. An empty list: the outlook is complete as it is (`outlookFromTotals` with
 * no jobs gives the same).
 */
export function demandOfShortPools(input: TotalsInput): number[] {
  const first = projectInventoryOutlook({ ...input, jobs: input.demand.map(pseudoJob) })
  const short = new Set(first.groups.filter((g) => g.status === 'short').map((g) => g.key))
  return first.jobs.flatMap((j, i) => (j.key !== null && short.has(j.key) ? [i] : []))
}

/**
 * Step 2: the outlook, with the planned jobs of the demand rows `detailed` (from step 1) in place of their totals.
 * `jobs` must be exactly those rows' jobs.
 */
export function outlookFromTotals(input: TotalsInput, detailed: readonly number[] = [], jobs: readonly OutlookJob[] = []): TotalsOutlook {
  const replaced = new Set(detailed)
  const totals = input.demand.flatMap((d, i) => (replaced.has(i) ? [] : [d]))
  const outlook = projectInventoryOutlook({ ...input, jobs: [...totals.map(pseudoJob), ...jobs] })
  // The projection counted each total as one job (past or not) and each spool total as one spool: count what they stand for.
  const jobFix = new Map<MaterialColourKey, { jobs: number; past: number }>()
  totals.forEach((d, i) => {
    const j = outlook.jobs[i]
    if (j.key === null) return
    const c = jobFix.get(j.key) ?? { jobs: 0, past: 0 }
    c.jobs += d.jobCount - 1
    c.past += d.pastJobCount - (j.past ? 1 : 0)
    jobFix.set(j.key, c)
  })
  const spoolFix = new Map<MaterialColourKey, number>()
  outlook.spools.forEach((s, i) => {
    if (s.counted && s.key !== null) spoolFix.set(s.key, (spoolFix.get(s.key) ?? 0) + (input.spools[i].count ?? 1) - 1)
  })
  return {
    groups: outlook.groups.map((g) => ({
      ...g,
      jobCount: g.jobCount + (jobFix.get(g.key)?.jobs ?? 0),
      pastJobCount: g.pastJobCount + (jobFix.get(g.key)?.past ?? 0),
      activeSpoolCount: g.activeSpoolCount + (spoolFix.get(g.key) ?? 0),
    })),
    spools: outlook.spools.map((s) => ({ ...s, emptiedBy: null })),
    unresolvedSpoolIds: outlook.unresolvedSpoolIds,
  }
}
