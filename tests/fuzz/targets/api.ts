/**
 * Fuzz targets of the REST API (app/routes/api.v1.*): every GET with generated query strings (and path segment), and
 * POST /api/v1/vibration-data with generated CSV and JSON bodies. Inputs carry their credentials as an `@auth` entry
 * (mostly a live token of the right scope, sometimes a read token on a write, a revoked one, or garbage).
 */
import { randomBytes } from 'node:crypto'
import { desc, sql } from 'drizzle-orm'
import fc from 'fast-check'
import { expect } from 'vitest'
import { db, resultRows } from '~db/client.server'
import { apiTokens, vibrationImports } from '~db/schema'
import { encodeDiagnosisCursor } from '~/models/vibration/diagnosis-list.server'
import { encodeCursor } from '~/models/vibration/samples.server'
import { hashToken } from '~/utils/api-auth.server'
import * as docs from '~/routes/api.v1.docs'
import * as machineLatest from '~/routes/api.v1.machines_.$name.diagnosis.latest'
import * as machines from '~/routes/api.v1.machines'
import * as latest from '~/routes/api.v1.machines_.diagnosis.latest'
import * as openapi from '~/routes/api.v1.openapi[.]json'
import * as vibrationData from '~/routes/api.v1.vibration-data'
import * as diagnosis from '~/routes/api.v1.vibration-diagnosis'
import { wellFormed, type Ctx, type Target } from '../support/harness'
import { lastAudit, rowOf } from '../support/records'
import { csvText, dateish, hostile, idish, numberish, payload, ref, type Entries, type FieldValue, type FileValue } from '../support/values'
import { recordingFixture } from './vibration'

async function token(scope: 'read' | 'write', revoked = false): Promise<string> {
  const value = `mes_${randomBytes(32).toString('base64url')}`
  await db.insert(apiTokens).values({ name: `fuzz-${scope}`, scope, tokenHash: hashToken(value), prefix: value.slice(0, 12), revokedAt: revoked ? new Date() : null })
  return value
}

/** Tokens of each kind, a machine with a diagnosed recording, and real cursors into its samples and diagnoses. */
async function apiFixture(): Promise<Ctx> {
  const rec = await recordingFixture()
  const [d] = resultRows<{ id: string; detected_at: string }>(
    await db.execute(sql`select id, detected_at::text from vibration_diagnosis where recording_id = ${rec.recording} order by detected_at limit 1`),
  )
  const [r] = resultRows<{ collected_at: string }>(await db.execute(sql`select collected_at::text from vibration_recordings where id = ${rec.recording}`))
  return {
    ...rec,
    read: await token('read'),
    write: await token('write'),
    revoked: await token('write', true),
    cursor: encodeCursor({ collectedAt: new Date(r.collected_at).toISOString(), recordingId: rec.recording, index: 100 }),
    diagnosisCursor: d ? encodeDiagnosisCursor({ detectedAt: new Date(d.detected_at).toISOString(), id: d.id }) : 'none',
  }
}

const auth = (scope: 'read' | 'write'): fc.Arbitrary<Entries> =>
  fc.oneof(
    { weight: 20, arbitrary: fc.constant<Entries>([['@auth', ref(scope)]]) },
    { weight: 1, arbitrary: fc.constant<Entries>([]) },
    { weight: 1, arbitrary: fc.constantFrom<Entries>([['@auth', ref('read')]], [['@auth', ref('revoked')]], [['@auth', 'mes_nope']], [['@auth', '']]) },
    { weight: 1, arbitrary: fc.oneof(hostile, fc.constant('x'.repeat(300))).map((h): Entries => [['@auth', h]]) },
  )

/** A query parameter: its plausible values, or anything hostile, or missing, or repeated. */
function param(name: string, good: fc.Arbitrary<FieldValue>, present = 4): fc.Arbitrary<Entries> {
  return fc.oneof(
    { weight: present, arbitrary: good.map((v): Entries => [[name, v]]) },
    { weight: 4, arbitrary: fc.constant<Entries>([]) },
    { weight: 2, arbitrary: hostile.map((v): Entries => [[name, v]]) },
    { weight: 1, arbitrary: fc.tuple(good, hostile).map(([a, b]): Entries => [[name, a], [name, b]]) },
  )
}

const goodParams: Record<string, fc.Arbitrary<FieldValue>> = {
  machine: fc.constantFrom<FieldValue>(ref('machineName'), ref('machine'), 'nobody', 'FUZZ-M1'),
  sensor: fc.constantFrom('2', '1', 's2'),
  recording: fc.constantFrom<FieldValue>(ref('recording'), '00000000-0000-0000-0000-000000000000'),
  from: fc.oneof(dateish, fc.constantFrom('2025-05-01T00:00:00', '2025-05-01T09:00:00+09:00')),
  to: fc.oneof(dateish, fc.constantFrom('2025-05-02T00:00:00', '2030-01-01')),
  limit: fc.oneof(fc.integer({ min: 1, max: 5000 }).map(String), numberish),
  after: fc.constantFrom<FieldValue>(ref('cursor'), ref('diagnosisCursor'), 'WyIiLCIiLDBd', 'bm90IGpzb24'),
  channel: fc.constantFrom('normal', 'type1', 'type2', 'type3', 'value'),
  fault_type: fc.constantFrom('0', '1', '2', '3', '4', '-1'),
}

