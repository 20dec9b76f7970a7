/** What every change to one job shares: the answer types, the row lock with its version check, and the rollback helpers. */
import { eq, sql } from 'drizzle-orm'
import type { DbOrTx } from '~db/client.server'
import { printJobs, type PrintJobRow } from '~db/schema'
import type { StockChangeError } from '~/domain/inventory/stock-change'
import type { OutputProblem } from '~/domain/scheduling/output'
import type { SlotProblem, StartProblem } from '~/domain/scheduling/slot'
import { isUuid } from '~/utils/ids'
import { getJob, type JobView } from './job-queries.server'

export type JobProblem =
  | { code: 'not_found' }
  | { code: 'conflict'; current: JobView | null }
  | { code: 'unknown_order' }
  | { code: 'order_closed' }
  | { code: 'unknown_printer' }
  // printer_inactive, incompatible_material, units_range, end_before_start, outside_calendar, maintenance, overlap
  | SlotProblem
  | { code: 'not_planned' }
  | { code: 'not_printing' }
  | { code: 'not_finished' }
  // printer_busy, blocked_by_locked
  | StartProblem
  // output_above_plate, invalid_grams
  | OutputProblem
  | { code: 'not_enough_filament'; shortMg: number }
  | { code: 'unknown_spool' }

export type JobResult<T = JobView> = { ok: true; job: T; notice?: Record<string, unknown> } | { ok: false; problem: JobProblem }

async function lockJob(tx: DbOrTx, id: string): Promise<PrintJobRow | null> {
  if (!isUuid(id)) return null
  const [row] = await tx.select().from(printJobs).where(eq(printJobs.id, id)).for('update')
  return row ?? null
}

/** Locks the job's row and checks the version the user saw: not found, conflict (with the current job) or the row. */
export async function guard(tx: DbOrTx, id: string, version: number): Promise<{ row: PrintJobRow } | { problem: JobProblem }> {
  const row = await lockJob(tx, id)
  if (!row) return { problem: { code: 'not_found' } }
  if (row.version !== version) return { problem: { code: 'conflict', current: await getJob(id, tx) } }
  return { row }
}

/** The columns every job update sets: updated now, next version. */
export const bump = () => ({ updatedAt: sql`now()`, version: sql`${printJobs.version} + 1` })

/** Thrown inside a transaction to roll it back and answer with a problem (nothing of the change is kept). */
export class Abort extends Error {
  constructor(readonly problem: JobProblem) {
    super(problem.code)
  }
}

/** `.catch(aborted)` on a transaction: an `Abort` becomes its problem; anything else is thrown on. */
export function aborted(e: unknown): { ok: false; problem: JobProblem } {
  if (e instanceof Abort) return { ok: false, problem: e.problem }
  throw e
}

/** A refused filament draw as a job problem. */
export function shortage(r: StockChangeError): JobProblem {
  if (r.code === 'spool_not_found' || r.code === 'spool_archived') return { code: 'unknown_spool' }
  if (r.code === 'invalid_amount') return { code: 'invalid_grams' }
  return { code: 'not_enough_filament', shortMg: r.code === 'insufficient' ? r.shortfallMg : 0 }
}
