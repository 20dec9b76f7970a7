/**
 * Filament masses.
 *
 * Inside the domain every mass is an integer number of MILLIGRAMS (a safe integer), so sums and differences are exact.
 * At the edges:
 * - user input is text in grams ("12.5", "12,5") → `parseGrams`;
 * - the database stores grams as numeric strings with one decimal ("1234.5") → `gramsNumericToMg` / `mgToDbNumeric`;
 * - display uses `mgToGramsString` (exact decimal rounding, half away from zero).
 *
 * Rules (documented for the UI/docs):
 * - `parseGrams` trims surrounding whitespace, applies Unicode NFKC (so full-width digits "１２．５" from an IME work),
 *   and accepts plain decimal notation only: digits with an optional decimal point or decimal comma ("12", "12.5",
 *   "12,5", "0.5", ".5", "12."). Exponents, "NaN", "Infinity", hex, thousands separators, inner spaces and a leading
 *   "+" are `not_a_number`.
 * - A leading "-" is `negative` unless the value is zero ("-0" parses as 0).
 * - Trailing zeros do not count as decimals: with `maxDecimals = 1`, "12.50" is 12.5 g but "12.55" is
 *   `too_many_decimals`.
 * - Values above `MAX_MASS_MG` (10 tonnes) are `too_large`; this keeps every sum of up to ~900,000 masses a safe integer.
 * - `plannedUseMg` rounds UP to the next 0.1 g (a plan must never under-reserve).
 */

/** Milligrams per gram. */
const MG_PER_GRAM = 1000

/** Largest single mass accepted from user input: 10,000 kg = 10^10 mg. */
export const MAX_MASS_MG = 10_000_000_000

/** The DB keeps one decimal of a gram, i.e. masses stored there are multiples of 100 mg. */
const DB_RESOLUTION_MG = 100

/** Reasons `parseGrams` rejects a text (codes for the UI to translate). */
export type ParseGramsErrorCode = 'not_a_number' | 'negative' | 'too_many_decimals' | 'too_large'

/** Result of `parseGrams`. */
export type ParseGramsResult = { ok: true; mg: number } | { ok: false; code: ParseGramsErrorCode }

// Sign, integer digits, optional separator and fraction digits; at least one digit is checked separately.
const GRAMS_TEXT_RE = /^(-?)(\d*)(?:[.,](\d*))?$/
// DB numeric: what PostgreSQL prints for numeric(p, s).
const DB_NUMERIC_RE = /^(-?)(\d+)(?:\.(\d+))?$/

function requireDecimals(decimals: number, name: string): void {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 3) {
    throw new RangeError(`${name} must be an integer from 0 to 3 (milligram resolution), got ${decimals}`)
  }
}

