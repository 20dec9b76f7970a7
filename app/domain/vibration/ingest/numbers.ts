/**
 * Strict number parsing for CSV cells.
 *
 * Accepted: optional surrounding whitespace, optional sign, decimal digits with an optional '.' fraction, optional
 * exponent: "1.5", "-2e-3", " 3 ", ".5", "5.", "+1E6".
 * Rejected as `not_a_number`: "", "abc", "1,5" (decimal comma), "0x10" (hex), "1_000", "1.2.3", "--1".
 * Rejected as `not_finite`: NaN / Infinity / -Infinity / inf spellings (case-insensitive), and numerals that overflow
 * a double ("1e400").
 */

/** Why a cell is not a usable number. */
export type NumberProblemCode = 'not_a_number' | 'not_finite'

/** Result of `parseStrictNumber`. */
export type StrictNumberResult = { ok: true; value: number } | { ok: false; code: NumberProblemCode }

const DECIMAL_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/
const NON_FINITE_RE = /^[+-]?(?:nan|inf|infinity)$/i

/** Trims whitespace including a byte-order mark (U+FEFF). */
export function trimCell(text: string): string {
  return text.replace(/^[\s\uFEFF]+|[\s\uFEFF]+$/g, '')
}

/** Parses one cell strictly (see module comment). */
export function parseStrictNumber(text: string): StrictNumberResult {
  const t = trimCell(text)
  if (NON_FINITE_RE.test(t)) return { ok: false, code: 'not_finite' }
  if (!DECIMAL_RE.test(t)) return { ok: false, code: 'not_a_number' }
  const value = Number(t)
  if (!Number.isFinite(value)) return { ok: false, code: 'not_finite' }
  return { ok: true, value: Object.is(value, -0) ? 0 : value }
}

/** True when the cell is a strict finite number. */
export function isStrictNumber(text: string): boolean {
  return parseStrictNumber(text).ok
}
