/**
 * Shop-local calendar dates written `'YYYY-MM-DD'` (no zone involved: the caller has already turned "now" into the shop's
 * local date). Thin wrappers over the shared time/zoned helpers with the orders module's error contract.
 */
import { diffDays, isValidLocalDate, type LocalDate } from '../time/zoned'

/** A shop-local calendar date, `'YYYY-MM-DD'`. */
export type LocalDateString = LocalDate

/** True for a real calendar date written `'YYYY-MM-DD'`. */
export function isLocalDate(date: string): boolean {
  return isValidLocalDate(date)
}

/** Whole days from `from` to `to` (negative when `to` is earlier). Throws `RangeError` on an invalid date. */
export function daysBetween(from: LocalDateString, to: LocalDateString): number {
  if (!isValidLocalDate(from)) throw new RangeError(`invalid local date: ${from}`)
  if (!isValidLocalDate(to)) throw new RangeError(`invalid local date: ${to}`)
  return diffDays(from, to)
}
