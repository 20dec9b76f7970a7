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

// Hot path (millions of cells per upload): a cell whose first and last characters are printable ASCII other than space
// has nothing to trim, so the trimming regex is skipped. Anything else takes the exact slow path.
const isPlainAscii = (code: number) => code > 0x20 && code < 0x7f

function trimmedCell(text: string): string {
  const n = text.length
  return n > 0 && isPlainAscii(text.charCodeAt(0)) && isPlainAscii(text.charCodeAt(n - 1)) ? text : trimCell(text)
}

/** True when the cell is empty or only whitespace (including a BOM). */
export function isBlankCell(text: string): boolean {
  return text.length === 0 || (!isPlainAscii(text.charCodeAt(0)) && trimCell(text) === '')
}

/**
 * The cell's value, or NaN when it is not a strict finite number — the allocation-free twin of `parseStrictNumber` for the
 * import loop (ask `parseStrictNumber` for the reason only when this says NaN).
 */
export function strictNumberOrNaN(text: string): number {
  const t = trimmedCell(text)
  if (!DECIMAL_RE.test(t)) return NaN
  const value = Number(t)
  if (!Number.isFinite(value)) return NaN
  return value === 0 ? 0 : value // -0 → 0
}

/** Parses one cell strictly (see module comment). */
export function parseStrictNumber(text: string): StrictNumberResult {
  const t = trimmedCell(text)
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
