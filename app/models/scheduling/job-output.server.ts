/** Recording a print's outcome (finish) and correcting it later, with the filament, the printer's hours and the order's plan and surplus. */
import { eq, sql } from 'drizzle-orm'
import { db } from '~db/client.server'
import { printers, printJobs, spools } from '~db/schema'
import { gramsNumericToMg, mgToDbNumeric } from '~/domain/inventory/mass'
import { checkOutput, finishedAt } from '~/domain/scheduling/output'
import { audit, type Actor } from '~/utils/audit.server'
import { retryLostRace } from '~/utils/db-errors.server'
import { isUuid } from '~/utils/ids'
import { consumeFilament, returnFilamentForJob } from '~/models/inventory/filament-use.server'
import { Abort, aborted, bump, guard, shortage, type JobResult } from './job-guard.server'
import { getJob } from './job-queries.server'
import { reduceOrderPlan } from './order-plan.server'
import { productSurplus, syncOrderSurplus } from './surplus.server'

export interface FinishInput {
  outcome: 'done' | 'failed'
  goodUnits: number
  scrapUnits: number
  /** Grams used, text with at most one decimal ("" = the job's planned grams). */
  grams: string
  /** A spool to draw from; null = FIFO across the job's material + colour. */
  spoolId: string | null
  note?: string
}

/** Planned jobs the reduction left alone because they changed while it waited for them (moved, locked, started…). */
const keptChanged = (ids: string[]) => (ids.length ? { keptChangedJobIds: ids } : {})

/**
 * Records a print's outcome in ONE transaction: job done/failed with its actuals; filament deducted (chosen spool or
 * FIFO); printer odometer advanced; the order's now-unneeded planned jobs dropped/shrunk; over-production booked as
 * product surplus; audit rows. Two operators finishing the same job: the second gets a conflict.
 *
 * Lock order: the job, the spools drawn, the printer, the order (then its planned jobs: reduceOrderPlan). Two finishes
 * of one order queue on the order row, so the second books the surplus from both outputs. A deadlock with another job
 * action (a start on the same printer holding one of the order's planned jobs) rolls this attempt back whole and runs
 * it again.
 */
export async function finishJob(actor: Actor, id: string, version: number, input: FinishInput, now: Date): Promise<JobResult> {
  return retryLostRace(() => db.transaction(async (tx) => {
    const g = await guard(tx, id, version)
    if ('problem' in g) return { ok: false as const, problem: g.problem }
    const { row } = g
    if (row.status !== 'printing') return { ok: false as const, problem: { code: 'not_printing' as const } }
    const checked = checkOutput(row, input.goodUnits, input.scrapUnits, input.grams)
    if ('code' in checked) return { ok: false as const, problem: checked }
    if (input.spoolId !== null && !isUuid(input.spoolId)) return { ok: false as const, problem: { code: 'unknown_spool' as const } }
    // Checked before the job row names it (its foreign key would otherwise fail, also when no grams are drawn).
    if (input.spoolId !== null && !(await tx.select({ id: spools.id }).from(spools).where(eq(spools.id, input.spoolId))).length) {
      return { ok: false as const, problem: { code: 'unknown_spool' as const } }
    }
    const end = finishedAt(now, row.actualStart ?? row.startsAt)
    if (checked.mg > 0) {
      const reason = `job ${id}`
      const consumed = await consumeFilament(
        tx,
        input.spoolId ? { grams: mgToDbNumeric(checked.mg), reason, jobId: id, spoolId: input.spoolId } : { grams: mgToDbNumeric(checked.mg), reason, jobId: id, material: row.material, colour: row.colour },
        actor,
      )
      if (!consumed.ok) throw new Abort(shortage(consumed))
    }
    const hours = (end.getTime() - (row.actualStart ?? row.startsAt).getTime()) / 3_600_000
    await tx
      .update(printers)
      .set({ printHours: sql`round(${printers.printHours} + ${hours.toFixed(4)}::numeric, 1)` })
      .where(eq(printers.id, row.printerId))
    // The job row is written after the spools and the printer: writing its good units updates the order's count (a
    // trigger, migration 0018), which locks the order row — last, as the lock order above says.
    await tx
      .update(printJobs)
      .set({
        status: input.outcome,
        actualEnd: end,
        endsAt: end,
        goodUnits: input.goodUnits,
        scrapUnits: input.scrapUnits,
        gramsUsed: mgToDbNumeric(checked.mg),
        spoolId: input.spoolId,
        finishedBy: actor.id,
        finishedByName: actor.username,
        note: input.note ?? row.note,
        ...bump(),
      })
      .where(eq(printJobs.id, id))
    const reduced = await reduceOrderPlan(tx, row.orderId)
    const surplus = await syncOrderSurplus(tx, actor, row.orderId, id)
    await audit(tx, actor, {
      action: 'job.finish',
      entityType: 'print_job',
      entityId: id,
      before: { status: row.status },
      after: {
        status: input.outcome,
        goodUnits: input.goodUnits,
        scrapUnits: input.scrapUnits,
        gramsUsed: mgToDbNumeric(checked.mg),
        spoolId: input.spoolId,
        actualEnd: end,
        printHours: Number(hours.toFixed(2)),
        removedJobIds: reduced.removedIds,
        shrunkJobs: reduced.shrunk,
        ...keptChanged(reduced.skippedIds),
        surplusDelta: surplus.surplusDelta,
      },
    })
    return { ok: true as const, job: (await getJob(id, tx))!, notice: { removed: reduced.removedIds.length, shrunk: reduced.shrunk.length, surplus: surplus.surplusDelta, ...keptChanged(reduced.skippedIds) } }
  })).catch(aborted)
}


