/**
 * Fuzz targets of live printers (issue 18): the connection form (POST /printers/:id/connection), `PUT
 * /api/v1/printers/{assetId}/connection` with generated JSON bodies and `GET /api/v1/printers/{assetId}/live` with a
 * fuzzed asset id. Besides the harness's checks: what is stored matches what was sent, and no secret is ever stored in
 * the clear or sent back.
 */
import { randomBytes } from 'node:crypto'
import { eq } from 'drizzle-orm'
import fc from 'fast-check'
import { expect } from 'vitest'
import { db } from '~db/client.server'
import { apiTokens, printerConnections, printers } from '~db/schema'
import { calendarPreset } from '~/domain/printers'
import { defaultPort, type ConnectedType } from '~/domain/printers/live/connection'
import { saveConnection } from '~/models/printers/live/connections.server'
import { writeLiveBatch } from '~/models/printers/live/store.server'
import * as connectionApi from '~/routes/api.v1.printers.$assetId.connection'
import * as liveApi from '~/routes/api.v1.printers.$assetId.live'
import * as connectionPage from '~/routes/printers.$printerId_.connection'
import { hashToken } from '~/utils/api-auth.server'
import { resetEnvCache } from '~/utils/env.server'
import { wellFormed, type Ctx, type Sent, type Target } from '../support/harness'
import { rowOf } from '../support/records'
import { hostile, ref, type Entries, type FieldValue, type FileValue } from '../support/values'

/** Saves need the key: a fixed one for the fuzz run. */
function withKey() {
  process.env.PRINTER_SECRET_KEY ??= randomBytes(32).toString('base64')
  resetEnvCache()
}

let seq = 0
async function token(scope: 'read' | 'write', revoked = false): Promise<string> {
  const value = `mes_${randomBytes(32).toString('base64url')}`
  await db.insert(apiTokens).values({ name: `fuzz-live-${scope}`, scope, tokenHash: hashToken(value), prefix: value.slice(0, 12), revokedAt: revoked ? new Date() : null })
  return value
}

async function printerFixture(): Promise<Ctx> {
  withKey()
  const [p] = await db
    .insert(printers)
    .values({ assetId: `FUZZ-LIVE-${process.pid}-${++seq}`, name: 'Fuzz live printer', calendar: calendarPreset('always') })
    .returning({ id: printers.id, assetId: printers.assetId })
  return { printer: p.id, assetId: p.assetId, read: await token('read'), write: await token('write'), revoked: await token('write', true) }
}

async function connectionRow(printerId: string) {
  const [row] = await db.select().from(printerConnections).where(eq(printerConnections.printerId, printerId))
  return row
}

const SECRETS = ['apiKey', 'serial', 'accessCode']

/** Stored = sent after the documented normalisation; the secrets only sealed. */
async function expectStored(printerId: string, sent: { type: string; host: string; port: string | number | null | undefined; tls: boolean }, secrets: string[]) {
  const row = await connectionRow(printerId)
  expect(row.type).toBe(sent.type)
  if (sent.type === 'none') return expect(row).toMatchObject({ host: '', port: null, tls: false, secret: null })
  expect(row.host).toBe(sent.host.trim())
  expect(row.tls).toBe(sent.tls)
  const port = sent.port === '' || sent.port === null || sent.port === undefined ? defaultPort(sent.type as ConnectedType, sent.tls) : Number(sent.port)
  expect(row.port).toBe(port)
  for (const s of secrets) if (s.trim().length >= 4) expect(row.secret ?? '').not.toContain(s.trim())
}

const plausibleFields: Record<string, fc.Arbitrary<FieldValue>> = {
  version: fc.oneof({ weight: 8, arbitrary: fc.constant(ref('version')) }, { weight: 1, arbitrary: fc.constantFrom('0', '1', '999', '-1') }),
  type: fc.constantFrom('none', 'moonraker', 'octoprint', 'bambu'),
  host: fc.constantFrom('192.168.1.20', 'octopi.local', 'k1-max', 'fe80::1', '', 'http://x', '10.0.0.5'),
  port: fc.constantFrom('', '7125', '80', '8883', '0', '70000', '1.5'),
  tls: fc.constant('on'),
  clearSecrets: fc.constant('on'),
  apiKey: fc.constantFrom('B5A36115A3DC49148EFC52012E7EBCD9', '', 'with space', 'k'.repeat(129)),
  serial: fc.constantFrom('01P00A391800123', '', 'bad/#serial'),
  accessCode: fc.constantFrom('3f9a1c7e', '', '12345678'),
}

