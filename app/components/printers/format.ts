import type { Locale } from '~/i18n'
import { dateTimeFormat, numberFormat } from '~/utils/intl'

const tag = (locale: Locale) => (locale === 'ko' ? 'ko-KR' : 'en-GB')

/** Hours with at most one decimal, in the reader's number format. */
export function formatHours(locale: Locale, hours: number): string {
  return numberFormat(tag(locale), { maximumFractionDigits: 1 }).format(hours)
}

export function formatPct(locale: Locale, pct: number | null): string {
  return pct === null ? '—' : `${numberFormat(tag(locale), { maximumFractionDigits: 1 }).format(pct)} %`
}

/** A shop-local date 'YYYY-MM-DD' shown as is (ISO dates read the same in Korean and English). */
/**
 * Date and 24-hour time in the shop's zone. Explicit fields and `h23` (no AM/PM words): Node's and the browser's ICU
 * spell "AM"/"오전" differently, and the same text on both sides is what lets React hydrate without mismatches.
 */
export function formatDateTime(locale: Locale, value: Date | string, timeZone: string): string {
  return dateTimeFormat(tag(locale), { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(
    new Date(value),
  )
}
