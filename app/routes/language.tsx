import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { isLocale } from '~/i18n/registry'
import { langCookie } from '~/utils/i18n.server'
import { readForm } from '~/utils/request.server'
import { safeRedirectTo } from '~/utils/session.server'

// Anyone may switch the language, signed in or not (the login page has the switch too).
export async function loader(_: LoaderFunctionArgs) {
  throw redirect('/')
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request)
  const lang = form.get('lang')
  if (!isLocale(lang)) throw new Response('Unknown language', { status: 400 })
  return redirect(safeRedirectTo(form.get('redirectTo')), { headers: { 'Set-Cookie': await langCookie.serialize(lang) } })
}
