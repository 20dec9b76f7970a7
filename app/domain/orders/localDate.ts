/**
 * Minimal calendar helpers for shop-local dates written `'YYYY-MM-DD'` (no zone involved: the caller has already
 * turned "now" into the shop's local date).
 */

/** A shop-local calendar date, `'YYYY-MM-DD'`. */
export type LocalDateString = string

const LOCAL_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/
const MS_PER_DAY = 86_400_000

/** Day number (days since 1970-01-01) of a real calendar date, or null when the text is not one. */
export function localDayNumber(date: string): number | null {
  const m = LOCAL_DATE_RE.exec(date)
  if (!m) return null
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  if (month < 1 || month > 12 || day < 1 || day > 31) return null
  // setUTCFullYear (unlike Date.UTC) keeps years 0–99 literal; the round trip rejects dates such as 02-30.
  const d = new Date(0)
  d.setUTCFullYear(year, month - 1, day)
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null
  return Math.round(d.getTime() / MS_PER_DAY)
}

/** True for a real calendar date written `'YYYY-MM-DD'`. */
export function isLocalDate(date: string): boolean {
  return localDayNumber(date) !== null
}

/** Whole days from `from` to `to` (negative when `to` is earlier). Throws `RangeError` on an invalid date. */
export function daysBetween(from: LocalDateString, to: LocalDateString): number {
  const a = localDayNumber(from)
  const b = localDayNumber(to)
  if (a === null) throw new RangeError(`invalid local date: ${from}`)
  if (b === null) throw new RangeError(`invalid local date: ${to}`)
  return b - a
}