const page: Target = {
  row: rowOf('printers.$printerId_.connection', 'save'),
  mod: connectionPage,
  fixture: printerFixture,
  context: async (f) => ({ ...f, version: String((await connectionRow(f.printer))?.version ?? 0) }),
  plausible: plausibleFields,
  readBack: async (sent: Sent, answer) => {
    if (answer.toast?.key !== 'printerLive.connection.saved') return
    await expectStored(sent.ctx.printer, { type: sent.get('type')!, host: wellFormed(sent.get('host') ?? ''), port: sent.get('port')?.trim(), tls: sent.get('tls') === 'on' }, SECRETS.map((s) => sent.get(s) ?? ''))
  },
}

// ---- the API --------------------------------------------------------------------------------------------------------

const auth = (scope: 'read' | 'write'): fc.Arbitrary<Entries> =>
  fc.oneof(
    { weight: 20, arbitrary: fc.constant<Entries>([['@auth', ref(scope)]]) },
    { weight: 1, arbitrary: fc.constant<Entries>([]) },
    { weight: 1, arbitrary: fc.constantFrom<Entries>([['@auth', ref('read')]], [['@auth', ref('revoked')]], [['@auth', 'mes_nope']]) },
  )

const assetParam: fc.Arbitrary<Entries> = fc
  .oneof({ weight: 12, arbitrary: fc.constant<FieldValue>(ref('assetId')) }, { weight: 1, arbitrary: fc.constantFrom<FieldValue>('NOPE', 'fuzz-live') }, { weight: 2, arbitrary: hostile })
  .map((v): Entries => [['@param:assetId', v]])

const maybe = <T>(a: fc.Arbitrary<T>) => fc.oneof(a, fc.constant(undefined))
const bodyObject = fc.record(
  {
    type: fc.oneof({ weight: 10, arbitrary: fc.constantFrom<unknown>('none', 'moonraker', 'octoprint', 'bambu') }, { weight: 1, arbitrary: hostile }),
    host: fc.oneof({ weight: 6, arbitrary: fc.constantFrom<unknown>('192.168.1.20', 'octopi.local', '10.0.0.5') }, { weight: 1, arbitrary: fc.oneof(hostile, fc.integer()) }),
    port: maybe(fc.oneof(fc.constantFrom<unknown>(null, 7125, 8883, 0, 70000, 1.5, '80'), fc.integer())),
    tls: maybe(fc.oneof(fc.boolean(), fc.constantFrom<unknown>('true', 1, null))),
    serial: maybe(fc.oneof(fc.constantFrom<unknown>('01P00A391800123', null, 'a/b', ''), hostile)),
    accessCode: maybe(fc.oneof(fc.constantFrom<unknown>('3f9a1c7e', null), hostile)),
    apiKey: maybe(fc.oneof(fc.constantFrom<unknown>('B5A36115A3DC49148EFC52012E7EBCD9', null, ''), hostile)),
    role: maybe(fc.constant<unknown>('admin')),
  },
  { requiredKeys: ['type'] },
)
const body = fc.oneof(
  { weight: 12, arbitrary: bodyObject.map((o) => JSON.stringify(o)) },
  { weight: 1, arbitrary: fc.oneof(fc.json(), hostile, fc.constantFrom('{', '[]', 'null', '{"type":"bambu","host":"\\u0000"}', 'x'.repeat(20_000))) },
)

function apiRequest(method: string, entries: [string, string | FileValue][], path: string): Request {
  const headers = new Headers({ 'x-mes-client-ip': '10.0.0.9' })
  let payload: string | undefined
  for (const [k, v] of entries) {
    if (typeof v !== 'string') continue
    if (k === '@auth') headers.set('Authorization', `Bearer ${v.replace(/[^\x20-\x7e]/g, '?')}`)
    else if (k === '@body') payload = v
    else if (k === '@type') headers.set('Content-Type', v.replace(/[^\x20-\x7e]/g, '?'))
  }
  return new Request(new URL(path, 'http://localhost'), { method, headers, body: method === 'GET' ? undefined : (payload ?? '') })
}

const assetPath = (entries: [string, string | FileValue][], tail: string) =>
  `/api/v1/printers/${encodeURIComponent(wellFormed(String(entries.find(([k]) => k === '@param:assetId')?.[1] ?? '')))}/${tail}`

