/**
 * The one home for how numbers, grams, hours, percentages and instants are written on screen. Everything formats through
 * the shared Intl formatters (~/utils/intl) with explicit options, and instants are written from numeric parts in the
 * shop's time zone — the server's and the browser's ICU spell "AM"/"오전" differently, and text that is the same on both
 * sides is what lets React hydrate without mismatches. IDs and dates never depend on the reader's language.
 */
import { zonedParts } from '~/domain/time/zoned'
import type { Locale } from '~/i18n'
import { numberFormat } from './intl'

/** The BCP 47 tag the UI uses for a language (en-GB: 24-hour clock, day-month order, "," thousands, "." decimals). */
export const localeTag = (locale: Locale): string => (locale === 'ko' ? 'ko-KR' : 'en-GB')

/** A count or measure in the reader's number format (at most `digits` decimals). */
export function formatNumber(locale: Locale, n: number, digits = 0): string {
  return numberFormat(localeTag(locale), { maximumFractionDigits: digits }).format(n)
}

/**
 * Integer milligrams as grams with one decimal and the unit: 1234567 → "1,234.6 g" (`unit: false` → "1,234.6");
 * `trim: true` drops a zero decimal ("40 g"), as the statistics tables write totals.
 */
export function formatGrams(locale: Locale, mg: number, { unit = true, trim = false }: { unit?: boolean; trim?: boolean } = {}): string {
  // Round half away from zero, so −150 mg reads "-0.2" as 150 mg reads "0.2" (and never "-0.0").
  const tenths = Math.sign(mg) * Math.round(Math.abs(mg) / 100)
  const text = numberFormat(localeTag(locale), { minimumFractionDigits: trim ? 0 : 1, maximumFractionDigits: 1 }).format(tenths === 0 ? 0 : tenths / 10)
  return unit ? `${text} g` : text
}

/** A measured value with exactly `digits` decimals (a column of them lines up); null or not finite → "—". */
export function formatFixed(value: number | null | undefined, digits = 2): string {
  return value == null || !Number.isFinite(value) ? '—' : value.toFixed(digits)
}

/** A duration in seconds with one decimal ("12.3 s"); unknown → "—". */
export function formatSeconds(ms: number | null): string {
  return ms != null ? `${(ms / 1000).toFixed(1)} s` : '—'
}

/** A size in bytes: "512 B", "12.3 KB", "4.5 MB" (binary multiples, one decimal). */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}

/** Hours with at most one decimal. */
export function formatHours(locale: Locale, hours: number): string {
  return numberFormat(localeTag(locale), { maximumFractionDigits: 1 }).format(hours)
}

/** A percentage with at most one decimal and a thin space before the sign; null → "—". */
export function formatPct(locale: Locale, pct: number | null): string {
  return pct === null ? '—' : `${numberFormat(localeTag(locale), { maximumFractionDigits: 1 }).format(pct)} %`
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0')

/** `YYYY-MM-DDTHH:MM:SS` wall-clock time of an instant in a zone (the value of a `datetime-local` input). */
export function formatWallClock(ms: number, timeZone: string): string {
  const p = zonedParts(ms, timeZone)
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`
}

/** `YYYY-MM-DD HH:MM` (or with `:SS`) in the shop's zone — the same in both languages. */
export function formatDateTime(value: Date | string | number, timeZone: string, { seconds = false }: { seconds?: boolean } = {}): string {
  const text = formatWallClock(new Date(value).getTime(), timeZone).replace('T', ' ')
  return seconds ? text : text.slice(0, 16)
}

/** `YYYY-MM-DD` of an instant in the shop's zone. */
export function formatDate(value: Date | string | number, timeZone: string): string {
  return formatWallClock(new Date(value).getTime(), timeZone).slice(0, 10)
}

/** `HH:MM:SS` (spans under a day) or `MM-DD HH:MM` (longer ones) in the shop's zone, for chart axes. */
export function formatAxisTime(ms: number, timeZone: string, spanMs: number): string {
  const full = formatWallClock(ms, timeZone)
  return spanMs < 86_400_000 ? full.slice(11) : `${full.slice(5, 10)} ${full.slice(11, 16)}`
}
