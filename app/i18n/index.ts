import { en } from './en'
import { ko } from './ko'
import { isLocale, registerMessages, type Locale } from './registry'

/**
 * The catalogs, for the server and the tests: importing this module registers both languages. Browser code imports
 * `./registry` instead, so the catalogs stay out of the shared client bundle (each page loads its own language).
 */
export { isLocale, isMessageKey, locales, translator } from './registry'
export type { Locale, MessageKey, Messages, Params, Translate } from './registry'

registerMessages('en', en)
registerMessages('ko', ko)

/** The catalog a page in `locale` sends to the browser: every key, English where Korean has none. */
export function messagesFor(locale: 'ko' | 'en'): Readonly<Record<string, string>> {
  return locale === 'en' ? en : { ...en, ...ko }
}

/** Picks ko or en from an Accept-Language header by quality; Korean when nothing matches (the shop's staff are Korean). */
export function localeFromAcceptLanguage(header: string | null): Locale {
  if (!header) return 'ko'
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag, ...rest] = part.trim().toLowerCase().split(';')
      const q = rest.map((r) => r.trim()).find((r) => r.startsWith('q='))
      return { lang: tag.split('-')[0], q: q ? Number(q.slice(2)) || 0 : 1, index }
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
  for (const { lang } of ranked) if (isLocale(lang)) return lang
  return 'ko'
}
