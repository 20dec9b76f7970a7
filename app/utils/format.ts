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
  const text = numberFormat(localeTag(locale), { minimumFractionDigits: trim ? 0 : 1, maximumFractionDigits: 1 }).format(Math.round(mg / 100) / 10)
  return unit ? `${text} g` : text
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
