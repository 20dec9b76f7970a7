import { createCookie } from '@remix-run/node'
import { isLocale, localeFromAcceptLanguage, translator, type Locale } from '~/i18n'

export const langCookie = createCookie('mes_lang', { path: '/', sameSite: 'lax', httpOnly: true, maxAge: 60 * 60 * 24 * 365 })

/** The user's language: the remembered switch first, then the browser's Accept-Language. */
export async function getLocale(request: Request): Promise<Locale> {
  const remembered: unknown = await langCookie.parse(request.headers.get('Cookie'))
  if (isLocale(remembered)) return remembered
  return localeFromAcceptLanguage(request.headers.get('Accept-Language'))
}

export async function getTranslator(request: Request) {
  const locale = await getLocale(request)
  return { locale, t: translator(locale) }
}