/** Query parameters of a GET (the route's own and some unknown ones). */
function queryArb(names: string[]): fc.Arbitrary<Entries> {
  const extra = fc.array(fc.tuple(fc.oneof(fc.constantFrom('role', 'version', 'id', 'status', 'createdBy'), fc.string({ maxLength: 8 })), hostile), { maxLength: 3 })
  return fc.tuple(...names.map((n) => param(n, goodParams[n] ?? payload)), extra).map((parts) => parts.flat() as Entries)
}

async function apiRequest(method: 'GET' | 'POST', entries: [string, string | FileValue][], path: string, cookie?: string): Promise<Request> {
  const url = new URL(path, 'http://localhost')
  const headers = new Headers({ 'x-mes-client-ip': '10.0.0.9' })
  if (cookie) headers.set('Cookie', cookie)
  let body: string | undefined
  // Header values cannot carry every character a fuzzer makes (no HTTP client sends them): such a value goes as '?'.
  const header = (name: string, value: string) => {
    try {
      headers.set(name, value)
    } catch {
      headers.set(name, value.replace(/[^\x20-\x7e]/g, '?'))
    }
  }
  for (const [k, v] of entries) {
    if (typeof v !== 'string') continue
    if (k === '@auth') header('Authorization', `Bearer ${v}`)
    else if (k === '@body') body = v
    else if (k === '@type') header('Content-Type', v)
    else if (!k.startsWith('@')) url.searchParams.append(k, v)
  }
  return new Request(url, { method, headers, body: method === 'POST' ? (body ?? '') : undefined })
}

const get = (route: string, mod: Target['mod'], names: string[], extra: Partial<Target> = {}): Target => {
  const row = rowOf(route, undefined, 'GET')
  return {
    row,
    mod,
    actors: ['anonymous'],
    fixture: apiFixture,
    context: async (f) => f,
    inputs: fc.tuple(auth('read'), queryArb(names)).map(([a, q]) => [...a, ...q]),
    build: (entries, path) => apiRequest('GET', entries, path),
    ...extra,
  }
}

/** JSON rows in the table-export shape, with hostile values, missing and extra fields; or no array at all. */
const jsonRow = fc.record(
  {
    machine_name: fc.oneof(fc.constantFrom<unknown>('fuzz-up', 'g1'), hostile),
    sensor_no: fc.oneof(fc.constantFrom<unknown>('1', 2), hostile, fc.constant(null)),
    collected_at: fc.oneof(fc.constantFrom<unknown>('2024-05-01 10:00:00'), dateish),
    measured_time: fc.oneof(fc.double({ min: 0, max: 10, noNaN: true }), numberish, fc.constant<unknown>(true)),
    normal: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), numberish),
    unbalance: fc.oneof(fc.double({ min: -5, max: 5, noNaN: true }), numberish),
    looseness: fc.oneof(fc.double({ min: -5, max: 5, noNaN: true }), numberish),
    unbalance_looseness: fc.oneof(fc.double({ min: -5, max: 5, noNaN: true }), numberish, fc.constant<unknown>({})),
    role: fc.constantFrom<unknown>('admin'),
    id: idish,
  },
  { requiredKeys: ['machine_name', 'sensor_no', 'collected_at', 'measured_time', 'normal', 'unbalance', 'looseness', 'unbalance_looseness'] },
)
/** Well-formed rows of one recording (time increasing), some values replaced by hostile ones. */
const cleanRows = fc
  .tuple(
    fc.constantFrom('fuzz-up', 'g1', '압축기'),
    fc.constantFrom<string | number>('1', 2, 's3'),
    fc.array(fc.tuple(fc.double({ min: -5, max: 5, noNaN: true }), fc.double({ min: -5, max: 5, noNaN: true })), { minLength: 1, maxLength: 20 }),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom('normal', 'machine_name', 'measured_time', 'collected_at'), fc.oneof(hostile, numberish)), { maxLength: 2 }),
  )
  .map(([machine, sensor, values, spoiled]) => {
    const rows: Record<string, unknown>[] = values.map(([a, b], i) => ({
      machine_name: machine,
      sensor_no: sensor,
      collected_at: '2024-05-01 10:00:00',
      measured_time: i / 1360,
      normal: a,
      unbalance: b,
      looseness: a - b,
      unbalance_looseness: String(b),
    }))
    for (const [at, field, value] of spoiled) rows[at % rows.length][field] = value
    return JSON.stringify(rows)
  })
