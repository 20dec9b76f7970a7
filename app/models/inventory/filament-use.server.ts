/** Filament drawn by recorded production, and given back when a job's recorded use is corrected downwards. */
import { and, asc, desc, eq, inArray } from 'drizzle-orm'
import type { DbOrTx } from '~db/client.server'
import { filaments, spools, spoolUsage } from '~db/schema'
import { consumeFifo, gramsNumericToMg, materialColourKey, netDrawnBySpool, parseGrams, type ConsumeResult } from '~/domain/inventory'
import { audit, type Actor } from '~/utils/audit.server'
import { isUuid } from '~/utils/ids'
import { spoolColumns, toSpool, type SpoolDbRow } from './shapes.server'
import { getSpool } from './spools.server'
import { writeChange } from './stock.server'

export type ConsumeFilamentInput = {
  /** Grams used, with at most one decimal (a number like 12.5 or a string like "12.5"). */
  grams: number | string
  reason: string
  jobId?: string | null
} & ({ material: string; colour: string; spoolId?: undefined } | { spoolId: string; material?: undefined; colour?: undefined })

/**
 * Records filament used by production, inside the CALLER's transaction (the scheduling module records the job's actual
 * output and the consumption together). Either from one chosen spool, or FIFO across the active spools of a material +
 * colour (pooled across brands and batches: oldest received first, then batch label). All-or-nothing: when the spools
 * hold less than asked nothing is written and the result says how much is missing. On success: one update and one
 * usage-log row per spool drawn from, and exactly one audit row. Spools reaching 0 g become `empty`.
 */
export async function consumeFilament(tx: DbOrTx, input: ConsumeFilamentInput, actor: Actor): Promise<ConsumeResult> {
  const parsed = parseGrams(String(input.grams))
  if (!parsed.ok) return { ok: false, code: 'invalid_amount' }
  const amountMg = parsed.mg

  let candidates: SpoolDbRow[]
  if (input.spoolId !== undefined) {
    if (!isUuid(input.spoolId)) return { ok: false, code: 'spool_not_found' }
    candidates = await tx
      .select(spoolColumns)
      .from(spools)
      .innerJoin(filaments, eq(filaments.id, spools.filamentId))
      .where(eq(spools.id, input.spoolId))
      .for('update', { of: spools })
  } else {
    const key = materialColourKey(input.material, input.colour)
    const all = await tx.select({ id: filaments.id, material: filaments.material, colourName: filaments.colourName }).from(filaments)
    const ids = all.filter((f) => materialColourKey(f.material, f.colourName) === key).map((f) => f.id)
    candidates = ids.length
      ? await tx
          .select(spoolColumns)
          .from(spools)
          .innerJoin(filaments, eq(filaments.id, spools.filamentId))
          .where(and(inArray(spools.filamentId, ids), eq(spools.status, 'active')))
          .orderBy(asc(spools.id)) // lock in one order everywhere: no deadlocks between two consumers
          .for('update', { of: spools })
      : []
  }
  const pool = candidates.map(toSpool).map((s) => ({
    id: s.id,
    remainingMg: s.remainingMg,
    status: s.status,
    material: s.material,
    colour: s.colourName,
    batch: s.batch,
    receivedAt: s.receivedOn,
  }))
  const result = consumeFifo(
    pool,
    input.spoolId !== undefined ? { amountMg, spoolId: input.spoolId } : { amountMg, material: input.material, colour: input.colour },
  )
  if (!result.ok) return result
  for (const change of result.deductions) {
    await writeChange(tx, actor, change, { kind: 'consume', reason: input.reason, jobId: input.jobId ?? null })
  }
  await audit(tx, actor, {
    action: 'spool.consume',
    entityType: 'spool',
    entityId: result.deductions.length === 1 ? String(result.deductions[0].spoolId) : null,
    after: {
      material: input.material ?? null,
      colour: input.colour ?? null,
      spoolId: input.spoolId ?? null,
      consumedMg: result.consumedMg,
      reason: input.reason,
      jobId: input.jobId ?? null,
      deductions: result.deductions.map((d) => ({ spoolId: d.spoolId, previousMg: d.previousMg, remainingMg: d.remainingMg, status: d.status })),
    },
  })
  return result
}

/**
 * Gives filament back to the spools a job drew from (a correction that lowers the grams used): latest-drawn spool
 * first, never more than the job took net from each spool. Caller's transaction; one usage row per spool, one audit row.
 */
export async function returnFilamentForJob(tx: DbOrTx, actor: Actor, jobId: string, amountMg: number, reason: string): Promise<number> {
  const rows = await tx
    .select({ spoolId: spoolUsage.spoolId, delta: spoolUsage.deltaGrams, id: spoolUsage.id })
    .from(spoolUsage)
    .where(eq(spoolUsage.jobId, jobId))
    .orderBy(desc(spoolUsage.id))
  const drawn = netDrawnBySpool(rows.map((r) => ({ spoolId: r.spoolId, deltaMg: gramsNumericToMg(r.delta) })))
  let left = amountMg
  const returned: Array<{ spoolId: string; mg: number }> = []
  for (const { spoolId, netMg } of drawn) {
    if (left <= 0) break
    const give = Math.min(left, netMg)
    if (give <= 0) continue
    const spool = await getSpool(spoolId, tx, true)
    if (!spool) continue
    const remainingMg = spool.remainingMg + give
    await writeChange(
      tx,
      actor,
      {
        spoolId,
        previousMg: spool.remainingMg,
        remainingMg,
        deltaMg: give,
        previousStatus: spool.status,
        status: spool.status === 'empty' ? 'active' : spool.status,
        warnings: [],
      },
      { kind: 'correct', reason, jobId },
    )
    returned.push({ spoolId, mg: give })
    left -= give
  }
  if (returned.length) {
    await audit(tx, actor, { action: 'spool.return', entityType: 'spool', entityId: returned.length === 1 ? returned[0].spoolId : null, after: { jobId, reason, returned } })
  }
  return amountMg - left
}