function requireSafeInteger(value: number, name: string): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be a safe integer, got ${value}`)
}

/** Strips leading zeros but keeps one digit ("" and "000" → "0"). */
function stripLeadingZeros(digits: string): string {
  const s = digits.replace(/^0+/, '')
  return s === '' ? '0' : s
}

/**
 * Parses a user-typed mass in grams into integer milligrams.
 *
 * @param maxDecimals how many significant decimals of a gram are allowed (0–3; default 1 = 0.1 g).
 */
export function parseGrams(text: string, maxDecimals = 1): ParseGramsResult {
  requireDecimals(maxDecimals, 'maxDecimals')
  const m = GRAMS_TEXT_RE.exec(text.normalize('NFKC').trim())
  if (!m) return { ok: false, code: 'not_a_number' }
  const [, sign, intRaw, fracRaw = ''] = m
  if (intRaw === '' && fracRaw === '') return { ok: false, code: 'not_a_number' }

  const intDigits = stripLeadingZeros(intRaw)
  const fracDigits = fracRaw.replace(/0+$/, '') // trailing zeros are not significant
  const isZero = intDigits === '0' && fracDigits === ''
  if (sign === '-' && !isZero) return { ok: false, code: 'negative' }
  if (fracDigits.length > maxDecimals) return { ok: false, code: 'too_many_decimals' }
  // Cheap length guard before Number(): MAX_MASS_MG is 10^7 g, i.e. 8 integer digits.
  if (intDigits.length > 8) return { ok: false, code: 'too_large' }

  const mg = Number(intDigits) * MG_PER_GRAM + Number(fracDigits.padEnd(3, '0'))
  if (mg > MAX_MASS_MG) return { ok: false, code: 'too_large' }
  return { ok: true, mg }
}

/**
 * Formats milligrams as grams with a fixed number of decimals, rounding exactly (half away from zero: 12.35 g → "12.4",
 * -0.05 g → "-0.1"). Never returns "-0.0": a value that rounds to zero has no sign. No thousands separators (the UI
 * formats for the locale).
 */
export function mgToGramsString(mg: number, decimals = 1): string {
  requireSafeInteger(mg, 'mg')
  requireDecimals(decimals, 'decimals')
  const unit = 10 ** (3 - decimals) // mg per last displayed digit
  const abs = Math.abs(mg)
  const r = abs % unit // exact for integers (a float division could round up near 2^53)
  let q = (abs - r) / unit
  if (r * 2 >= unit) q += 1
  const scale = 10 ** decimals
  const whole = Math.floor(q / scale)
  const sign = mg < 0 && q > 0 ? '-' : ''
  if (decimals === 0) return `${sign}${whole}`
  return `${sign}${whole}.${String(q - whole * scale).padStart(decimals, '0')}`
}

/**
 * Converts a DB numeric string of grams ("1234.5", "1234.50", "0", "-3.2") to integer milligrams. Throws `RangeError`
 * on a malformed value or one finer than a milligram: DB data is trusted, so either is a bug, not a user error.
 */
export function gramsNumericToMg(dbNumeric: string): number {
  const m = DB_NUMERIC_RE.exec(dbNumeric.trim())
  if (!m) throw new RangeError(`not a numeric gram value: ${JSON.stringify(dbNumeric)}`)
  const [, sign, intRaw, fracRaw = ''] = m
  const frac = fracRaw.replace(/0+$/, '')
  if (frac.length > 3) throw new RangeError(`gram value finer than a milligram: ${dbNumeric}`)
  const mg = Number(stripLeadingZeros(intRaw)) * MG_PER_GRAM + Number(frac.padEnd(3, '0'))
  if (!Number.isSafeInteger(mg)) throw new RangeError(`gram value too large: ${dbNumeric}`)
  return sign === '-' && mg !== 0 ? -mg : mg
}

/**
 * Formats milligrams for a DB numeric column with one decimal ("1234.5"). Throws `RangeError` unless the mass is a whole
 * multiple of 0.1 g, so nothing is silently rounded away on the way to the database.
 */
export function mgToDbNumeric(mg: number): string {
  requireSafeInteger(mg, 'mg')
  if (mg % DB_RESOLUTION_MG !== 0) throw new RangeError(`${mg} mg is not a whole multiple of 0.1 g`)
  return mgToGramsString(mg, 1)
}

/**
 * Converts a waste percentage with at most two decimals (7.25 %) to integer basis points (725). Throws `RangeError` on a
 * negative, non-finite or finer value.
 */
export function percentToBasisPoints(percent: number): number {
  if (!Number.isFinite(percent) || percent < 0) throw new RangeError(`waste percent must be ≥ 0, got ${percent}`)
  const bp = Math.round(percent * 100)
  // Binary floating point: 7.25 * 100 may be 724.9999999; a genuine third decimal is off by ≥ 0.1 bp.
  if (Math.abs(bp - percent * 100) > 1e-6) throw new RangeError(`waste percent has more than 2 decimals: ${percent}`)
  if (!Number.isSafeInteger(bp)) throw new RangeError(`waste percent too large: ${percent}`)
  return bp
}

/**
 * Filament a plan needs: units × grams-per-unit × (1 + waste), rounded UP to the next 0.1 g, computed exactly.
 *
 * @param units number of parts (non-negative integer)
 * @param gramsPerUnitMg filament per part in milligrams (non-negative integer)
 * @param wasteBasisPoints waste allowance in basis points (750 = 7.5 %), non-negative integer
 */
export function plannedUseMgFromBasisPoints(units: number, gramsPerUnitMg: number, wasteBasisPoints: number): number {
  for (const [name, v] of [
    ['units', units],
    ['gramsPerUnitMg', gramsPerUnitMg],
    ['wasteBasisPoints', wasteBasisPoints],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${name} must be a non-negative safe integer, got ${v}`)
  }
  // mg × (10000 + bp) / 10000, then ceil to 100 mg: one exact ceil-division by 10000 × 100. BigInt keeps the product exact.
  const numerator = BigInt(units) * BigInt(gramsPerUnitMg) * BigInt(10_000 + wasteBasisPoints)
  const divisor = BigInt(10_000 * DB_RESOLUTION_MG)
  const tenthsOfGram = (numerator + divisor - 1n) / divisor
  const mg = tenthsOfGram * BigInt(DB_RESOLUTION_MG)
  if (mg > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('planned use exceeds the safe integer range')
  return Number(mg)
}

/**
 * Filament a plan needs, with the waste given in percent (up to two decimals, e.g. 7.25): see
 * `plannedUseMgFromBasisPoints`. `plannedUseMg(3, 33_300, 0)` is 99,900 mg (99.9 g).
 */
export function plannedUseMg(units: number, gramsPerUnitMg: number, wastePercent: number): number {
  return plannedUseMgFromBasisPoints(units, gramsPerUnitMg, percentToBasisPoints(wastePercent))
}