const jsonBody = fc.oneof(
  { weight: 8, arbitrary: cleanRows },
  { weight: 4, arbitrary: fc.array(jsonRow, { maxLength: 20 }).map((rows) => JSON.stringify(rows)) },
  { weight: 1, arbitrary: fc.array(fc.record({ machine_name: hostile }, { requiredKeys: [] }), { maxLength: 3 }).map((r) => JSON.stringify(r)) },
  { weight: 1, arbitrary: fc.oneof(fc.json(), hostile, fc.constantFrom('[', '{"a":1}', 'null', '[]', '[1,2]', '"\\u0000"')) },
)

const postParams = fc.tuple(
  param('machine', fc.constantFrom<FieldValue>('fuzz-up', ref('machineName'), '압축기'), 16),
  param('sensor', fc.constantFrom('1', '2', 's3'), 16),
  param('recorded_at', fc.oneof(dateish, fc.constantFrom('2024-05-01T10:00:00'))),
  param('file_name', fc.constantFrom('g1_sensor1.csv', 'x.json', '')),
)

const post = (label: string, type: string, body: fc.Arbitrary<string>): Target => ({
  row: rowOf('api.v1.vibration-data', undefined, 'POST'),
  label,
  mod: vibrationData,
  actors: ['anonymous'],
  fixture: apiFixture,
  context: async (f) => f,
  inputs: fc
    .tuple(auth('write'), postParams, fc.oneof({ weight: 12, arbitrary: fc.constant(type) }, { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/json; charset=utf-8', 'text/csv;x', '') }), body)
    .map(([a, p, t, b]) => [...a, ...p.flat(), ['@type', t], ['@body', b]] as Entries),
  build: (entries, path) => apiRequest('POST', entries, path),
  // A file the importer read and refused is recorded as a failed import (its report, with the problems): by design.
  mayChangeOnReject: ['vibration_imports'],
  onRejected: async () => {
    const [imp] = await db.select().from(vibrationImports).orderBy(desc(vibrationImports.startedAt)).limit(1)
    expect(imp.status).toBe('failed')
    expect(imp.rowsImported).toBe(0)
  },
  // Imports are their own record (token, file, outcome), not audit rows.
  audited: false,
  readBack: async (_sent, answer) => {
    const [imp] = await db.select().from(vibrationImports).orderBy(desc(vibrationImports.startedAt)).limit(1)
    expect(imp.tokenId).not.toBeNull()
    expect((answer.data as { id?: string }).id).toBe(imp.id)
    expect(['succeeded', 'duplicate']).toContain(imp.status)
    if (imp.status === 'succeeded') expect((await lastAudit('vibration.import')).entityId).toBe(imp.id)
  },
})

const QUERY = ['machine', 'sensor', 'recording', 'from', 'to', 'limit', 'after']

export const apiTargets: Target[] = [
  get('api.v1.machines', machines, []),
  get('api.v1.vibration-data', vibrationData, QUERY),
  {
    ...get('api.v1.vibration-diagnosis', diagnosis, [...QUERY, 'channel', 'fault_type']),
    // Found by the fuzz: a NUL in the machine name reached the lookup query (500); now a 400.
    examples: [[['@auth', ref('read')], ['machine', 'a\u0000b']], [['@auth', ref('read')], ['sensor', '1\u0000']]],
  },
  get('api.v1.machines_.diagnosis.latest', latest, []),
  {
    ...get('api.v1.machines_.$name.diagnosis.latest', machineLatest, []),
    // The machine's name (or id) is the path segment: fuzzed like a field.
    inputs: fc
      .tuple(auth('read'), fc.oneof(fc.constantFrom<FieldValue>(ref('machineName'), ref('machine'), 'G1', 'nobody'), hostile), queryArb([]))
      .map(([a, name, q]) => [...a, ['@param:name', name], ...q] as Entries),
    // Found by the fuzz: a NUL in the name reached the query (500); now a 404.
    examples: [[['@auth', ref('read')], ['@param:name', '\u0000']]],
    build: (entries) => apiRequest('GET', entries, `/api/v1/machines/${encodeURIComponent(wellFormed(String(entries.find(([k]) => k === '@param:name')?.[1] ?? '')))}/diagnosis/latest`),
  },
  get('api.v1.openapi[.]json', openapi, []),
  // The docs page: a signed-in user, any query string.
  get('api.v1.docs', docs, [], { actors: ['viewer'], build: (entries, path, cookie) => apiRequest('GET', entries, path, cookie) }),
  post('POST (csv)', 'text/csv', csvText),
  {
    ...post('POST (json)', 'application/json', jsonBody),
    // Found by the fuzz: a NUL in file_name broke the import's audit row (jsonb): "import_aborted", a 500.
    examples: [
      [
        ['@auth', ref('write')],
        ['machine', 'fuzz-up'],
        ['file_name', 'a\u0000b'],
        ['@type', 'application/json'],
        ['@body', JSON.stringify([0, 1, 2].map((i) => ({ machine_name: 'g1', sensor_no: 2, collected_at: '2024-05-01 10:00:00', measured_time: i / 1360, normal: 0, unbalance: 0, looseness: 0, unbalance_looseness: 0 })))],
      ],
    ],
  },
]
