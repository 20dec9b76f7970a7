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

/** 10^0 … 10^22: every one is exact in a double. */
const POW10 = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22]

/**
 * The cell's value, or NaN when it is not a strict finite number — the allocation-free twin of `parseStrictNumber` for the
 * import loop (ask `parseStrictNumber` for the reason only when this says NaN).
 *
 * Hot path (millions of cells per upload): one scan checks the grammar and collects the digits. With at most 15
 * significant digits and a decimal exponent within ±22, digits ÷ or × 10^k is a single correctly rounded operation on
 * exact operands (Clinger's fast path), so the result is bit-identical to `Number(text)`; anything else (more digits,
 * larger exponents, surrounding whitespace) goes through the regular expression and `Number`.
 */
export function strictNumberOrNaN(text: string): number {
  const n = text.length
  let i = 0
  let negative = false
  let c = n > 0 ? text.charCodeAt(0) : 0
  if (c === 45 /* - */ || c === 43 /* + */) {
    negative = c === 45
    i = 1
  }
  let mantissa = 0
  let significant = 0 // digits counted from the first non-zero one
  let digits = 0
  let scale = 0 // decimal exponent contributed by the fraction
  for (; i < n; i++) {
    c = text.charCodeAt(i) - 48
    if (c < 0 || c > 9) break
    digits++
    if (mantissa !== 0 || c !== 0) {
      mantissa = mantissa * 10 + c
      significant++
    }
  }
  if (i < n && text.charCodeAt(i) === 46 /* . */) {
    for (i++; i < n; i++) {
      c = text.charCodeAt(i) - 48
      if (c < 0 || c > 9) break
      digits++
      scale--
      if (mantissa !== 0 || c !== 0) {
        mantissa = mantissa * 10 + c
        significant++
      }
    }
  }
  if (digits > 0 && i < n && (text.charCodeAt(i) | 32) === 101 /* e or E */) {
    let j = i + 1
    let expNegative = false
    c = j < n ? text.charCodeAt(j) : 0
    if (c === 45 || c === 43) {
      expNegative = c === 45
      j++
    }
    let exponent = 0
    const start = j
    for (; j < n; j++) {
      c = text.charCodeAt(j) - 48
      if (c < 0 || c > 9) break
      if (exponent < 100_000) exponent = exponent * 10 + c
    }
    if (j === start) return slowStrictNumber(text) // "1e", "1e+": not a number (or whitespace to trim)
    scale += expNegative ? -exponent : exponent
    i = j
  }
  if (i !== n || digits === 0 || significant > 15 || scale < -22 || scale > 22) return slowStrictNumber(text)
  if (mantissa === 0) return 0 // also "-0"
  const magnitude = scale < 0 ? mantissa / POW10[-scale] : mantissa * POW10[scale]
  return negative ? -magnitude : magnitude
}

function slowStrictNumber(text: string): number {
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
