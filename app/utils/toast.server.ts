import { createCookie, redirect } from '@remix-run/node'
import { isMessageKey, type MessageKey, type Params } from '~/i18n'

export interface Toast {
  type: 'success' | 'error' | 'info'
  key: MessageKey
  params?: Params
}

// A flash cookie: set on the redirect after a POST, read (and cleared) by the root loader, so it shows without JS.
const toastCookie = createCookie('mes_toast', { path: '/', sameSite: 'lax', httpOnly: true, maxAge: 60 })

export async function toastHeader(toast: Toast): Promise<string> {
  return toastCookie.serialize(toast)
}

export async function redirectWithToast(url: string, toast: Toast, init: ResponseInit = {}) {
  const headers = new Headers(init.headers)
  headers.append('Set-Cookie', await toastHeader(toast))
  return redirect(url, { ...init, headers })
}

export async function readToast(request: Request): Promise<{ toast: Toast | null; clear: string | null }> {
  const value: unknown = await toastCookie.parse(request.headers.get('Cookie'))
  if (!value || typeof value !== 'object') return { toast: null, clear: null }
  const v = value as Partial<Toast>
  const clear = await toastCookie.serialize('', { maxAge: 0 })
  if (!isMessageKey(v.key) || !['success', 'error', 'info'].includes(String(v.type))) return { toast: null, clear }
  return { toast: { type: v.type as Toast['type'], key: v.key, params: v.params }, clear }
}
