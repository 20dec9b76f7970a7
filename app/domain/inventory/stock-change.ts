/**
 * Pure rules for changing a spool's remaining filament. Every mass is integer milligrams. Nothing is written here: each
 * rule returns the new remaining mass and status (or an error code) and the caller persists it.
 *
 * Rules (documented for the UI/docs):
 * - Weigh-in: remaining = gross − tare. Gross below tare is `gross_below_tare` (the scale reading or the tare is wrong).
 * - Deduction: takes an amount from one spool; more than remains is `insufficient` (with the shortfall) — never below 0.
 * - Correction: sets the remaining mass directly (stock count).
 * - Status after a change: remaining 0 → `empty`; remaining > 0 → `active` (a weigh-in or correction that finds
 *   filament on an `empty` spool reactivates it). A zero deduction changes nothing.
 * - `archived` spools are read-only: every change is `spool_archived` (un-archive first). Deductions from an `empty`
 *   spool are `spool_empty`.
 * - A weigh-in or correction above the spool's initial net mass succeeds with the warning `above_initial_net`.
 * - FIFO consumption takes an amount across the active spools of one material + colour (pooled across brands, see
 *   keys.ts), oldest received first, then batch label, then id; or from one chosen spool. If the spools together hold
 *   less than asked, nothing is taken and the error carries the available mass and the shortfall: the caller decides
 *   (e.g. take what there is with an explicit smaller amount, or record the shortage).
 * - Amounts given by the user must be non-negative safe integers (`invalid_amount` otherwise). Spool data itself is
 *   trusted: a spool with a negative or non-integer remaining mass is a bug and throws `RangeError`.
 */

import {
  materialColourKey,
  sortFifo,
  type InventoryId,
  type ReceivedAt,
  type SpoolStatus,
} from './keys'

/** The stock-relevant state of one spool. */
export interface SpoolStock {
  id: InventoryId
  remainingMg: number
  status: SpoolStatus
  /** Net filament when received; only used for the `above_initial_net` warning. */
  initialNetMg?: number | null
}

/** A spool that can be weighed: its empty-spool (tare) mass is known. */
export interface WeighableSpool extends SpoolStock {
  tareMg: number
}

/** A spool taking part in FIFO consumption. */
export interface ConsumableSpool extends SpoolStock {
  material: string
  colour: string
  batch?: string | null
  receivedAt?: ReceivedAt
}

/** Non-blocking remarks on a successful change. */
export type StockWarning = 'above_initial_net'

/** The outcome of a change on one spool. */
export interface SpoolChange {
  spoolId: InventoryId
  previousMg: number
  remainingMg: number
  /** remainingMg − previousMg (negative for a deduction). */
  deltaMg: number
  previousStatus: SpoolStatus
  status: SpoolStatus
  warnings: StockWarning[]
}

/** Why a change was refused. */
export type StockChangeErrorCode =
  | 'invalid_amount'
  | 'spool_archived'
  | 'spool_empty'
  | 'spool_not_found'
  | 'gross_below_tare'
  | 'insufficient'

/** A refused change, with the numbers the UI needs to explain it. */
export type StockChangeError =
  | { ok: false; code: 'invalid_amount' | 'spool_archived' | 'spool_empty' | 'spool_not_found' }
  | { ok: false; code: 'gross_below_tare'; grossMg: number; tareMg: number; differenceMg: number }
  | { ok: false; code: 'insufficient'; requestedMg: number; availableMg: number; shortfallMg: number }

/** Result of a change on one spool. */
export type StockChangeResult = { ok: true; change: SpoolChange } | StockChangeError

/** Which spools a consumption draws from. */
export type ConsumeRequest =
  | { amountMg: number; material: string; colour: string }
  | { amountMg: number; spoolId: InventoryId }

/** Result of a consumption: one change per spool actually drawn from, in the order they were used. */
export type ConsumeResult = { ok: true; consumedMg: number; deductions: SpoolChange[] } | StockChangeError

function isValidAmount(mg: number): boolean {
  return Number.isSafeInteger(mg) && mg >= 0
}

function requireValidSpool(spool: SpoolStock): void {
  if (!isValidAmount(spool.remainingMg)) {
    throw new RangeError(`spool ${String(spool.id)} has an invalid remaining mass: ${spool.remainingMg}`)
  }
}

