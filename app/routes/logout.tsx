import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { logout, requireUser } from '~/utils/auth.server'
import { clearSessionCookie } from '~/utils/session.server'
import { toastHeader } from '~/utils/toast.server'

// Logging out changes state, so it is a POST; a GET just goes home.
export async function loader(_: LoaderFunctionArgs) {
  throw redirect('/')
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request)
  await logout(user, request)
  const headers = new Headers()
  headers.append('Set-Cookie', await clearSessionCookie())
  headers.append('Set-Cookie', await toastHeader({ type: 'info', key: 'logout.done' }))
  return redirect('/login?signedOut=1', { headers })
}
