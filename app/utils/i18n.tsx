import { useRouteLoaderData } from '@remix-run/react'
import { translator, type Locale, type Translate } from '~/i18n/registry'

type RootData = { locale?: Locale } | undefined

/** The translator for the current request's language, from the root loader (works in error boundaries too). */
export function useT(): Translate {
  const data = useRouteLoaderData('root') as RootData
  return translator(data?.locale ?? 'ko')
}

export function useLocale(): Locale {
  const data = useRouteLoaderData('root') as RootData
  return data?.locale ?? 'ko'
}
