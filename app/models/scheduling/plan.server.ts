/** The plan: preview what the scheduler would do now, and apply exactly that plan (one transaction, one audit row). */
import { and, eq, inArray, sql } from 'drizzle-orm'
import { db } from '~db/client.server'
import { printJobs } from '~db/schema'
import { autoSchedule, diffPlans, planFingerprint, type PlanDiff, type ScheduleResult } from '~/domain/scheduling'
import { chunks } from '~/domain/scheduling/chunks'
import { filamentUseMg } from '~/domain/scheduling/output'
import { audit, type Actor } from '~/utils/audit.server'
import { retryLostRace } from '~/utils/db-errors.server'
import { loadPlanContext, type PlanContext } from './plan-inputs.server'

const MINUTE = 60_000

export interface PlanPreview {
  now: Date
  horizonEnd: Date
  result: ScheduleResult
  diff: PlanDiff
  fingerprint: string
  orderRefs: Map<string, { reference: string; dueDate: string | null; productId: string }>
  printerNames: Map<string, string>
  productNames: Map<string, string>
  /** The new plan's filament use, in the inventory outlook's job shape (for the shortage check). */
  filamentJobs: Array<{ id: string; ref: string; orderId: string; filamentId: string | null; material: string; colour: string; plannedStart: Date; plannedUseMg: number }>
}

/** The per-printer load on the preview covers this many days from now (what a planner looks at), not the horizon. */
export const LOAD_WINDOW_DAYS = 7

function planFromContext(ctx: PlanContext) {
  // Stable re-planning: stored planned jobs that are still valid keep their slot; only the rest is planned.
  const loadUntil = new Date(ctx.input.now.getTime() + LOAD_WINDOW_DAYS * 86_400_000)
  const result = autoSchedule({ ...ctx.input, keep: ctx.replaceable, loadUntil })
  const diff = diffPlans(ctx.replaceable, result.jobs)
  return { result, diff, fingerprint: planFingerprint(result) }
}

/** The plan the scheduler would make at `now`, compared with the stored plan. Read-only. */
export async function previewPlan(now: Date): Promise<PlanPreview> {
  const ctx = await loadPlanContext(db, now)
  const { result, diff, fingerprint } = planFromContext(ctx)
  return {
    now,
    horizonEnd: ctx.input.horizonEnd,
    result,
    diff,
    fingerprint,
    orderRefs: ctx.orderRefs,
    printerNames: ctx.printerNames,
    productNames: new Map([...ctx.products.values()].map((p) => [p.id, p.name])),
    filamentJobs: result.jobs.map((j, i) => {
      const p = ctx.products.get(j.productId)!
      return {
        id: `new-${i}`,
        ref: ctx.orderRefs.get(j.orderId)?.reference ?? '',
        orderId: j.orderId,
        filamentId: p.filamentId,
        material: p.material,
        colour: p.colour,
        plannedStart: j.start,
        plannedUseMg: filamentUseMg(j.units, p.gramsPerUnit, p.wastePct),
      }
    }),
  }
}

/** How old a preview may be when it is applied (its `now` is reused so the plan is exactly the one shown). */
export const PREVIEW_MAX_AGE_MS = 15 * MINUTE

export type ApplyResult =
  | { ok: true; added: number; moved: number; removed: number; unchanged: number }
  | { ok: false; reason: 'stale' | 'expired' }

/**
 * Applies the plan previewed at `previewNow` if it is still the same plan (same fingerprint): one transaction that
 * replaces only unlocked planned jobs (printing, finished and locked jobs are never touched), with one audit row.
 * Nothing changed → nothing written.
 */
export async function applyPlan(actor: Actor, previewNow: Date, fingerprint: string, serverNow: Date): Promise<ApplyResult> {
  const age = serverNow.getTime() - previewNow.getTime()
  if (!(age >= -MINUTE && age <= PREVIEW_MAX_AGE_MS)) return { ok: false, reason: 'expired' }
  // Jobs written by a concurrent manual placement can deadlock with the plan's on the exclusion constraint: run again.
  return retryLostRace(() => db.transaction(async (tx) => {
    // One planner at a time: a second "Apply" waits here, then finds the plan changed (stale).
    await tx.execute(sql`select pg_advisory_xact_lock(73310001)`)
    const ctx = await loadPlanContext(tx, previewNow)
    const { result, diff, fingerprint: current } = planFromContext(ctx)
    if (current !== fingerprint) return { ok: false as const, reason: 'stale' as const }
    const counts = { added: diff.added.length, moved: diff.moved.length, removed: diff.removed.length, unchanged: diff.unchanged.length }
    if (!diff.added.length && !diff.moved.length && !diff.removed.length) return { ok: true as const, ...counts }
    // Moving jobs one by one can cross another job's old slot: check the overlap constraint at commit then.
    if (diff.moved.length) await tx.execute(sql`set constraints print_jobs_no_overlap deferred`)
    // Chunked: PostgreSQL takes at most 65,535 parameters per statement.
    for (const ids of chunks(diff.removed.map((r) => r.id), 5_000)) await tx.delete(printJobs).where(inArray(printJobs.id, ids))
    for (const m of diff.moved) {
      await tx
        .update(printJobs)
        .set({ printerId: m.to.printerId, startsAt: m.to.start, endsAt: m.to.end, units: m.to.units, updatedAt: sql`now()`, version: sql`${printJobs.version} + 1` })
        .where(and(eq(printJobs.id, m.id), eq(printJobs.status, 'planned'), eq(printJobs.locked, false)))
    }
    for (const batch of chunks(diff.added, 1_000)) {
      await tx.insert(printJobs).values(
        batch.map((j) => {
          const p = ctx.products.get(j.productId)!
          return {
            orderId: j.orderId,
            productId: j.productId,
            printerId: j.printerId,
            status: 'planned' as const,
            source: 'auto',
            startsAt: j.start,
            endsAt: j.end,
            units: j.units,
            unitsPerPlate: p.unitsPerPlate,
            minutesPerPlate: p.minutesPerPlate,
            gramsPerUnit: p.gramsPerUnit,
            filamentId: p.filamentId,
            material: p.material,
            colour: p.colour,
            createdBy: actor.id,
          }
        }),
      )
    }
    await audit(tx, actor, {
      action: 'schedule.apply',
      entityType: 'schedule',
      entityId: fingerprint,
      after: {
        ...counts,
        previewAt: previewNow,
        late: result.late.map((l) => ({ orderId: l.orderId, latenessMs: l.latenessMs })),
        unscheduled: result.unscheduled,
        removedIds: diff.removed.map((r) => r.id),
        movedIds: diff.moved.map((m) => m.id),
      },
    })
    return { ok: true as const, ...counts }
  }))
}
