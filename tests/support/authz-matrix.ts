/**
 * The authorization matrix: the foundation's rows here, each module's rows in tests/support/authz/<module>.ts.
 * Every new route must add its rows — the meta-test fails otherwise. Outcomes and helpers: see ./authz/common.ts.
 */
import { accountRows } from './authz/account'
import { adminOnly, all, anyUser, type MatrixRow } from './authz/common'
import { inventoryRows } from './authz/inventory'
import { ordersRows } from './authz/orders'
import { printersRows } from './authz/printers'
import { printerLiveRows } from './authz/printer-live'
import { scheduleRows } from './authz/schedule'
import { statisticsRows } from './authz/statistics'
import { vibrationRows } from './authz/vibration'

export type { MatrixRow, Outcome, Who } from './authz/common'

export const matrix: MatrixRow[] = [
  { route: '_index', method: 'GET', path: '/', expect: anyUser },
  { route: 'setup', method: 'GET', path: '/setup', expect: all('closed') },
  { route: 'setup', method: 'POST', path: '/setup', expect: all('closed') },
  { route: 'login', method: 'GET', path: '/login', expect: all('ok') },
  { route: 'login', method: 'POST', path: '/login', expect: all('ok') },
  { route: 'logout', method: 'GET', path: '/logout', expect: all('ok') },
  { route: 'logout', method: 'POST', path: '/logout', expect: anyUser },
  { route: 'language', method: 'GET', path: '/language', expect: all('ok') },
  { route: 'language', method: 'POST', path: '/language', expect: all('ok') },
  { route: 'healthz', method: 'GET', path: '/healthz', expect: all('ok') },
  // The browser's messages (public like the stylesheets: the login page needs them).
  { route: 'i18n.$file', method: 'GET', path: '/i18n/ko.js', params: { file: 'ko.js' }, expect: all('ok') },
  // Prometheus scrape: a read-scope API token, never a session (401 JSON without one).
  { route: 'metrics', method: 'GET', path: '/metrics', expect: all('ok') },
  { route: 'test-error', method: 'GET', path: '/test-error', expect: all('ok') },
  { route: 'orders._index', method: 'GET', path: '/orders', expect: anyUser },
  { route: 'schedule._index', method: 'GET', path: '/schedule', expect: anyUser },
  { route: 'inventory._index', method: 'GET', path: '/inventory', expect: anyUser },
  { route: 'printers._index', method: 'GET', path: '/printers', expect: anyUser },
  { route: 'statistics._index', method: 'GET', path: '/statistics', expect: anyUser },
  { route: 'vibration._index', method: 'GET', path: '/vibration', expect: anyUser },
  { route: 'admin._index', method: 'GET', path: '/admin', expect: adminOnly },
  { route: 'admin.audit', method: 'GET', path: '/admin/audit', expect: adminOnly },
  { route: 'admin.users._index', method: 'GET', path: '/admin/users', expect: adminOnly },
  { route: 'admin.users._index', method: 'POST', path: '/admin/users', expect: adminOnly },
  { route: 'admin.users.$userId', method: 'GET', path: '/admin/users/:self', params: { userId: ':self' }, expect: adminOnly },
  ...['save', 'disable', 'enable', 'reset-password'].map(
    (intent): MatrixRow => ({ route: 'admin.users.$userId', method: 'POST', intent, path: '/admin/users/:self', params: { userId: ':self' }, expect: adminOnly }),
  ),
  ...printersRows,
  ...printerLiveRows,
  ...inventoryRows,
  ...vibrationRows,
  ...ordersRows,
  ...scheduleRows,
  ...statisticsRows,
  ...accountRows,
]

export interface Gap {
  route: string
  missing: string
}

/** What the matrix lacks for the given routes: a GET row per loader, a POST row per action (one per intent). */
export function matrixGaps(routes: { id: string; hasLoader: boolean; hasAction: boolean; intents: string[] }[], rows: MatrixRow[]): Gap[] {
  const gaps: Gap[] = []
  for (const r of routes) {
    const mine = rows.filter((row) => row.route === r.id)
    if (!r.hasLoader && !r.hasAction) gaps.push({ route: r.id, missing: 'a loader or action (a route with neither is never checked)' })
    if (r.hasLoader && !mine.some((row) => row.method === 'GET')) gaps.push({ route: r.id, missing: 'GET' })
    if (r.hasAction) {
      if (r.intents.length === 0 && !mine.some((row) => row.method === 'POST')) gaps.push({ route: r.id, missing: 'POST' })
      for (const intent of r.intents) {
        if (!mine.some((row) => row.method === 'POST' && row.intent === intent)) gaps.push({ route: r.id, missing: `POST intent=${intent}` })
      }
    }
  }
  return gaps
}
