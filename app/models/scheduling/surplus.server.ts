/** Product surplus: over-production booked in a ledger per product, and drawn by other open orders as stock on hand. */
import { and, eq, sql } from 'drizzle-orm'
import { db, type DbOrTx } from '~db/client.server'
import { orders, productStockMoves, products } from '~db/schema'
import { deriveOrderProgress } from '~/domain/orders'
import { overproducedUnits } from '~/domain/scheduling/output'
import { audit, type Actor } from '~/utils/audit.server'
import { retryLostRace } from '~/utils/db-errors.server'
import { isUuid } from '~/utils/ids'
import { outputByOrder } from './job-queries.server'
import { lockOrderProgress, reduceOrderPlan } from './order-plan.server'

/**
 * Keeps an order's product-surplus ledger in step with its recorded output (idempotent; corrections move it back). Under
 * the order's row lock, so two finishes of one order at once book what both produced, not what each saw alone.
 */
export async function syncOrderSurplus(tx: DbOrTx, actor: Actor, orderId: string, jobId: string | null) {
  const o = await lockOrderProgress(tx, orderId)
  const produced = (await outputByOrder(tx, [orderId])).get(orderId)?.producedGood ?? 0
  const excess = overproducedUnits({ targetQuantity: o.target, stockOnHand: o.stock, producedGood: produced })
  const [{ booked }] = await tx
    .select({ booked: sql<string>`coalesce(sum(${productStockMoves.units}), 0)` })
    .from(productStockMoves)
    .where(and(eq(productStockMoves.orderId, orderId), eq(productStockMoves.kind, 'overproduction')))
  const delta = excess - Number(booked)
  if (delta !== 0) {
    await tx.insert(productStockMoves).values({ productId: o.productId, units: delta, kind: 'overproduction', orderId, jobId, userId: actor.id, username: actor.username })
  }
  return { surplusDelta: delta, excess }
}

/** Units of a product in the surplus ledger (over-production not yet drawn by another order). */
export async function productSurplus(productId: string, tx: DbOrTx = db): Promise<number> {
  if (!isUuid(productId)) return 0
  const [{ balance }] = await tx
    .select({ balance: sql<string>`coalesce(sum(${productStockMoves.units}), 0)` })
    .from(productStockMoves)
    .where(eq(productStockMoves.productId, productId))
  return Number(balance)
}

export type DrawResult = { ok: true; units: number } | { ok: false; reason: 'not_found' | 'conflict' | 'nothing_to_draw' }

/**
 * An open order takes units from its product's surplus as stock on hand (up to what it still needs). One transaction
 * with a ledger row and an audit row; the order's version guards against a concurrent edit. Its planned jobs shrink.
 */
export async function drawSurplus(actor: Actor, orderId: string, version: number): Promise<DrawResult> {
  if (!isUuid(orderId)) return { ok: false, reason: 'not_found' }
  // Lock order: the order row, the product row, then the order's planned jobs (reduceOrderPlan); a deadlock with another
  // order's work is run again.
  return retryLostRace(() => db.transaction(async (tx) => {
    const [o] = await tx.select().from(orders).where(eq(orders.id, orderId)).for('update')
    if (!o) return { ok: false as const, reason: 'not_found' as const }
    if (o.version !== version) return { ok: false as const, reason: 'conflict' as const }
    // Serialise draws of one product: lock the product row.
    await tx.select({ id: products.id }).from(products).where(eq(products.id, o.productId)).for('update')
    const balance = await productSurplus(o.productId, tx)
    const produced = (await outputByOrder(tx, [orderId])).get(orderId)?.producedGood ?? 0
    const { remaining } = deriveOrderProgress({ targetQuantity: o.targetQuantity, stockOnHand: o.stockOnHand, producedGood: produced })
    const units = o.cancelledAt ? 0 : Math.min(balance, remaining)
    if (units <= 0) return { ok: false as const, reason: 'nothing_to_draw' as const }
    await tx.insert(productStockMoves).values({ productId: o.productId, units: -units, kind: 'draw', orderId, userId: actor.id, username: actor.username })
    await tx
      .update(orders)
      .set({ stockOnHand: o.stockOnHand + units, updatedAt: sql`now()`, version: sql`${orders.version} + 1` })
      .where(eq(orders.id, orderId))
    const reduced = await reduceOrderPlan(tx, orderId)
    await audit(tx, actor, {
      action: 'order.draw_surplus',
      entityType: 'order',
      entityId: orderId,
      before: { stockOnHand: o.stockOnHand, surplusBalance: balance },
      after: { stockOnHand: o.stockOnHand + units, drawn: units, removedJobIds: reduced.removedIds },
    })
    return { ok: true as const, units }
  }))
}
