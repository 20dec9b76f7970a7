/**
 * A spool's remaining filament: weigh-ins, deductions and corrections, and the usage log every such change writes (one
 * usage-log row per spool it touches, beside the caller's one audit row).
 */
import { desc, eq, sql } from 'drizzle-orm'
import { db, type DbOrTx } from '~db/client.server'
import { spools, spoolUsage } from '~db/schema'
import { correct, deduct, gramsNumericToMg, mgToDbNumeric, weighIn, type SpoolChange } from '~/domain/inventory'
import { audit, type Actor } from '~/utils/audit.server'
import { isUuid } from '~/utils/ids'
import { getSpool, type SpoolResult } from './spools.server'

export interface UsageEntry {
  id: number
  at: Date
  kind: string
  reason: string
  deltaMg: number
  remainingMg: number
  grossMg: number | null
  jobId: string | null
  username: string | null
}

export async function spoolUsageHistory(spoolId: string, limit = 200): Promise<UsageEntry[]> {
  if (!isUuid(spoolId)) return []
  const rows = await db.select().from(spoolUsage).where(eq(spoolUsage.spoolId, spoolId)).orderBy(desc(spoolUsage.id)).limit(limit)
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    kind: r.kind,
    reason: r.reason,
    deltaMg: gramsNumericToMg(r.deltaGrams),
    remainingMg: gramsNumericToMg(r.remainingGrams),
    grossMg: r.grossGrams === null ? null : gramsNumericToMg(r.grossGrams),
    jobId: r.jobId,
    username: r.username,
  }))
}

export type StockChangeInput =
  | { kind: 'weigh'; grossMg: number; reason?: string }
  | { kind: 'deduct'; amountMg: number; reason: string }
  | { kind: 'correct'; remainingMg: number; reason: string }

/** Writes one spool's new remaining filament and its usage-log row (the caller writes the audit row). */
export async function writeChange(
  tx: DbOrTx,
  actor: Actor,
  change: SpoolChange,
  usage: { kind: 'weigh' | 'deduct' | 'correct' | 'consume'; reason: string; grossMg?: number; jobId?: string | null },
) {
  await tx
    .update(spools)
    .set({
      remainingGrams: mgToDbNumeric(change.remainingMg),
      status: change.status,
      updatedAt: sql`now()`,
      version: sql`${spools.version} + 1`,
    })
    .where(eq(spools.id, String(change.spoolId)))
  await tx.insert(spoolUsage).values({
    spoolId: String(change.spoolId),
    kind: usage.kind,
    reason: usage.reason,
    deltaGrams: mgToDbNumeric(change.deltaMg),
    remainingGrams: mgToDbNumeric(change.remainingMg),
    grossGrams: usage.grossMg === undefined ? null : mgToDbNumeric(usage.grossMg),
    jobId: usage.jobId ?? null,
    userId: actor.id,
    username: actor.username,
  })
}

/**
 * A weigh-in, deduction or correction of one spool: one transaction with the spool update, one usage-log row and one
 * audit row. The caller's `version` must still be current (two operators weighing the same spool: the second gets a
 * conflict with the newer values). Rule failures (gross below tare, more than remains, archived) change nothing.
 */
export async function changeStock(actor: Actor, id: string, version: number, input: StockChangeInput): Promise<SpoolResult> {
  return db.transaction(async (tx) => {
    const before = await getSpool(id, tx, true)
    if (!before) return { ok: false as const, reason: 'not_found' as const }
    if (before.version !== version) return { ok: false as const, reason: 'conflict' as const, current: before }
    const stock = { id, remainingMg: before.remainingMg, status: before.status, initialNetMg: before.initialNetMg, tareMg: before.tareMg }
    const result =
      input.kind === 'weigh'
        ? weighIn(stock, input.grossMg)
        : input.kind === 'deduct'
          ? deduct(stock, input.amountMg)
          : correct(stock, input.remainingMg)
    if (!result.ok) return { ok: false as const, reason: 'stock' as const, error: result, current: before }
    const reason = input.reason ?? ''
    await writeChange(tx, actor, result.change, {
      kind: input.kind,
      reason,
      grossMg: input.kind === 'weigh' ? input.grossMg : undefined,
    })
    const after = (await getSpool(id, tx))!
    await audit(tx, actor, {
      action: `spool.${input.kind}`,
      entityType: 'spool',
      entityId: id,
      before: { remainingMg: before.remainingMg, status: before.status, version: before.version },
      after: { remainingMg: after.remainingMg, status: after.status, version: after.version, reason, ...(input.kind === 'weigh' ? { grossMg: input.grossMg } : {}) },
    })
    return { ok: true as const, spool: after, change: result.change }
  })
}
