import { db } from '~db/client.server'
import { printers } from '~db/schema'
import { calendarPreset } from '~/domain/printers'
import { adminOnly, anyUser, operatorUp, plannerUp, type MatrixRow } from './common'

let seq = 0

/** A printer straight in the database (fixtures are not user actions: no audit row). */
async function printerFixture(): Promise<Record<string, string>> {
  const [row] = await db
    .insert(printers)
    .values({ assetId: `AUTHZ-${process.pid}-${++seq}`, name: 'Matrix printer', calendar: calendarPreset('always') })
    .returning({ id: printers.id })
  return { printer: row.id }
}

const onPrinter = { path: '/printers/:printer', params: { printerId: ':printer' }, fixture: printerFixture }

/** Authorization matrix rows of the printers module's routes. */
export const printersRows: MatrixRow[] = [
  // printers._index GET is in the foundation's rows (tests/support/authz-matrix.ts); its one setting (auto-record
  // finished prints) is the shop's: administrators only.
  { route: 'printers._index', method: 'POST', path: '/printers', intent: 'auto-record', expect: adminOnly },
  { route: 'printers.new', method: 'GET', path: '/printers/new', expect: plannerUp },
  { route: 'printers.new', method: 'POST', path: '/printers/new', expect: plannerUp },
  { route: 'printers.$printerId', method: 'GET', ...onPrinter, expect: anyUser },
  // Editing the fleet, calendars, intervals and windows, and correcting, removing and restoring (Undo) maintenance log
  // entries: planners and admins.
  ...['save', 'calendar', 'calendar-preset', 'intervals', 'add-window', 'delete-window', 'correct-entry', 'remove-entry', 'restore-entry'].map(
    (intent): MatrixRow => ({ route: 'printers.$printerId', method: 'POST', intent, ...onPrinter, expect: plannerUp }),
  ),
  // Logging maintenance: operators and up.
  { route: 'printers.$printerId', method: 'POST', intent: 'log', ...onPrinter, expect: operatorUp },
  // The bench (start, record output, fail, say which job a printer's print is): operators and up (production:record).
  ...['job-start', 'job-finish', 'job-fail', 'print-link'].map(
    (intent): MatrixRow => ({ route: 'printers.$printerId', method: 'POST', intent, ...onPrinter, expect: operatorUp }),
  ),
  {
    route: 'printers.$printerId_.label',
    method: 'GET',
    path: '/printers/:printer/label',
    params: { printerId: ':printer' },
    fixture: printerFixture,
    expect: anyUser,
  },
]
