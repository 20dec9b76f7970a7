import { adminOnly, all, anyUser, type MatrixRow } from './common'

/**
 * Authorization matrix rows of the account pages (own password, two-factor authentication, signed-in devices), the
 * code step of a login and the administrator's two-factor reset. Every signed-in user manages their own account.
 */
export const accountRows: MatrixRow[] = [
  { route: 'account._index', method: 'GET', path: '/account', expect: anyUser },
  { route: 'account.password', method: 'GET', path: '/account/password', expect: anyUser },
  { route: 'account.password', method: 'POST', path: '/account/password', expect: anyUser },
  { route: 'account.sessions', method: 'GET', path: '/account/sessions', expect: anyUser },
  { route: 'account.sessions', method: 'POST', path: '/account/sessions', expect: anyUser },
  { route: 'account.two-factor', method: 'GET', path: '/account/two-factor', expect: anyUser },
  ...['start', 'confirm', 'cancel', 'disable', 'regenerate'].map(
    (intent): MatrixRow => ({ route: 'account.two-factor', method: 'POST', intent, path: '/account/two-factor', expect: anyUser }),
  ),
  // The code step needs a live challenge (a right password moments ago); without one everybody goes back to /login.
  { route: 'login_.two-factor', method: 'GET', path: '/login/two-factor', expect: all('login') },
  { route: 'login_.two-factor', method: 'POST', path: '/login/two-factor', expect: all('login') },
  { route: 'admin.users.$userId', method: 'POST', intent: 'reset-2fa', path: '/admin/users/:self', params: { userId: ':self' }, expect: adminOnly },
]
