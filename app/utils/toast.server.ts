import { redirect } from '@remix-run/node'
import { isMessageKey, type MessageKey, type Params } from '~/i18n'
import { appCookie } from './session.server'

/**
 * The way back from a change that can be taken back (archive → restore, disable → enable, remove → restore): the toast
 * carries a small form that posts `intent` and `fields` to `action`, which checks the user, role and version like any
 * other post. It works without JavaScript too; it is gone once the toast is (the next page, or the next form sent).
 */
export interface ToastUndo {
  action: string
  intent: string
  fields?: Record<string, string>
}

export interface Toast {
  type: 'success' | 'error' | 'info'
  key: MessageKey
  params?: Params
  undo?: ToastUndo
}

// A flash cookie: set on the redirect after a POST, read (and cleared) by the root loader, so it shows without JS.
const toastCookie = () => appCookie('mes_toast', { path: '/', maxAge: 60 })

export async function toastHeader(toast: Toast): Promise<string> {
  return toastCookie().serialize(toast)
}

export async function redirectWithToast(url: string, toast: Toast, init: ResponseInit = {}) {
  const headers = new Headers(init.headers)
  headers.append('Set-Cookie', await toastHeader(toast))
  return redirect(url, { ...init, headers })
}

export async function readToast(request: Request): Promise<{ toast: Toast | null; clear: string | null }> {
  const cookie = toastCookie()
  const value: unknown = await cookie.parse(request.headers.get('Cookie'))
  if (!value || typeof value !== 'object') return { toast: null, clear: null }
  const v = value as Partial<Toast>
  const clear = await cookie.serialize('', { maxAge: 0 })
  if (!isMessageKey(v.key) || !['success', 'error', 'info'].includes(String(v.type))) return { toast: null, clear }
  const undo = readUndo(v.undo)
  return { toast: { type: v.type as Toast['type'], key: v.key, params: v.params, ...(undo ? { undo } : {}) }, clear }
}

// A same-site path only ("/x", never "//host" or "https://…"), an intent and string fields: anything else drops the undo.
function readUndo(value: unknown): ToastUndo | null {
  if (!value || typeof value !== 'object') return null
  const u = value as Partial<ToastUndo>
  if (typeof u.action !== 'string' || !/^\/(?![/\\])/.test(u.action) || typeof u.intent !== 'string' || !u.intent) return null
  const fields: Record<string, string> = {}
  for (const [k, v] of Object.entries(u.fields ?? {})) {
    if (typeof v !== 'string') return null
    fields[k] = v
  }
  return { action: u.action, intent: u.intent, fields }
}
