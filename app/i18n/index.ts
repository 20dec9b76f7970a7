import { en, type MessageKey } from './en'
import { ko } from './ko'

export const locales = ['ko', 'en'] as const
export type Locale = (typeof locales)[number]
export type { MessageKey }
export type Params = Record<string, string | number>
export type Translate = (key: MessageKey, params?: Params) => string

const catalogs: Record<Locale, Record<MessageKey, string>> = { ko, en }

export function isLocale(value: unknown): value is Locale {
  return value === 'ko' || value === 'en'
}

export function isMessageKey(value: unknown): value is MessageKey {
  return typeof value === 'string' && value in en
}

export function translator(locale: Locale): Translate {
  const catalog = catalogs[locale]
  return (key, params) => {
    const template = catalog[key] ?? en[key] ?? key
    return params ? template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : template
  }
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