const put: Target = {
  row: rowOf('api.v1.printers.$assetId.connection', undefined, 'POST'),
  label: 'PUT (json)',
  mod: connectionApi,
  actors: ['anonymous'],
  fixture: printerFixture,
  context: async (f) => f,
  inputs: fc
    .tuple(auth('write'), assetParam, fc.oneof({ weight: 12, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/json; charset=utf-8', '') }), body, fc.oneof({ weight: 12, arbitrary: fc.constant('PUT') }, { weight: 1, arbitrary: fc.constantFrom('POST', 'PATCH', 'DELETE') }))
    .map(([a, p, t, b, m]) => [...a, ...p, ['@type', t], ['@body', b], ['@method', m]] as Entries),
  build: async (entries) => apiRequest(String(entries.find(([k]) => k === '@method')?.[1] ?? 'PUT'), entries, assetPath(entries, 'connection')),
  readBack: async (sent, answer) => {
    const text = JSON.stringify(answer.data)
    const b = JSON.parse(sent.get('@body') ?? '{}') as Record<string, unknown>
    // A secret that reads like a JSON word ("true", "null") is looked for as a string (found by the fuzz: "serial":"true"
    // matched the answer's own `true`).
    for (const s of SECRETS) {
      const v = b[s]
      if (typeof v === 'string' && v.length >= 4) expect(text).not.toContain(['true', 'false', 'null'].includes(v) ? JSON.stringify(v) : v)
    }
    if ((answer.data as { changed?: boolean }).changed !== true) return
    await expectStored(sent.ctx.printer, { type: String(b.type), host: String(b.host ?? ''), port: b.port as number | null | undefined, tls: typeof b.tls === 'boolean' ? b.tls : b.type === 'bambu' }, SECRETS.map((s) => (typeof b[s] === 'string' ? (b[s] as string) : '')))
  },
  examples: [
    [['@auth', ref('write')], ['@param:assetId', ref('assetId')], ['@type', 'application/json'], ['@body', '{"type":"bambu","host":"10.0.0.5","serial":"01P00A391800123","accessCode":"3f9a1c7e"}'], ['@method', 'PUT']],
    // Found by the fuzz: a NUL in the asset id reached the lookup query (500); now a 404.
    [['@auth', ref('write')], ['@param:assetId', 'a\u0000b'], ['@type', 'application/json'], ['@body', '{"type":"none"}'], ['@method', 'PUT']],
  ],
}

/** A printer with a connection and a stored live state, so that most reads reach the whole path. */
async function connectedFixture(): Promise<Ctx> {
  const f = await printerFixture()
  await saveConnection({ id: null, username: 'fuzz' }, f.printer, { type: 'moonraker', host: '10.0.0.8', port: null, tls: false }, null)
  await writeLiveBatch([{ printerId: f.printer, record: { state: 'printing', progress: 0.5, remainingSeconds: 60, file: 'f.gcode', nozzleC: 200, bedC: 60, message: null, filamentMm: null, lastSeenAt: new Date(), connectedSince: new Date(), lastError: null, lastErrorAt: null } }], [])
  return f
}

const live: Target = {
  row: rowOf('api.v1.printers.$assetId.live', undefined, 'GET'),
  mod: liveApi,
  actors: ['anonymous'],
  fixture: connectedFixture,
  context: async (f) => f,
  inputs: fc.tuple(auth('read'), assetParam).map(([a, p]) => [...a, ...p] as Entries),
  build: async (entries) => apiRequest('GET', entries, assetPath(entries, 'live')),
  // Found by the fuzz: a NUL in the asset id reached the lookup query (500); now a 404.
  examples: [[['@auth', ref('read')], ['@param:assetId', 'a\u0000b']]],
}

/** Forgetting the pinned certificate of a Bambu TLS connection: at the version seen; nothing else of the row changes. */
const forget: Target = {
  row: rowOf('printers.$printerId_.connection', 'forget-certificate'),
  mod: connectionPage,
  fixture: async () => {
    const f = await printerFixture()
    await saveConnection({ id: null, username: 'fuzz' }, f.printer, { type: 'bambu', host: '10.0.0.7', port: null, tls: true, serial: '01P00A391800123', accessCode: '3f9a1c7e' }, null)
    await db.update(printerConnections).set({ tlsFingerprint: 'AA:BB' }).where(eq(printerConnections.printerId, f.printer))
    return f
  },
  context: async (f) => ({ ...f, version: String((await connectionRow(f.printer))?.version ?? 0) }),
  readBack: async (sent: Sent, answer) => {
    const row = await connectionRow(sent.ctx.printer)
    expect(row).toMatchObject({ type: 'bambu', host: '10.0.0.7', tls: true })
    if (answer.toast?.key === 'printerLive.certificate.forgotten') expect(row.tlsFingerprint).toBeNull()
  },
}

export const printerLiveTargets: Target[] = [page, forget, put, live]
