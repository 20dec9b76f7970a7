import type { MessageKey } from './en'
import { interpolate } from './josa'

/**
 * The messages the running code can use, registered at start: on the server both languages (app/i18n/index.ts registers
 * them when it is first imported), in the browser only the page's own language, which arrives as a cached script of its
 * own (`/i18n/<locale>.<version>.js`, app/routes/i18n.$file.ts) instead of both catalogs in the shared bundle. Code that
 * runs in the browser imports from here (or uses `useT`), never the catalogs themselves — a lint rule keeps it so.
 */
export const locales = ['ko', 'en'] as const
export type Locale = (typeof locales)[number]
export type { MessageKey }
export type Params = Record<string, string | number>
export type Translate = (key: MessageKey, params?: Params) => string
export type Messages = Readonly<Record<string, string>>

declare global {
  interface Window {
    /** Set by the messages script before the app's modules run. */
    __mesI18n?: { locale: Locale; messages: Messages }
  }
}

const registered: Partial<Record<Locale, Messages>> = {}

export function registerMessages(locale: Locale, messages: Messages): void {
  registered[locale] = messages
}

export function isLocale(value: unknown): value is Locale {
  return value === 'ko' || value === 'en'
}

/** A key of the catalogs (every language has the same keys: ko is typed `Record<MessageKey, string>`). */
export function isMessageKey(value: unknown): value is MessageKey {
  if (typeof value !== 'string') return false
  for (const messages of Object.values(registered)) if (Object.hasOwn(messages, value)) return true
  return false
}

export function translator(locale: Locale): Translate {
  return (key, params) => {
    const template = registered[locale]?.[key] ?? registered.en?.[key] ?? key
    return interpolate(template, params)
  }
}
