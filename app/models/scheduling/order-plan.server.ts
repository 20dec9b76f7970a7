/** Keeping an order's plan in step with its recorded output: planned jobs it no longer needs are dropped or shrunk. */
import { and, asc, eq, inArray } from 'drizzle-orm'
import type { DbOrTx } from '~db/client.server'
import { orders, printJobs } from '~db/schema'
import { deriveOrderProgress } from '~/domain/orders'
import { reduceFuturePlannedJobs } from '~/domain/scheduling'
import { bump } from './job-guard.server'
import { outputByOrder } from './job-queries.server'

/**
 * Locks the order's row for the rest of the transaction and reads its target and stock. Every change to an order's
 * recorded output (finish, correction) and every decision taken from that output (plan reduction, surplus, a draw) runs
 * under this lock: the second of two concurrent finishes of one order waits here, and its reads after the wait see what
 * the first committed (READ COMMITTED reads a fresh snapshot per statement). Locking again in the same transaction is a
 * no-op.
 */
export async function lockOrderProgress(tx: DbOrTx, orderId: string) {
  const [o] = await tx
    .select({ productId: orders.productId, target: orders.targetQuantity, stock: orders.stockOnHand })
    .from(orders)
    .where(eq(orders.id, orderId))
    .for('update')
  return o
}

const planned = (orderId: string) => and(eq(printJobs.orderId, orderId), eq(printJobs.status, 'planned'), eq(printJobs.locked, false))

/**
 * Drops or shrinks the order's unlocked planned jobs (latest first) that its recorded output has made unnecessary.
 *
 * Lock order: the order row (`lockOrderProgress`), then the candidate jobs by id. The candidates are read, then locked
 * and read again with the same condition: a job moved, locked, started or cancelled meanwhile (its transaction committed
 * while this one waited for the row) no longer matches, is left alone and comes back in `skippedIds`. The decision is
 * taken from the rows as locked, and the writes repeat the condition, so a locked job is never removed or shrunk.
 */
export async function reduceOrderPlan(tx: DbOrTx, orderId: string) {
  const o = await lockOrderProgress(tx, orderId)
  const none = { removedIds: [] as string[], shrunk: [] as Array<{ id: string; newUnits: number }>, skippedIds: [] as string[] }
  const seen = (await tx.select({ id: printJobs.id }).from(printJobs).where(planned(orderId))).map((r) => r.id)
  if (!seen.length) return none
  const held = await tx
    .select({ id: printJobs.id, start: printJobs.startsAt, end: printJobs.endsAt, units: printJobs.units, printerId: printJobs.printerId })
    .from(printJobs)
    .where(and(inArray(printJobs.id, seen), planned(orderId)))
    .orderBy(asc(printJobs.id))
    .for('update')
  const heldIds = new Set(held.map((j) => j.id))
  const skippedIds = seen.filter((id) => !heldIds.has(id))
  // Output and live units read after the locks: what every finish of this order committed before is included.
  const produced = (await outputByOrder(tx, [orderId])).get(orderId)?.producedGood ?? 0
  const { remaining } = deriveOrderProgress({ targetQuantity: o.target, stockOnHand: o.stock, producedGood: produced })
  const live = await tx
    .select({ units: printJobs.units })
    .from(printJobs)
    .where(and(eq(printJobs.orderId, orderId), inArray(printJobs.status, ['planned', 'printing'])))
  const notNeeded = live.reduce((s, j) => s + j.units, 0) - remaining
  if (notNeeded <= 0) return { ...none, skippedIds }
  const r = reduceFuturePlannedJobs(
    held.map((j) => ({ id: j.id, orderId, printerId: j.printerId, start: j.start, end: j.end, units: j.units })),
    notNeeded,
  )
  const removedIds = r.removedIds.length
    ? (await tx.delete(printJobs).where(and(inArray(printJobs.id, r.removedIds), planned(orderId))).returning({ id: printJobs.id })).map((j) => j.id)
    : []
  const shrunk: Array<{ id: string; newUnits: number }> = []
  for (const s of r.shrunk) {
    const done = await tx
      .update(printJobs)
      .set({ units: s.newUnits, ...bump() })
      .where(and(eq(printJobs.id, s.id), planned(orderId)))
      .returning({ id: printJobs.id })
    if (done.length) shrunk.push(s)
  }
  return { removedIds, shrunk, skippedIds }
}
