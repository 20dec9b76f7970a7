import { trimCell } from './numbers'

/**
 * Machine and sensor identifiers found in CSV rows and file names.
 *
 * Machine name: after trimming and Unicode NFC normalisation, 1–64 characters, each a letter (any script, so Korean
 * names work), a decimal digit, '-', '_', '.' or a space. Everything else — quotes, ';', '<', '>', '&', '/', '\\',
 * '=', '(', ')', '*', '%', control characters … — is rejected, so SQL or HTML fragments never reach storage.
 *
 * Sensor: stored as a canonical string.
 * - A positive integer 1–1000 written in plain digits ("3", "03" → "3"); 0 and > 1000 are rejected.
 * - "sensor3", "Sensor_3", "sensor-3", "SENSOR 3" are the same sensor as "3" (prefix dropped, then the integer rule).
 * - Otherwise a short name: 1–32 characters, starting with an ASCII letter, then ASCII letters, digits, '-' or '_'
 *   ("S1", "ch-a", "front_left"); kept as written (case preserved).
 */

export const MACHINE_NAME_MAX_LENGTH = 64
const SENSOR_NO_MAX = 1000
export const SENSOR_NAME_MAX_LENGTH = 32

const MACHINE_RE = /^[\p{L}\p{M}\p{Nd}\-_. ]+$/u
const SENSOR_INT_RE = /^\d+$/
const SENSOR_PREFIX_RE = /^sensor[\s_-]*(\d+)$/i
const SENSOR_NAME_RE = /^[A-Za-z][A-Za-z0-9_-]*$/

/** Canonical machine name, or null when invalid. */
export function parseMachineName(text: string): string | null {
  const name = trimCell(text).normalize('NFC')
  // Length in code points (a Hangul syllable counts as one character).
  const length = [...name].length
  if (length < 1 || length > MACHINE_NAME_MAX_LENGTH) return null
  if (!MACHINE_RE.test(name)) return null
  // A name must contain at least one letter or digit (rejects "...", "- -").
  if (!/[\p{L}\p{Nd}]/u.test(name)) return null
  return name
}

/** Canonical sensor id (see module comment), or null when invalid. */
export function parseSensorId(text: string): string | null {
  const t = trimCell(text)
  const prefixed = SENSOR_PREFIX_RE.exec(t)
  const digits = prefixed ? prefixed[1] : SENSOR_INT_RE.test(t) ? t : null
  if (digits !== null) {
    const n = Number(digits)
    return n >= 1 && n <= SENSOR_NO_MAX ? String(n) : null
  }
  if (t.length < 1 || t.length > SENSOR_NAME_MAX_LENGTH || !SENSOR_NAME_RE.test(t)) return null
  return t
}
