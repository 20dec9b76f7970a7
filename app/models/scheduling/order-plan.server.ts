/** Keeping an order's plan in step with its recorded output: planned jobs it no longer needs are dropped or shrunk. */
import { and, eq, inArray } from 'drizzle-orm'
import type { DbOrTx } from '~db/client.server'
import { orders, printJobs } from '~db/schema'
import { deriveOrderProgress } from '~/domain/orders'
import { reduceFuturePlannedJobs } from '~/domain/scheduling'
import { bump } from './job-guard.server'
import { outputByOrder } from './job-queries.server'

/** Drops or shrinks the order's unlocked planned jobs (latest first) that its recorded output has made unnecessary. */
export async function reduceOrderPlan(tx: DbOrTx, orderId: string) {
  const [o] = await tx.select({ target: orders.targetQuantity, stock: orders.stockOnHand }).from(orders).where(eq(orders.id, orderId))
  const produced = (await outputByOrder(tx, [orderId])).get(orderId)?.producedGood ?? 0
  const { remaining } = deriveOrderProgress({ targetQuantity: o.target, stockOnHand: o.stock, producedGood: produced })
  const live = await tx
    .select({ id: printJobs.id, status: printJobs.status, locked: printJobs.locked, start: printJobs.startsAt, end: printJobs.endsAt, units: printJobs.units, printerId: printJobs.printerId })
    .from(printJobs)
    .where(and(eq(printJobs.orderId, orderId), inArray(printJobs.status, ['planned', 'printing'])))
  const liveUnits = live.reduce((s, j) => s + j.units, 0)
  const notNeeded = liveUnits - remaining
  if (notNeeded <= 0) return { removedIds: [] as string[], shrunk: [] as Array<{ id: string; newUnits: number }> }
  const reducible = live
    .filter((j) => j.status === 'planned' && !j.locked)
    .map((j) => ({ id: j.id, orderId, printerId: j.printerId, start: j.start, end: j.end, units: j.units }))
  const r = reduceFuturePlannedJobs(reducible, notNeeded)
  if (r.removedIds.length) await tx.delete(printJobs).where(inArray(printJobs.id, r.removedIds))
  for (const s of r.shrunk) await tx.update(printJobs).set({ units: s.newUnits, ...bump() }).where(eq(printJobs.id, s.id))
  return { removedIds: r.removedIds, shrunk: r.shrunk }
}
