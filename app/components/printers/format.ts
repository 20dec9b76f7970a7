import type { Locale } from '~/i18n'

const tag = (locale: Locale) => (locale === 'ko' ? 'ko-KR' : 'en-GB')

/** Hours with at most one decimal, in the reader's number format. */
export function formatHours(locale: Locale, hours: number): string {
  return new Intl.NumberFormat(tag(locale), { maximumFractionDigits: 1 }).format(hours)
}

export function formatPct(locale: Locale, pct: number | null): string {
  return pct === null ? '—' : `${new Intl.NumberFormat(tag(locale), { maximumFractionDigits: 1 }).format(pct)} %`
}

/** A shop-local date 'YYYY-MM-DD' shown as is (ISO dates read the same in Korean and English). */
export function formatDateTime(locale: Locale, value: Date | string, timeZone: string): string {
  return new Intl.DateTimeFormat(tag(locale), { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(value))
}
