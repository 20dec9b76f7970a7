import { daysBetween, type LocalDateString } from './local-date'
import type { OrderStatus } from './progress'

/** Badge next to an order's due date. */
export type DueBadge = 'late' | 'due_soon'

/** Default look-ahead for the 'due_soon' badge, in days. */
const DEFAULT_DUE_SOON_DAYS = 3

/** Inputs of `dueDateBadge`. */
export interface DueBadgeInput {
  /** Shop-local due date `'YYYY-MM-DD'`, or null when the order has none. */
  dueDate: LocalDateString | null
  /** Shop-local "today" `'YYYY-MM-DD'` (the caller derives it from the clock and the shop's time zone). */
  today: LocalDateString
  status: OrderStatus
  /** Look-ahead window in whole days (default 3). */
  dueSoonDays?: number
}

/** Badge plus the signed day count the UI can show ("D-2", "3 days late"). */
export interface DueBadgeResult {
  badge: DueBadge | null
  /** `dueDate − today` in days (negative when late); null without a due date. */
  daysUntilDue: number | null
}

/**
 * Due-date badge:
 * - no badge for orders without a due date, and for completed or cancelled orders (nothing left to chase);
 * - 'late' when the due date is before today;
 * - 'due_soon' when the due date is today or within the next `dueSoonDays` days (inclusive: with the default 3,
 *   an order due in exactly 3 days is 'due_soon', one due in 4 days has no badge);
 * - otherwise none.
 * Invalid dates throw `RangeError` (they are validated at the form boundary).
 */
export function dueDateBadge(input: DueBadgeInput): DueBadgeResult {
  const window = input.dueSoonDays ?? DEFAULT_DUE_SOON_DAYS
  if (!Number.isInteger(window) || window < 0) throw new RangeError('dueSoonDays must be a non-negative integer')
  if (input.dueDate === null) return { badge: null, daysUntilDue: null }
  const daysUntilDue = daysBetween(input.today, input.dueDate)
  if (input.status === 'completed' || input.status === 'cancelled') return { badge: null, daysUntilDue }
  if (daysUntilDue < 0) return { badge: 'late', daysUntilDue }
  if (daysUntilDue <= window) return { badge: 'due_soon', daysUntilDue }
  return { badge: null, daysUntilDue }
}
