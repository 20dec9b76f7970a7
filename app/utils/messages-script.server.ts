import { createHash } from 'node:crypto'
import { messagesFor, type Locale } from '~/i18n'

/** The script that gives the browser its page's language (see app/i18n/registry.ts), built once per language. */
export interface MessagesScript {
  body: string
  /** A hash of the body: part of the script's address, so it can be cached for good and changes with the catalog. */
  version: string
}

const scripts = new Map<Locale, MessagesScript>()

export function messagesScript(locale: Locale): MessagesScript {
  let s = scripts.get(locale)
  if (!s) {
    const body = `window.__mesI18n=${JSON.stringify({ locale, messages: messagesFor(locale) })};\n`
    s = { body, version: createHash('sha256').update(body).digest('hex').slice(0, 12) }
    scripts.set(locale, s)
  }
  return s
}

/** Where a page in `locale` loads its messages from. */
export function messagesSrc(locale: Locale): string {
  return `/i18n/${locale}.${messagesScript(locale).version}.js`
}
