import { appCookie } from '~/utils/session.server'

/**
 * Carries freshly made recovery codes to the page after the redirect, once (60 s, HttpOnly, SameSite=Strict, path
 * /account); the two-factor page's loader shows and clears them. Like the API token page's one-time display.
 */
const recoveryFlash = () => appCookie('mes_recovery', { path: '/account', sameSite: 'strict', maxAge: 60 })

export async function recoveryFlashHeader(codes: string[]): Promise<string> {
  return recoveryFlash().serialize(codes)
}

export async function readRecoveryFlash(request: Request): Promise<{ codes: string[] | null; clear: string | null }> {
  const cookie = recoveryFlash()
  const raw: unknown = await cookie.parse(request.headers.get('Cookie'))
  if (raw === null || raw === undefined || raw === '') return { codes: null, clear: null }
  const clear = await cookie.serialize('', { maxAge: 0 })
  const ok = Array.isArray(raw) && raw.length <= 20 && raw.every((c) => typeof c === 'string' && /^[a-z0-9-]{1,16}$/.test(c))
  return { codes: ok ? (raw as string[]) : null, clear }
}
