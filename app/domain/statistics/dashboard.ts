/**
 * The dashboard's derived figures (pure; "now" is always an argument).
 *
 * Rules (documented for the UI/docs, docs/decisions/008-statistics.md):
 * - Open orders = not cancelled and not yet covered (stock on hand + good units recorded < target), exactly the orders
 *   module's `planned` and `in_progress`. Overall progress = Σ (stock + produced) ÷ Σ target over them, rounded down
 *   like an order's own progress, so 100 % never shows while something is still open.
 * - "Late or due soon" uses the orders module's due badge: late when the due date is before today, due soon when it is
 *   today or within the next 3 days.
 * - A printer is `printing` while one of its jobs is (whatever its status); otherwise `maintenance` when its status says
 *   so or a maintenance window covers now; otherwise `idle` (retired printers are not listed).
 * - % elapsed of a printing job = (now − actual start) ÷ (expected end − actual start), whole percent, 0–100 (a print
 *   running past its expected end shows 100 and is flagged overdue).
 */

import { dueDateBadge, type DueBadgeResult } from '../orders/due-badge'
import type { PrinterStatus } from '../printers/calendar'
import type { LocalDate } from '../time/zoned'

/** Σ covered ÷ Σ target, whole percent rounded down (0–100); null with no open orders. */
export function overallProgressPct(targetUnits: number, coveredUnits: number): number | null {
  if (targetUnits <= 0) return null
  return Math.max(0, Math.min(100, Math.floor((coveredUnits * 100) / targetUnits)))
}

export interface OpenOrderDue {
  dueDate: LocalDate | null
}

/** The due badge of an open order (open orders are never completed/cancelled, so the badge only depends on dates). */
export function openOrderBadge(order: OpenOrderDue, today: LocalDate, dueSoonDays = 3): DueBadgeResult {
  return dueDateBadge({ dueDate: order.dueDate, today, status: 'in_progress', dueSoonDays })
}

/** Whole percent of [start, end) elapsed at `now`, clamped to 0–100. */
export function elapsedPct(start: Date, end: Date, now: Date): number {
  const span = end.getTime() - start.getTime()
  if (span <= 0) return now.getTime() >= end.getTime() ? 100 : 0
  return Math.max(0, Math.min(100, Math.floor(((now.getTime() - start.getTime()) * 100) / span)))
}

export type PrinterNowState = 'printing' | 'maintenance' | 'idle'

export function printerNowState(p: { status: PrinterStatus; printing: boolean; inMaintenanceWindow: boolean }): PrinterNowState {
  if (p.printing) return 'printing'
  if (p.status === 'maintenance' || p.inMaintenanceWindow) return 'maintenance'
  return 'idle'
}
