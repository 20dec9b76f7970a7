import { daysBetween, isLocalDate, type LocalDateString } from './local-date'

/**
 * Order form rules as pure functions returning codes (the UI translates them).
 *
 * Inputs may be raw form strings or numbers. Integers are written as plain decimal digits: "12", " 12 " are fine;
 * "12.0", "1e3", "1,000", "+3", "0x10" are `not_an_integer`.
 */

/** Largest accepted quantity / stock: PostgreSQL `integer` maximum. */
export const MAX_ORDER_QUANTITY = 2_147_483_647

/** Error codes of the target quantity field. */
export type QuantityErrorCode = 'required' | 'not_an_integer' | 'must_be_positive' | 'too_large'
/** Error codes of the stock-on-hand field (empty means 0). */
export type StockErrorCode = 'not_an_integer' | 'negative' | 'too_large'
/** Error codes of the due-date field (empty means no due date). */
export type DueDateErrorCode = 'invalid_date'

/** Blocking errors, per field. */
export interface OrderFormErrors {
  targetQuantity?: QuantityErrorCode
  stockOnHand?: StockErrorCode
  dueDate?: DueDateErrorCode
}

/**
 * Non-blocking notices:
 * - `completes_immediately` (info): stock (plus already produced units, when editing) covers the target, so the
 *   order will be completed as soon as it is saved; `surplus` is the excess (0 when exactly covered);
 * - `due_in_past` (warning): the due date is before today; `daysPast` ≥ 1.
 */
export type OrderFormNotice =
  | { field: 'stockOnHand'; level: 'info'; code: 'completes_immediately'; surplus: number }
  | { field: 'dueDate'; level: 'warning'; code: 'due_in_past'; daysPast: number }

/** Raw form input. */
export interface OrderFormInput {
  targetQuantity: string | number | null | undefined
  /** Empty / missing means 0. */
  stockOnHand?: string | number | null
  /** `'YYYY-MM-DD'`; empty / missing means no due date. */
  dueDate?: string | null
  /** Shop-local today `'YYYY-MM-DD'` (for the past-due warning). */
  today: LocalDateString
  /** When editing an existing order: good units already produced (default 0). */
  producedGood?: number
}

/** Parsed values, present only when there is no blocking error. */
export interface OrderFormValues {
  targetQuantity: number
  stockOnHand: number
  dueDate: LocalDateString | null
}

/** Result of `validateOrderForm`. */
export type OrderFormResult =
  | { ok: true; values: OrderFormValues; errors: OrderFormErrors; notices: OrderFormNotice[] }
  | { ok: false; values: null; errors: OrderFormErrors; notices: OrderFormNotice[] }

type IntParse = { kind: 'empty' } | { kind: 'invalid' } | { kind: 'int'; value: number }

/** Strict integer parsing of a form value (see module comment). */
function parseFormInteger(raw: string | number | null | undefined): IntParse {
  if (raw === null || raw === undefined) return { kind: 'empty' }
  if (typeof raw === 'number') {
    return Number.isInteger(raw) ? { kind: 'int', value: raw } : { kind: 'invalid' }
  }
  const text = raw.trim()
  if (text === '') return { kind: 'empty' }
  if (!/^-?\d+$/.test(text)) return { kind: 'invalid' }
  const value = Number(text)
  return { kind: 'int', value: Object.is(value, -0) ? 0 : value }
}

/** Target quantity: a positive integer ≤ `MAX_ORDER_QUANTITY`. Returns the error code or the value. */
export function checkTargetQuantity(
  raw: string | number | null | undefined,
): { ok: true; value: number } | { ok: false; code: QuantityErrorCode } {
  const p = parseFormInteger(raw)
  if (p.kind === 'empty') return { ok: false, code: 'required' }
  if (p.kind === 'invalid') return { ok: false, code: 'not_an_integer' }
  if (p.value <= 0) return { ok: false, code: 'must_be_positive' }
  if (p.value > MAX_ORDER_QUANTITY) return { ok: false, code: 'too_large' }
  return { ok: true, value: p.value }
}

/** Stock on hand: an integer ≥ 0 (empty = 0) ≤ `MAX_ORDER_QUANTITY`. */
export function checkStockOnHand(
  raw: string | number | null | undefined,
): { ok: true; value: number } | { ok: false; code: StockErrorCode } {
  const p = parseFormInteger(raw)
  if (p.kind === 'empty') return { ok: true, value: 0 }
  if (p.kind === 'invalid') return { ok: false, code: 'not_an_integer' }
  if (p.value < 0) return { ok: false, code: 'negative' }
  if (p.value > MAX_ORDER_QUANTITY) return { ok: false, code: 'too_large' }
  return { ok: true, value: p.value }
}

/** Due date: empty (none) or a real calendar date `'YYYY-MM-DD'`. */
export function checkDueDate(
  raw: string | null | undefined,
): { ok: true; value: LocalDateString | null } | { ok: false; code: DueDateErrorCode } {
  const text = (raw ?? '').trim()
  if (text === '') return { ok: true, value: null }
  if (!isLocalDate(text)) return { ok: false, code: 'invalid_date' }
  return { ok: true, value: text }
}

/**
 * Validates the whole order form. Errors block saving; notices never do.
 * `completes_immediately` is raised when stock + produced ≥ target — including the exact-equality case, because
 * the order is completed on save then too (the status rule is "remaining = 0").
 */
export function validateOrderForm(input: OrderFormInput): OrderFormResult {
  const errors: OrderFormErrors = {}
  const notices: OrderFormNotice[] = []

  const target = checkTargetQuantity(input.targetQuantity)
  if (!target.ok) errors.targetQuantity = target.code
  const stock = checkStockOnHand(input.stockOnHand)
  if (!stock.ok) errors.stockOnHand = stock.code
  const due = checkDueDate(input.dueDate)
  if (!due.ok) errors.dueDate = due.code

  if (target.ok && stock.ok) {
    const produced = input.producedGood ?? 0
    if (!Number.isSafeInteger(produced) || produced < 0) throw new RangeError('producedGood must be a non-negative integer')
    const covered = stock.value + produced
    if (covered >= target.value) {
      notices.push({ field: 'stockOnHand', level: 'info', code: 'completes_immediately', surplus: covered - target.value })
    }
  }
  if (due.ok && due.value !== null) {
    const daysPast = daysBetween(due.value, input.today)
    if (daysPast > 0) notices.push({ field: 'dueDate', level: 'warning', code: 'due_in_past', daysPast })
  }

  if (target.ok && stock.ok && due.ok) {
    return {
      ok: true,
      values: { targetQuantity: target.value, stockOnHand: stock.value, dueDate: due.value },
      errors,
      notices,
    }
  }
  return { ok: false, values: null, errors, notices }
}