/** Builds the change record for a spool moving to `remainingMg` (`measured`: a weigh-in or correction, not a deduction). */
function changeTo(spool: SpoolStock, remainingMg: number, measured: boolean): SpoolChange {
  const warnings: StockWarning[] = []
  if (measured && spool.initialNetMg != null && remainingMg > spool.initialNetMg) warnings.push('above_initial_net')
  return {
    spoolId: spool.id,
    previousMg: spool.remainingMg,
    remainingMg,
    deltaMg: remainingMg - spool.remainingMg,
    previousStatus: spool.status,
    status: remainingMg === 0 ? 'empty' : 'active',
    warnings,
  }
}

function unchanged(spool: SpoolStock): SpoolChange {
  return {
    spoolId: spool.id,
    previousMg: spool.remainingMg,
    remainingMg: spool.remainingMg,
    deltaMg: 0,
    previousStatus: spool.status,
    status: spool.status,
    warnings: [],
  }
}

/** Weigh-in: the spool on the scale weighs `grossMg`; remaining becomes gross − tare. */
export function weighIn(spool: WeighableSpool, grossMg: number): StockChangeResult {
  requireValidSpool(spool)
  if (!isValidAmount(spool.tareMg)) throw new RangeError(`spool ${String(spool.id)} has an invalid tare: ${spool.tareMg}`)
  if (spool.status === 'archived') return { ok: false, code: 'spool_archived' }
  if (!isValidAmount(grossMg)) return { ok: false, code: 'invalid_amount' }
  if (grossMg < spool.tareMg) {
    return { ok: false, code: 'gross_below_tare', grossMg, tareMg: spool.tareMg, differenceMg: spool.tareMg - grossMg }
  }
  return { ok: true, change: changeTo(spool, grossMg - spool.tareMg, true) }
}

/** Deduction: takes `amountMg` from the spool; never below zero. */
export function deduct(spool: SpoolStock, amountMg: number): StockChangeResult {
  requireValidSpool(spool)
  if (spool.status === 'archived') return { ok: false, code: 'spool_archived' }
  if (!isValidAmount(amountMg)) return { ok: false, code: 'invalid_amount' }
  if (amountMg === 0) return { ok: true, change: unchanged(spool) }
  if (spool.status === 'empty') return { ok: false, code: 'spool_empty' }
  if (amountMg > spool.remainingMg) {
    return {
      ok: false,
      code: 'insufficient',
      requestedMg: amountMg,
      availableMg: spool.remainingMg,
      shortfallMg: amountMg - spool.remainingMg,
    }
  }
  return { ok: true, change: changeTo(spool, spool.remainingMg - amountMg, false) }
}

/** Correction (stock count): the spool's remaining mass is set to `remainingMg`. */
export function correct(spool: SpoolStock, remainingMg: number): StockChangeResult {
  requireValidSpool(spool)
  if (spool.status === 'archived') return { ok: false, code: 'spool_archived' }
  if (!isValidAmount(remainingMg)) return { ok: false, code: 'invalid_amount' }
  return { ok: true, change: changeTo(spool, remainingMg, true) }
}

/**
 * Consumes `amountMg` either from one chosen spool (`spoolId`) or FIFO across the active spools of a material + colour.
 * All-or-nothing: when the spools hold too little, nothing is taken and `insufficient` reports the shortfall.
 */
export function consumeFifo(spools: readonly ConsumableSpool[], request: ConsumeRequest): ConsumeResult {
  if ('spoolId' in request) {
    const spool = spools.find((s) => s.id === request.spoolId)
    if (!spool) return { ok: false, code: 'spool_not_found' }
    const result = deduct(spool, request.amountMg)
    if (!result.ok) return result
    const used = result.change.deltaMg !== 0
    return { ok: true, consumedMg: request.amountMg, deductions: used ? [result.change] : [] }
  }

  const { amountMg } = request
  if (!isValidAmount(amountMg)) return { ok: false, code: 'invalid_amount' }
  const key = materialColourKey(request.material, request.colour)
  const pool = spools.filter((s) => {
    if (s.status !== 'active' || materialColourKey(s.material, s.colour) !== key) return false
    requireValidSpool(s)
    return s.remainingMg > 0
  })
  const availableMg = pool.reduce((sum, s) => sum + s.remainingMg, 0)
  if (amountMg > availableMg) {
    return { ok: false, code: 'insufficient', requestedMg: amountMg, availableMg, shortfallMg: amountMg - availableMg }
  }

  const deductions: SpoolChange[] = []
  let left = amountMg
  for (const spool of sortFifo(pool)) {
    if (left === 0) break
    const take = Math.min(left, spool.remainingMg)
    deductions.push(changeTo(spool, spool.remainingMg - take, false))
    left -= take
  }
  return { ok: true, consumedMg: amountMg, deductions }
}
