import { db } from '~db/client.server'
import { vibrationImports, vibrationMachines, vibrationRecordings } from '~db/schema'
import { adminOnly, all, anyUser, operatorUp, plannerUp, type MatrixRow } from './common'

let seq = 0

/** A machine straight in the database (fixtures are not user actions: no audit row). */
async function machineFixture(): Promise<Record<string, string>> {
  const [row] = await db.insert(vibrationMachines).values({ name: `authz-${process.pid}-${++seq}` }).returning({ id: vibrationMachines.id })
  return { machine: row.id }
}

async function importFixture(): Promise<Record<string, string>> {
  const [row] = await db
    .insert(vibrationImports)
    .values({ batchId: crypto.randomUUID(), source: 'form', fileName: 'authz.csv', status: 'failed' })
    .returning({ id: vibrationImports.id })
  return { import: row.id }
}

/** A machine with one (empty) recording. */
async function recordingFixture(): Promise<Record<string, string>> {
  const { machine } = await machineFixture()
  const [row] = await db
    .insert(vibrationRecordings)
    .values({ machineId: machine, sensorNo: '1', collectedAt: new Date(), channels: ['value'], blockSize: 4096, sampleCount: 0, firstTime: 0, lastTime: 0 })
    .returning({ id: vibrationRecordings.id })
  return { machine, recording: row.id }
}

/** Authorization matrix rows of the vibration module's routes. */
export const vibrationRows: MatrixRow[] = [
  // vibration._index GET (the data browser) is in the foundation's rows: viewers browse.
  { route: 'vibration.export', method: 'GET', path: '/vibration/export', expect: anyUser },
  { route: 'vibration.imports._index', method: 'GET', path: '/vibration/imports', expect: anyUser },
  { route: 'vibration.imports.$importId', method: 'GET', path: '/vibration/imports/:import', params: { importId: ':import' }, fixture: importFixture, expect: anyUser },
  { route: 'vibration.imports.progress', method: 'GET', path: '/vibration/imports/progress', expect: operatorUp },
  // Operators and up upload (the empty POST answers 400 once authorised).
  { route: 'vibration.upload', method: 'GET', path: '/vibration/upload', expect: operatorUp },
  { route: 'vibration.upload', method: 'POST', path: '/vibration/upload', expect: operatorUp },
  // Machines by hand: planners and admins.
  { route: 'vibration.machines', method: 'GET', path: '/vibration/machines', expect: anyUser },
  { route: 'vibration.machines', method: 'POST', path: '/vibration/machines', intent: 'create', expect: plannerUp },
  // Its second form: whether live streams may create the machines they name (issue #19 item 4).
  { route: 'vibration.machines', method: 'POST', path: '/vibration/machines', intent: 'stream-machines', expect: plannerUp },
  // Its third: the raw-data retention job run now (issue #19 item 5).
  { route: 'vibration.machines', method: 'POST', path: '/vibration/machines', intent: 'retention', expect: plannerUp },
  { route: 'vibration.live-events', method: 'GET', path: '/vibration/live-events', expect: anyUser },
  { route: 'vibration.machines.$machineId', method: 'GET', path: '/vibration/machines/:machine', params: { machineId: ':machine' }, fixture: machineFixture, expect: plannerUp },
  { route: 'vibration.machines.$machineId', method: 'POST', path: '/vibration/machines/:machine', params: { machineId: ':machine' }, fixture: machineFixture, expect: plannerUp },
  // Diagnosis: everybody reads; planners and admins re-diagnose and mark/confirm/clear baselines (empty POSTs answer 400
  // or redirect once authorised).
  { route: 'vibration.diagnosis._index', method: 'GET', path: '/vibration/diagnosis', expect: anyUser },
  { route: 'vibration.diagnosis.agreement', method: 'GET', path: '/vibration/diagnosis/agreement', expect: anyUser },
  { route: 'vibration.diagnosis.$machineId', method: 'GET', path: '/vibration/diagnosis/:machine', params: { machineId: ':machine' }, fixture: machineFixture, expect: anyUser },
  ...['rediagnose', 'clear-baseline', 'confirm-baseline', 'mark-range'].map(
    (intent): MatrixRow => ({ route: 'vibration.diagnosis.$machineId', method: 'POST', intent, path: '/vibration/diagnosis/:machine', params: { machineId: ':machine' }, fixture: machineFixture, expect: plannerUp }),
  ),
  {
    route: 'vibration.diagnosis.recordings.$recordingId',
    method: 'GET',
    path: '/vibration/diagnosis/recordings/:recording',
    params: { recordingId: ':recording' },
    fixture: recordingFixture,
    expect: anyUser,
  },
  ...['baseline', 'rediagnose'].map(
    (intent): MatrixRow => ({
      route: 'vibration.diagnosis.recordings.$recordingId',
      method: 'POST',
      intent,
      path: '/vibration/diagnosis/recordings/:recording',
      params: { recordingId: ':recording' },
      fixture: recordingFixture,
      expect: plannerUp,
    }),
  ),
  // API tokens: admins only (the empty POST answers 400 once authorised).
  { route: 'admin.tokens', method: 'GET', path: '/admin/tokens', expect: adminOnly },
  { route: 'admin.tokens', method: 'POST', intent: 'create', path: '/admin/tokens', expect: adminOnly },
  { route: 'admin.tokens', method: 'POST', intent: 'revoke', path: '/admin/tokens', expect: adminOnly },
  // /api/v1: Bearer tokens only. A cookie session is no credential there: every request without a token gets 401 JSON
  // (no redirect, no 403), which the matrix counts as 'ok' for every role. The Bearer guard itself (missing, unknown,
  // revoked, wrong-scope tokens) is tested in tests/integration/vibration-api.test.ts — the matrix checks cookie sessions only.
  { route: 'api.v1.machines', method: 'GET', path: '/api/v1/machines', expect: all('ok') },
  { route: 'api.v1.vibration-data', method: 'GET', path: '/api/v1/vibration-data', expect: all('ok') },
  { route: 'api.v1.vibration-data', method: 'POST', path: '/api/v1/vibration-data', expect: all('ok') },
  { route: 'api.v1.vibration-diagnosis', method: 'GET', path: '/api/v1/vibration-diagnosis', expect: all('ok') },
  { route: 'api.v1.machines_.diagnosis.latest', method: 'GET', path: '/api/v1/machines/diagnosis/latest', expect: all('ok') },
  { route: 'api.v1.machines_.$name.diagnosis.latest', method: 'GET', path: '/api/v1/machines/g1/diagnosis/latest', params: { name: 'g1' }, expect: all('ok') },
  // The OpenAPI document is public (it holds no data); the docs page needs a signed-in user.
  { route: 'api.v1.openapi[.]json', method: 'GET', path: '/api/v1/openapi.json', expect: all('ok') },
  { route: 'api.v1.docs', method: 'GET', path: '/api/v1/docs', expect: anyUser },
]
