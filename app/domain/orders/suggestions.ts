/**
 * Suggestions for the product and order forms, computed from past jobs.
 */

/** One job's recorded actual output (masses in integer milligrams). */
export interface JobActual {
  goodUnits: number
  scrapUnits: number
  /** Filament used by the job in milligrams; null/undefined when not recorded. */
  gramsUsedMg: number | null | undefined
}

/** Suggested filament mass per unit. */
export interface GramsPerUnitSuggestion {
  /** Median per-unit mass in integer milligrams (rounded half up). */
  gramsPerUnitMg: number
  /** How many jobs the median is based on (jobs that were not ignored). */
  basedOnJobs: number
}

/**
 * Suggests grams per unit from past jobs: for each job `gramsUsed ÷ (good + scrap)` (scrap consumed filament too),
 * then the median over jobs (mean of the two middle values for an even count), rounded to whole milligrams.
 * The median keeps one odd job (a failed print, a typo) from skewing the suggestion.
 *
 * Ignored jobs: zero (or invalid) units, and no grams recorded (null, 0, negative or not finite).
 * Returns null when no job is usable.
 */
export function suggestGramsPerUnit(actuals: readonly JobActual[]): GramsPerUnitSuggestion | null {
  const perUnit: number[] = []
  for (const a of actuals) {
    const units = a.goodUnits + a.scrapUnits
    const mg = a.gramsUsedMg
    if (!Number.isFinite(units) || units <= 0) continue
    if (a.goodUnits < 0 || a.scrapUnits < 0) continue
    if (mg === null || mg === undefined || !Number.isFinite(mg) || mg <= 0) continue
    perUnit.push(mg / units)
  }
  if (perUnit.length === 0) return null
  perUnit.sort((x, y) => x - y)
  const mid = perUnit.length >> 1
  const median = perUnit.length % 2 === 1 ? perUnit[mid] : (perUnit[mid - 1] + perUnit[mid]) / 2
  return { gramsPerUnitMg: Math.round(median), basedOnJobs: perUnit.length }
}

/** A past job, for the "recent products" list. */
export interface FinishedJobRef<Id> {
  productId: Id
  /** When the job finished; null/undefined for jobs that have not finished (they are ignored). */
  finishedAt: Date | number | null | undefined
}

/** Default length of the recent-products list. */
const DEFAULT_RECENT_PRODUCTS_LIMIT = 5

/**
 * Product ids ordered by their most recent finished job, most recent first, each id once, at most `limit` ids.
 * Jobs without a (valid) finish time are ignored. Ties keep the order in which the jobs were given.
 */
export function recentProductIds<Id extends string | number>(
  jobs: readonly FinishedJobRef<Id>[],
  limit: number = DEFAULT_RECENT_PRODUCTS_LIMIT,
): Id[] {
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError('limit must be a non-negative integer')
  const latest = new Map<Id, { at: number; order: number }>()
  jobs.forEach((job, order) => {
    if (job.finishedAt === null || job.finishedAt === undefined) return
    const at = typeof job.finishedAt === 'number' ? job.finishedAt : job.finishedAt.getTime()
    if (!Number.isFinite(at)) return
    const seen = latest.get(job.productId)
    // Strictly greater: on equal times the earlier-given job keeps its place.
    if (!seen || at > seen.at) latest.set(job.productId, { at, order })
  })
  return [...latest.entries()]
    .sort(([, a], [, b]) => b.at - a.at || a.order - b.order)
    .slice(0, limit)
    .map(([id]) => id)
}
