import { db } from '~db/client.server'
import { printers } from '~db/schema'
import { calendarPreset } from '~/domain/printers'
import { all, anyUser, plannerUp, type MatrixRow } from './common'

let seq = 0

/** A printer straight in the database (fixtures are not user actions: no audit row). */
async function printerFixture(): Promise<Record<string, string>> {
  const [row] = await db
    .insert(printers)
    .values({ assetId: `AUTHZ-LIVE-${process.pid}-${++seq}`, name: 'Matrix live printer', calendar: calendarPreset('always') })
    .returning({ id: printers.id, assetId: printers.assetId })
  return { printer: row.id, assetId: row.assetId }
}

const onConnection = { path: '/printers/:printer/connection', params: { printerId: ':printer' }, fixture: printerFixture }

/** Authorization matrix rows of live printers (issue 18): the connection page and the two API endpoints. */
export const printerLiveRows: MatrixRow[] = [
  // The live events of the pages that show printers' state (dashboard, printer page, board): every signed-in user.
  { route: 'printers.live-events', method: 'GET', path: '/printers/live-events', expect: anyUser },
  { route: 'printers.live-lines', method: 'GET', path: '/printers/live-lines', expect: anyUser },
  // Anyone who sees the printer sees its live state and health; planners and admins change the connection.
  { route: 'printers.$printerId_.connection', method: 'GET', ...onConnection, expect: anyUser },
  { route: 'printers.$printerId_.connection', method: 'POST', intent: 'save', ...onConnection, expect: plannerUp },
  // Forgetting a Bambu printer's pinned certificate: planners and admins.
  { route: 'printers.$printerId_.connection', method: 'POST', intent: 'forget-certificate', ...onConnection, expect: plannerUp },
  // /api/v1: Bearer tokens only (a cookie session gets 401 JSON, classified "ok": no login redirect, no 403). The
  // connection is set with PUT; the matrix sends its action a POST (answered 401 without a token, 405 with one).
  { route: 'api.v1.printers.$assetId.connection', method: 'POST', path: '/api/v1/printers/:assetId/connection', params: { assetId: ':assetId' }, fixture: printerFixture, expect: all('ok') },
  { route: 'api.v1.printers.$assetId.live', method: 'GET', path: '/api/v1/printers/:assetId/live', params: { assetId: ':assetId' }, fixture: printerFixture, expect: all('ok') },
]