/**
 * Corrects a finished job's good/scrap units and grams: the difference in filament is drawn (more used) or given back to
 * the spools it came from (less used); order output, plan reduction and surplus follow. One transaction, one audit row.
 */
export async function correctJob(
  actor: Actor,
  id: string,
  version: number,
  input: { outcome: 'done' | 'failed'; goodUnits: number; scrapUnits: number; grams: string },
): Promise<JobResult> {
  return retryLostRace(() =>
    db.transaction(async (tx) => {
      const g = await guard(tx, id, version)
      if ('problem' in g) return { ok: false as const, problem: g.problem }
      const { row } = g
      if (row.status !== 'done' && row.status !== 'failed') return { ok: false as const, problem: { code: 'not_finished' as const } }
      const checked = checkOutput(row, input.goodUnits, input.scrapUnits, input.grams)
      if ('code' in checked) return { ok: false as const, problem: checked }
      const beforeMg = row.gramsUsed === null ? 0 : gramsNumericToMg(row.gramsUsed)
      const deltaMg = checked.mg - beforeMg
      if (deltaMg > 0) {
        const consumed = await consumeFilament(
          tx,
          row.spoolId
            ? { grams: mgToDbNumeric(deltaMg), reason: `correction of job ${id}`, jobId: id, spoolId: row.spoolId }
            : { grams: mgToDbNumeric(deltaMg), reason: `correction of job ${id}`, jobId: id, material: row.material, colour: row.colour },
          actor,
        )
        if (!consumed.ok) throw new Abort(shortage(consumed))
      } else if (deltaMg < 0) {
        await returnFilamentForJob(tx, actor, id, -deltaMg, `correction of job ${id}`)
      }
      await tx
        .update(printJobs)
        .set({ status: input.outcome, goodUnits: input.goodUnits, scrapUnits: input.scrapUnits, gramsUsed: mgToDbNumeric(checked.mg), ...bump() })
        .where(eq(printJobs.id, id))
      const reduced = await reduceOrderPlan(tx, row.orderId)
      const surplus = await syncOrderSurplus(tx, actor, row.orderId, id)
      // A correction can take back over-production that other orders already drew as stock: the ledger then goes below
      // zero. That is recorded as it is (the draws happened) and reported, so someone checks those orders' stock.
      const balance = await productSurplus(row.productId, tx)
      await audit(tx, actor, {
        action: 'job.correct',
        entityType: 'print_job',
        entityId: id,
        before: { status: row.status, goodUnits: row.goodUnits, scrapUnits: row.scrapUnits, gramsUsed: row.gramsUsed },
        after: {
          status: input.outcome,
          goodUnits: input.goodUnits,
          scrapUnits: input.scrapUnits,
          gramsUsed: mgToDbNumeric(checked.mg),
          filamentDeltaMg: deltaMg,
          removedJobIds: reduced.removedIds,
          ...keptChanged(reduced.skippedIds),
          surplusDelta: surplus.surplusDelta,
          surplusBalance: balance,
        },
      })
      return { ok: true as const, job: (await getJob(id, tx))!, notice: { surplusDeficit: Math.max(0, -balance) } }
    }),
  ).catch(aborted)
}
