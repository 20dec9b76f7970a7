import fs from 'node:fs'
import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { db } from '~db/client.server'
import { apiTokens, auditLog, vibrationImports } from '~db/schema'
import * as adminTokens from '~/routes/admin.tokens'
import * as docs from '~/routes/api.v1.docs'
import * as machinesApi from '~/routes/api.v1.machines'
import * as openapi from '~/routes/api.v1.openapi[.]json'
import * as dataApi from '~/routes/api.v1.vibration-data'
import { createApiToken, hashToken, revokeApiToken } from '~/utils/api-auth.server'
import { type openApiDocument } from '~/utils/openapi'
import { BASE, callAction, callLoader, cookieHeader, makeRequest, setCookies } from '../support/app'
import { fixture, resetVibration, signedIn, storedCounts } from './vibration-support'

beforeEach(async () => {
  await resetVibration()
})

const admin = { id: null, username: 'test' }

async function token(scope: 'read' | 'write') {
  return (await createApiToken(admin, { name: `gw-${scope}`, scope })).token
}

function api(path: string, opts: { token?: string; method?: string; body?: BodyInit; type?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) }
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`
  if (opts.type) headers['Content-Type'] = opts.type
  return new Request(new URL(path, BASE), { method: opts.method ?? 'GET', headers, body: opts.body, ...(opts.body ? { duplex: 'half' } : {}) } as RequestInit)
}

async function postCsv(tok: string, csv: string, query = '') {
  return callAction(dataApi, api(`/api/v1/vibration-data${query}`, { token: tok, method: 'POST', body: csv, type: 'text/csv' }))
}

describe('API tokens: the admin page', () => {
  test('an admin creates a token: shown once on the redirect target, only its hash stored, audited; then revoked', async () => {
    const { cookie } = await signedIn('admin')
    const created = await callAction(adminTokens, makeRequest('/admin/tokens', { cookie, form: { intent: 'create', name: 'Gateway 1', scope: 'write' } }))
    expect(created).toMatchObject({ status: 302, location: '/admin/tokens' })
    const flash = cookieHeader(...setCookies(created).filter((c) => c.startsWith('mes_new_token=')))
    expect(flash).not.toBe('')

    const page = await callLoader(adminTokens, makeRequest('/admin/tokens', { cookie: `${cookie}; ${flash}` }))
    const view = page.data as { created: { name: string; token: string } | null; tokens: { id: string; name: string; prefix: string; lastUsedAt: unknown }[] }
    expect(view.created?.name).toBe('Gateway 1')
    const plain = view.created!.token
    expect(plain).toMatch(/^mes_[A-Za-z0-9_-]{43}$/)
    // The loader clears the flash: the next visit shows no token.
    expect(setCookies(page).some((c) => c.startsWith('mes_new_token=;') && /Max-Age=0/i.test(c))).toBe(true)
    const again = await callLoader(adminTokens, makeRequest('/admin/tokens', { cookie }))
    expect((again.data as typeof view).created).toBeNull()

    const [row] = await db.select().from(apiTokens)
    expect(row.tokenHash).toBe(hashToken(plain))
    expect(JSON.stringify(row)).not.toContain(plain)
    expect(row).toMatchObject({ name: 'Gateway 1', scope: 'write', prefix: plain.slice(0, 12), lastUsedAt: null })
    const audits = await db.select().from(auditLog).where(eq(auditLog.action, 'token.create'))
    expect(audits).toHaveLength(1)
    expect(JSON.stringify(audits[0])).not.toContain(plain)

    // Used once → last used is recorded and listed.
    expect((await callLoader(machinesApi, api('/api/v1/machines', { token: plain }))).status).toBe(200)
    const listed = (await callLoader(adminTokens, makeRequest('/admin/tokens', { cookie }))).data as typeof view
    expect(listed.tokens[0].lastUsedAt).not.toBeNull()

    const revoked = await callAction(adminTokens, makeRequest('/admin/tokens', { cookie, form: { intent: 'revoke', id: row.id } }))
    expect(revoked).toMatchObject({ status: 302, location: '/admin/tokens' })
    expect((await db.select().from(apiTokens))[0].revokedAt).not.toBeNull()
    expect(await db.select().from(auditLog).where(eq(auditLog.action, 'token.revoke'))).toHaveLength(1)
    expect((await callLoader(machinesApi, api('/api/v1/machines', { token: plain }))).status).toBe(401)
  })

  test('a bad name answers 400 and creates nothing; a planner gets 403', async () => {
    const { cookie } = await signedIn('admin')
    const res = await callAction(adminTokens, makeRequest('/admin/tokens', { cookie, form: { intent: 'create', name: ' ', scope: 'read' } }))
    expect(res.status).toBe(400)
    expect(await db.select().from(apiTokens)).toHaveLength(0)
    const planner = await signedIn('planner')
    const denied = await callAction(adminTokens, makeRequest('/admin/tokens', { cookie: planner.cookie, form: { intent: 'create', name: 'x', scope: 'read' } }))
    expect(denied.status).toBe(403)
  })
})

describe('API: the Bearer guard', () => {
  test('missing, malformed and unknown tokens → 401 JSON; revoked → 401; read token on POST → 403; valid → 200', async () => {
    const read = await token('read')
    const missing = await callLoader(machinesApi, api('/api/v1/machines'))
    expect(missing.status).toBe(401)
    expect(missing.headers.get('Content-Type')).toContain('application/json')
    expect(missing.headers.get('WWW-Authenticate')).toMatch(/^Bearer/)
    expect(missing.data).toMatchObject({ error: { code: 'unauthorized' } })
    // A signed-in cookie session is no credential for the API.
    const { cookie } = await signedIn('admin')
    expect((await callLoader(machinesApi, makeRequest('/api/v1/machines', { cookie }))).status).toBe(401)
    expect((await callLoader(machinesApi, api('/api/v1/machines', { headers: { Authorization: `Basic ${read}` } }))).status).toBe(401)
    expect((await callLoader(machinesApi, api('/api/v1/machines', { token: `${read}x` }))).status).toBe(401)

    const ok = await callLoader(machinesApi, api('/api/v1/machines', { token: read }))
    expect(ok).toMatchObject({ status: 200, data: { data: [] } })

    const wrongScope = await postCsv(read, fixture('table-export.csv'))
    expect(wrongScope).toMatchObject({ status: 403, data: { error: { code: 'forbidden' } } })
    expect(await db.select().from(vibrationImports)).toHaveLength(0)

    const [row] = await db.select().from(apiTokens).where(eq(apiTokens.tokenHash, hashToken(read)))
    await revokeApiToken(admin, row.id)
    const revoked = await callLoader(dataApi, api('/api/v1/vibration-data', { token: read }))
    expect(revoked).toMatchObject({ status: 401, data: { error: { code: 'unauthorized' } } })
  })

  test('last_used_at is written at most once a minute (cheap)', async () => {
    const read = await token('read')
    await callLoader(machinesApi, api('/api/v1/machines', { token: read }))
    const [first] = await db.select().from(apiTokens)
    await callLoader(machinesApi, api('/api/v1/machines', { token: read }))
    const [second] = await db.select().from(apiTokens)
    expect(first.lastUsedAt).not.toBeNull()
    expect(second.lastUsedAt!.getTime()).toBe(first.lastUsedAt!.getTime())
  })
})

describe('API: vibration data', () => {
  test('POST text/csv (recording, machine+sensor from the query) → 201 report; the same again → 200 already imported', async () => {
    const write = await token('write')
    const csv = fixture('g1_sensor1.csv')
    const res = await postCsv(write, csv, '?machine=press1&sensor=2&recorded_at=2025-03-01T10:00:00')
    expect(res).toMatchObject({ status: 201, data: { status: 'succeeded', rows_imported: 300, recording_count: 1, problems: [] } })
    const [imp] = await db.select().from(vibrationImports)
    expect(imp).toMatchObject({ source: 'api', sensorNo: '2', fileName: 'api.csv', username: 'token:gw-write' })
    expect(imp.tokenId).not.toBeNull()
    const again = await postCsv(write, csv, '?machine=press1&sensor=2&recorded_at=2025-03-01T10:00:00')
    expect(again).toMatchObject({ status: 200, data: { status: 'duplicate', message: 'already imported', rows_imported: 0 } })
    expect(await storedCounts()).toMatchObject({ recordings: 1, samples: 300 })
  })

  test('POST with bad rows → 400 with problems (line, column, code), nothing stored; over the cap → 413', async () => {
    const write = await token('write')
    const res = await postCsv(write, '0.0,1,2,3,4\n0.1,1,x,3,4\n', '?machine=press1&sensor=1')
    expect(res.status).toBe(400)
    const body = res.data as { error: { code: string; problems: { line: number; column: number; code: string }[] } }
    expect(body.error.code).toBe('bad_request')
    expect(body.error.problems[0]).toMatchObject({ line: 2, column: 3, code: 'not_a_number' })
    expect(await storedCounts()).toMatchObject({ recordings: 0, samples: 0 })
    const missing = await postCsv(write, fixture('g1_sensor1.csv'))
    expect((missing.data as typeof body).error.problems[0]).toMatchObject({ code: 'machine_required' })

    const before = process.env.VIBRATION_MAX_UPLOAD_BYTES
    process.env.VIBRATION_MAX_UPLOAD_BYTES = '1000'
    try {
      const big = await postCsv(write, fixture('g1_sensor1.csv'), '?machine=press1&sensor=1')
      expect(big).toMatchObject({ status: 413, data: { error: { code: 'too_large' } } })
      // Declared up front: refused before reading.
      const declared = await callAction(
        dataApi,
        api('/api/v1/vibration-data?machine=a&sensor=1', { token: write, method: 'POST', body: 'x', type: 'text/csv', headers: { 'Content-Length': '5000' } }),
      )
      expect(declared.status).toBe(413)
    } finally {
      if (before === undefined) delete process.env.VIBRATION_MAX_UPLOAD_BYTES
      else process.env.VIBRATION_MAX_UPLOAD_BYTES = before
    }
    expect(await storedCounts()).toMatchObject({ recordings: 0, samples: 0 })
  })

  test('POST application/json rows in the table-export shape → 201; a bad row → 400 with its line; other types → 415', async () => {
    const write = await token('write')
    const rows = [0, 1, 2].map((i) => ({
      machine_name: 'g7',
      sensor_no: '1',
      collected_at: '2024-05-01 10:00:00',
      measured_time: i / 1360,
      normal: i,
      unbalance: i * 2,
      looseness: i * 3,
      unbalance_looseness: i * 4,
    }))
    const res = await callAction(dataApi, api('/api/v1/vibration-data', { token: write, method: 'POST', body: JSON.stringify(rows), type: 'application/json' }))
    expect(res).toMatchObject({ status: 201, data: { status: 'succeeded', rows_imported: 3, recording_count: 1 } })
    const read = await callLoader(dataApi, api('/api/v1/vibration-data?machine=G7', { token: write }))
    expect((read.data as { data: unknown[] }).data).toEqual(
      rows.map((r) => ({ ...r, collected_at: '2024-05-01T01:00:00.000Z', value: null })),
    )

    const bad = await callAction(
      dataApi,
      api('/api/v1/vibration-data', { token: write, method: 'POST', body: JSON.stringify([rows[0], { ...rows[1], normal: 'oops' }]), type: 'application/json' }),
    )
    expect(bad.status).toBe(400)
    expect((bad.data as { error: { problems: unknown[] } }).error.problems[0]).toMatchObject({ line: 3, column: 5, code: 'not_a_number' })
    const notArray = await callAction(dataApi, api('/api/v1/vibration-data', { token: write, method: 'POST', body: '{"a":1}', type: 'application/json' }))
    expect(notArray.status).toBe(400)
    const xml = await callAction(dataApi, api('/api/v1/vibration-data', { token: write, method: 'POST', body: '<a/>', type: 'application/xml' }))
    expect(xml.status).toBe(415)
  })

  test('GET pages with the `after` cursor through every sample exactly once; filters and limits are checked', async () => {
    const write = await token('write')
    expect((await postCsv(write, fixture('table-export.csv'))).status).toBe(201) // 60 rows, 3 recordings
    const read = await token('read')
    const seen: string[] = []
    let after: string | null = null
    let pages = 0
    do {
      const q: string = after ? `?limit=25&after=${encodeURIComponent(after)}` : '?limit=25'
      const res = await callLoader(dataApi, api(`/api/v1/vibration-data${q}`, { token: read }))
      expect(res.status).toBe(200)
      const body = res.data as { data: { machine_name: string; sensor_no: string; collected_at: string; measured_time: number }[]; next_cursor: string | null }
      expect(body.data.length).toBeLessThanOrEqual(25)
      for (const r of body.data) seen.push(`${r.machine_name}/${r.sensor_no}/${r.collected_at}/${r.measured_time}`)
      after = body.next_cursor
      pages++
    } while (after && pages < 10)
    expect(seen).toHaveLength(60)
    expect(new Set(seen).size).toBe(60)
    expect(pages).toBe(3)

    const g1 = await callLoader(dataApi, api('/api/v1/vibration-data?machine=g1&sensor=1&limit=5000', { token: read }))
    const g1Rows = (g1.data as { data: { machine_name: string }[] }).data
    expect(g1Rows.length).toBeGreaterThan(0)
    expect(g1Rows.every((r) => r.machine_name === 'g1')).toBe(true)
    const unknown = await callLoader(dataApi, api('/api/v1/vibration-data?machine=nope', { token: read }))
    expect(unknown).toMatchObject({ status: 200, data: { data: [], next_cursor: null } })
    const future = await callLoader(dataApi, api('/api/v1/vibration-data?from=2099-01-01T00:00:00Z', { token: read }))
    expect((future.data as { data: unknown[] }).data).toEqual([])
    for (const q of ['limit=5001', 'limit=0', 'limit=abc', 'after=garbage', 'from=yesterday', 'recording=1']) {
      const res = await callLoader(dataApi, api(`/api/v1/vibration-data?${q}`, { token: read }))
      expect(res.status, q).toBe(400)
    }
  })

  test('GET /api/v1/machines lists machines with sensors', async () => {
    const write = await token('write')
    await postCsv(write, fixture('table-export.csv'))
    const res = await callLoader(machinesApi, api('/api/v1/machines', { token: write }))
    const machines = (res.data as { data: { name: string; sensors: string[]; recording_count: number }[] }).data
    expect(res.status).toBe(200)
    expect(machines.map((m) => ({ name: m.name, sensors: m.sensors, recordings: m.recording_count }))).toEqual([
      { name: 'g1', sensors: ['1', '2'], recordings: 2 },
      { name: 'g3', sensors: ['1'], recordings: 1 },
    ])
  })
})

describe('API: OpenAPI document and docs page', () => {
  test('every app/routes/api.v1.* route (except openapi/docs) appears in the OpenAPI paths, with its methods', async () => {
    const files = fs.readdirSync('app/routes').filter((f) => f.startsWith('api.v1.') && !/^api\.v1\.(openapi|docs)\b/.test(f))
    expect(files.length).toBeGreaterThanOrEqual(2)
    const res = await callLoader(openapi, api('/api/v1/openapi.json'))
    expect(res.status).toBe(200)
    const doc = res.data as typeof openApiDocument
    expect(doc.openapi).toMatch(/^3\.0\./)
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' })
    for (const file of files) {
      const urlPath =
        '/' +
        file
          .replace(/\.tsx?$/, '')
          .split('.')
          // A trailing `_` only opts a segment out of nesting (api.v1.machines_.diagnosis.latest); it is not in the URL.
          .map((seg) => seg.replace(/_$/, ''))
          .map((seg) => (seg.startsWith('$') ? `{${seg.slice(1)}}` : seg.replace(/\[(.*?)\]/g, '$1')))
          .join('/')
      expect(doc.paths, file).toHaveProperty([urlPath])
      const src = fs.readFileSync(`app/routes/${file}`, 'utf8')
      if (/export async function loader/.test(src)) expect(doc.paths[urlPath].get, `${file} GET`).toBeDefined()
      // An action answers POST or PUT (PUT /api/v1/printers/{assetId}/connection).
      if (/export async function action/.test(src)) expect(doc.paths[urlPath].post ?? doc.paths[urlPath].put, `${file} POST/PUT`).toBeDefined()
    }
  })

  test('the docs page renders every operation for a signed-in user; anonymous visitors go to /login', async () => {
    const { cookie } = await signedIn('viewer')
    const res = await callLoader(docs, makeRequest('/api/v1/docs', { cookie }))
    const endpoints = (res.data as { endpoints: { method: string; path: string }[] }).endpoints
    expect(endpoints.map((e) => `${e.method} ${e.path}`)).toEqual([
      'GET /api/v1/machines',
      'GET /api/v1/vibration-data',
      'POST /api/v1/vibration-data',
      'GET /api/v1/vibration-diagnosis',
      'GET /api/v1/machines/diagnosis/latest',
      'GET /api/v1/machines/{name}/diagnosis/latest',
      'PUT /api/v1/printers/{assetId}/connection',
      'GET /api/v1/printers/{assetId}/live',
    ])
    const anon = await callLoader(docs, makeRequest('/api/v1/docs'))
    expect(anon.location).toMatch(/^\/login/)
  })
})
