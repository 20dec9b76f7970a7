/**
 * Order progress and status, derived from quantities (never stored twice).
 *
 * Quantities are whole units:
 * - `targetQuantity`: how many good units the order asks for (a positive integer once validated);
 * - `stockOnHand` (기확보 재고): units already available before production, counted towards the target;
 * - `producedGood`: good units from recorded actual output (sum over the order's jobs, after corrections).
 *
 * Derived values:
 * - `remaining = max(0, target − stock − produced)`
 * - `covered   = stock + produced`
 * - `progressPercent = min(100, floor(covered × 100 / target))` — rounded DOWN so that 100 % is only ever shown
 *   when the order is really covered (99.9 % reads 99). Computed with integer arithmetic, no float error.
 * - `surplus = max(0, covered − target)` (over-production, or stock larger than the target)
 */

/** Status of an order as shown in lists. `cancelled` is set by hand; the others are derived. */
export type OrderStatus = 'planned' | 'in_progress' | 'completed' | 'cancelled'

/** Quantities needed to derive an order's progress. */
export interface OrderQuantities {
  targetQuantity: number
  stockOnHand: number
  producedGood: number
}

/** Inputs of `deriveOrderStatus` / `deriveOrder`. */
export interface OrderStatusInput extends OrderQuantities {
  /** Cancelled by hand: overrides every derived status. */
  cancelled: boolean
  /** True when at least one job of this order has started (even if no output is recorded yet). */
  hasStartedJobs: boolean
}

/** Derived numbers of an order. */
export interface OrderProgress {
  /** Units still to produce: `max(0, target − stock − produced)`. */
  remaining: number
  /** `stock + produced`. */
  covered: number
  /** Integer 0–100, rounded down (see module comment). */
  progressPercent: number
  /** Units beyond the target: `max(0, stock + produced − target)`. */
  surplus: number
}

/** Progress plus status. */
export interface DerivedOrder extends OrderProgress {
  status: OrderStatus
  /** True when the target is covered by stock alone (the order completes without any production). */
  coveredByStock: boolean
}

function requireCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer`)
}

function checkQuantities(q: OrderQuantities): void {
  requireCount('targetQuantity', q.targetQuantity)
  requireCount('stockOnHand', q.stockOnHand)
  requireCount('producedGood', q.producedGood)
}

/**
 * Remaining / progress / surplus of an order.
 *
 * All three quantities must be non-negative safe integers (a `RangeError` otherwise: that is a programming error,
 * forms are checked by `validateOrderForm`). A target of 0 (not allowed by the form, but tolerated here) counts as
 * fully covered: remaining 0, progress 100 %.
 */
export function deriveOrderProgress(q: OrderQuantities): OrderProgress {
  checkQuantities(q)
  const covered = q.stockOnHand + q.producedGood
  const remaining = Math.max(0, q.targetQuantity - covered)
  const surplus = Math.max(0, covered - q.targetQuantity)
  const progressPercent =
    q.targetQuantity === 0 ? 100 : Math.min(100, Math.floor((covered * 100) / q.targetQuantity))
  return { remaining, covered, progressPercent, surplus }
}

/**
 * Status rules, first match wins:
 * 1. `cancelled` flag → 'cancelled' (manual, overrides everything);
 * 2. remaining = 0 → 'completed' (also right away when stock ≥ target, with nothing produced);
 * 3. produced > 0 or a job has started → 'in_progress';
 * 4. otherwise → 'planned'.
 *
 * Because the status is recomputed from the current numbers, a correction that lowers recorded output moves a
 * completed order back to 'in_progress' (or to 'planned' if nothing is produced and no job has started any more).
 */
export function deriveOrderStatus(input: OrderStatusInput): OrderStatus {
  return deriveOrder(input).status
}

/** Progress and status in one call. */
export function deriveOrder(input: OrderStatusInput): DerivedOrder {
  const progress = deriveOrderProgress(input)
  const coveredByStock = input.stockOnHand >= input.targetQuantity
  let status: OrderStatus
  if (input.cancelled) status = 'cancelled'
  else if (progress.remaining === 0) status = 'completed'
  else if (input.producedGood > 0 || input.hasStartedJobs) status = 'in_progress'
  else status = 'planned'
  return { ...progress, status, coveredByStock }
}
