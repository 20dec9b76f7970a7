import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import postgres from 'postgres'
import { db, getDbHandle } from '~db/client.server'
import { vibrationImports, vibrationRecordings } from '~db/schema'
import { importVibrationFile } from '~/models/vibration/import-file.server'
import { readRecordingChannels } from '~/models/vibration/recording-samples.server'
import { failAbandonedImports } from '~/models/vibration/import-file.server'
import * as importPage from '~/routes/vibration.imports.$importId'
import { callLoader, makeRequest } from '../support/app'
import { auditCount, fixture, lastImport, recordingCsv, resetVibration, signedIn, storedCounts, uploadFiles } from './vibration-support'

beforeEach(async () => {
  await resetVibration()
})

describe('vibration upload: layouts', () => {
  test('a headerless recording (CRLF) is stored under the machine and sensor of its file name, created on the fly', async () => {
    const { cookie } = await signedIn('planner')
    const res = await uploadFiles(cookie, [{ name: 'g1_sensor1.csv', content: fixture('g1_sensor1.csv') }], { recordedAt: '2025-03-01T10:00:00' })
    const imp = await lastImport()
    expect(res).toMatchObject({ status: 302, location: `/vibration/imports/${imp.id}` })
    expect(imp).toMatchObject({ status: 'succeeded', layout: 'recording', rowsImported: 300, rowsSkipped: 0, sensorNo: '1', sizeBytes: fixture('g1_sensor1.csv').length })
    expect(imp.contentHash).toMatch(/^[0-9a-f]{64}$/)
    const [rec] = await db.select().from(vibrationRecordings)
    expect(rec).toMatchObject({ sensorNo: '1', sampleCount: 300, channels: ['normal', 'type1', 'type2', 'type3'] })
    expect(rec.collectedAt.toISOString()).toBe('2025-03-01T01:00:00.000Z') // Asia/Seoul wall clock
    const data = await readRecordingChannels(rec.id)
    expect(data!.machine.name).toBe('g1')
    expect(data!.time[1]).toBeCloseTo(1 / 1360, 6)
    expect(data!.channels.type1![2]).toBe(Number(fixture('g1_sensor1.csv').split('\r\n')[2].split(',')[2]))
    expect(await auditCount('vibration.import')).toBe(1)
    const page = await callLoader(importPage, makeRequest(`/vibration/imports/${imp.id}`, { cookie }), { importId: imp.id })
    expect(page.status).toBe(200)
  })

  test('a semicolon recording with a header, a table export and a single channel file are each read', async () => {
    const { cookie } = await signedIn('admin')
    expect((await uploadFiles(cookie, [{ name: 'g2_sensor3.csv', content: fixture('g2_sensor3.csv') }])).status).toBe(302)
    expect(await lastImport()).toMatchObject({ status: 'succeeded', layout: 'recording', rowsImported: 50, sensorNo: '3' })
    expect((await uploadFiles(cookie, [{ name: 'export.csv', content: fixture('table-export.csv') }])).status).toBe(302)
    expect(await lastImport()).toMatchObject({ status: 'succeeded', layout: 'table', rowsImported: 60, recordingCount: 3 })
    expect((await uploadFiles(cookie, [{ name: 'pump.csv', content: fixture('single-channel.csv') }], { machine: 'pump 7', sensor: '2' })).status).toBe(302)
    expect(await lastImport()).toMatchObject({ status: 'succeeded', layout: 'single', rowsImported: 30, sensorNo: '2' })
    const counts = await storedCounts()
    expect(counts).toMatchObject({ recordings: 5, samples: 140, machines: 4 }) // g2, g1, g3, pump 7
  })

  test('several files in one upload land in one batch and the report lists each', async () => {
    const { cookie } = await signedIn('planner')
    const res = await uploadFiles(cookie, [
      { name: 'g1_sensor1.csv', content: fixture('g1_sensor1.csv') },
      { name: 'g2_sensor3.csv', content: fixture('g2_sensor3.csv') },
    ])
    expect(res.status).toBe(302)
    expect(res.location).toMatch(/^\/vibration\/imports\?batch=/)
    const rows = await db.select().from(vibrationImports)
    expect(rows.map((r) => r.status)).toEqual(['succeeded', 'succeeded'])
    expect(new Set(rows.map((r) => r.batchId)).size).toBe(1)
  })

  test('a recording spanning several blocks reads back exactly, sample for sample', async () => {
    const { cookie } = await signedIn('planner')
    const text = recordingCsv(9000)
    expect((await uploadFiles(cookie, [{ name: 'big_sensor2.csv', content: text }])).status).toBe(302)
    const [rec] = await db.select().from(vibrationRecordings)
    const data = (await readRecordingChannels(rec.id))!
    expect(data.sampleCount).toBe(9000)
    const lines = text.trim().split('\n')
    for (const i of [0, 4095, 4096, 8191, 8192, 8999]) {
      const cells = lines[i].split(',').map(Number)
      expect([data.time[i], data.channels.normal![i], data.channels.type1![i], data.channels.type2![i], data.channels.type3![i]]).toEqual(cells)
    }
  })
})

describe('vibration upload: idempotency', () => {
  test('re-uploading the same file for the same machine/sensor adds nothing and says already imported', async () => {
    const { cookie } = await signedIn('planner')
    const file = { name: 'g1_sensor1.csv', content: fixture('g1_sensor1.csv') }
    await uploadFiles(cookie, [file])
    const before = await storedCounts()
    const res = await uploadFiles(cookie, [file], { recordedAt: '2030-01-01T00:00:00' })
    expect(res.status).toBe(302)
    expect(await lastImport()).toMatchObject({ status: 'duplicate', message: 'vibration.import.alreadyImported', rowsImported: 0 })
    expect(await storedCounts()).toEqual(before)
    // The same content for another sensor is new data.
    await uploadFiles(cookie, [{ ...file, name: 'g1_sensor2.csv' }])
    expect((await storedCounts()).samples).toBe(before.samples + 300)
  })

  test('re-importing an overlapping table export adds only the new rows and reports the skipped ones', async () => {
    const { cookie } = await signedIn('planner')
    const header = 'machine_name,sensor_no,collected_at,measured_time,normal,unbalance,looseness,unbalance_looseness'
    const rows = (m: string, c: string, from: number, to: number) =>
      Array.from({ length: to - from }, (_, k) => `${m},1,${c},${((from + k) / 1000).toFixed(3)},${from + k},1,2,3`)
    const first = [header, ...rows('g1', '2024-05-01 10:00:00', 0, 5000)].join('\n')
    await uploadFiles(cookie, [{ name: 'export-1.csv', content: first }])
    const second = [header, ...rows('g1', '2024-05-01 10:00:00', 0, 5100), ...rows('g2', '2024-05-01 11:00:00', 0, 10)].join('\n')
    await uploadFiles(cookie, [{ name: 'export-2.csv', content: second }])
    expect(await lastImport()).toMatchObject({ status: 'succeeded', rowsImported: 110, rowsSkipped: 5000 })
    expect(await storedCounts()).toMatchObject({ recordings: 2, samples: 5110 })
    const [g1] = await db.select().from(vibrationRecordings).where(eq(vibrationRecordings.sampleCount, 5100))
    const data = (await readRecordingChannels(g1.id))!
    expect(Array.from(data.channels.normal!.slice(4998, 5003))).toEqual([4998, 4999, 5000, 5001, 5002])
    expect(data.time[5099]).toBe(5.099)
  })
})

describe('vibration upload: bad input is rejected with its line, nothing stored', () => {
  const cases: [string, string, Record<string, unknown>][] = [
    ['empty file', '', { message: 'vibration.error.emptyFile' }],
    ['header only', 'Time,Normal,Type 1,Type 2,Type 3\n', { message: 'vibration.error.noRows' }],
    ['unknown header', 'Time,Normal,Typo,Type 2,Type 3\n0,1,2,3,4\n', { message: 'vibration.error.layout', problems: [expect.objectContaining({ line: 1, column: 3, code: 'unknown_header' })] }],
    ['missing column', 'Time,Normal,Type 1,Type 2\n0,1,2,3\n', { message: 'vibration.error.layout', problems: [expect.objectContaining({ line: 1, code: 'missing_column', text: 'type3' })] }],
    ['non-numeric', '0,1,2,3,4\n1,1,x,3,4\n', { problems: [expect.objectContaining({ line: 2, column: 3, code: 'not_a_number' })] }],
    ['NaN and Infinity', '0,1,2,3,4\n1,NaN,2,3,4\n2,1,2,3,Infinity\n', { problemCount: 2, problems: [expect.objectContaining({ line: 2, code: 'not_finite' }), expect.objectContaining({ line: 3, column: 5, code: 'not_finite' })] }],
    ['time going backwards', '0,1,2,3,4\n1,1,2,3,4\n0.5,1,2,3,4\n', { problems: [expect.objectContaining({ line: 3, column: 1, code: 'time_not_increasing' })] }],
    ['time repeating', '0,1,2,3,4\n1,1,2,3,4\n1,1,2,3,4\n', { problems: [expect.objectContaining({ line: 3, code: 'time_not_increasing' })] }],
    [
      'a table export mixing bad dates',
      'machine_name,sensor_no,collected_at,measured_time,normal,unbalance,looseness,unbalance_looseness\ng1,1,2024-05-01 10:00:00,0,1,2,3,4\ng1,1,2024-13-45 10:00:00,0.1,1,2,3,4\ng1,1,yesterday,0.2,1,2,3,4\n',
      { problems: [expect.objectContaining({ line: 3, column: 3, code: 'bad_date' }), expect.objectContaining({ line: 4, code: 'bad_date' })] },
    ],
    [
      'a machine name with SQL or HTML in it',
      "machine_name,sensor_no,collected_at,measured_time,normal,unbalance,looseness,unbalance_looseness\ng1'; drop table users;--,1,2024-05-01,0,1,2,3,4\n<script>alert(1)</script>,1,2024-05-01,0,1,2,3,4\n",
      { problems: [expect.objectContaining({ line: 2, column: 1, code: 'bad_machine' }), expect.objectContaining({ line: 3, code: 'bad_machine' })] },
    ],
    [
      'quoted fields with embedded delimiters',
      'machine_name,sensor_no,collected_at,measured_time,normal,unbalance,looseness,unbalance_looseness\n"press, 2",1,2024-05-01,0,1,2,3,4\ng1,1,2024-05-01,"0,5",1,2,3,4\n',
      { problems: [expect.objectContaining({ line: 2, column: 1, code: 'bad_machine', text: 'press, 2' }), expect.objectContaining({ line: 3, column: 4, code: 'not_a_number' })] },
    ],
  ]
  test.each(cases)('%s', async (_name, content, expected) => {
    const { cookie } = await signedIn('planner')
    const res = await uploadFiles(cookie, [{ name: 'g9_sensor1.csv', content }])
    expect(res.status).toBe(302)
    expect(await lastImport()).toMatchObject({ status: 'failed', rowsImported: 0, ...expected })
    expect(await storedCounts()).toMatchObject({ recordings: 0, blocks: 0, samples: 0 })
    expect(await auditCount('vibration.import')).toBe(0)
  })

  test('binary garbage renamed .csv is refused as not a text file', async () => {
    const { cookie } = await signedIn('planner')
    const garbage = new Uint8Array(4096).map((_, i) => (i * 7919) % 256)
    await uploadFiles(cookie, [{ name: 'g1_sensor1.csv', content: garbage }])
    expect(await lastImport()).toMatchObject({ status: 'failed', message: 'vibration.error.binary' })
    expect((await storedCounts()).blocks).toBe(0)
  })

  test('a file over the cap → 413, nothing stored', async () => {
    const { cookie } = await signedIn('planner')
    process.env.VIBRATION_MAX_UPLOAD_BYTES = '2000'
    try {
      const res = await uploadFiles(cookie, [{ name: 'g1_sensor1.csv', content: recordingCsv(20000) }])
      expect(res.status).toBe(413)
      expect((res.data as { formErrors: string[] }).formErrors).toEqual(['vibration.error.tooLarge'])
      // Without a Content-Length (chunked), the cap is enforced while streaming.
      const outcome = await importVibrationFile({
        fileName: 'chunked.csv',
        body: (async function* () {
          for (let i = 0; i < 10; i++) yield new TextEncoder().encode(recordingCsv(100, i * 100))
        })(),
        machine: 'g1',
        sensor: '1',
        recordedAt: new Date(),
        batchId: crypto.randomUUID(),
        source: 'api',
        actor: { id: null, username: 'test' },
        canCreateMachines: true,
        maxBytes: 2000,
        timeZone: 'Asia/Seoul',
      })
      expect(outcome).toMatchObject({ status: 'failed', tooLarge: true })
    } finally {
      delete process.env.VIBRATION_MAX_UPLOAD_BYTES
    }
    expect(await storedCounts()).toMatchObject({ recordings: 0, blocks: 0 })
  })

  test('an operator cannot create a machine by uploading; the file names the unknown machine', async () => {
    const { cookie } = await signedIn('operator')
    await uploadFiles(cookie, [{ name: 'newmachine_sensor1.csv', content: fixture('g1_sensor1.csv') }])
    expect(await lastImport()).toMatchObject({ status: 'failed', problems: [expect.objectContaining({ code: 'unknown_machine', text: 'newmachine' })] })
    expect(await storedCounts()).toMatchObject({ machines: 0, recordings: 0 })
  })

  test('a viewer may not upload', async () => {
    const { cookie } = await signedIn('viewer')
    expect((await uploadFiles(cookie, [{ name: 'g1_sensor1.csv', content: fixture('g1_sensor1.csv') }])).status).toBe(403)
    expect(await db.select().from(vibrationImports)).toHaveLength(0)
  })
})

describe('vibration upload: interrupted imports store nothing', () => {
  test('a client disconnect mid-stream leaves no rows and a failed history entry', async () => {
    const outcome = await importVibrationFile({
      fileName: 'g1_sensor1.csv',
      body: (async function* () {
        yield new TextEncoder().encode(recordingCsv(30000))
        yield new TextEncoder().encode(recordingCsv(30000, 30000))
        throw new Error('aborted')
      })(),
      machine: 'g1',
      sensor: '1',
      recordedAt: new Date(),
      batchId: crypto.randomUUID(),
      source: 'form',
      actor: { id: null, username: 'test' },
      canCreateMachines: true,
      maxBytes: 1e9,
      timeZone: 'Asia/Seoul',
    })
    expect(outcome).toMatchObject({ status: 'failed', message: 'vibration.error.aborted' })
    expect(await storedCounts()).toMatchObject({ recordings: 0, blocks: 0, machines: 0 })
  })

  test('an import left running by a crash is marked failed at start-up', async () => {
    const startedAt = new Date(Date.now() - 60_000)
    const [row] = await db.insert(vibrationImports).values({ batchId: crypto.randomUUID(), source: 'form', fileName: 'x.csv', status: 'running', startedAt }).returning()
    expect(await failAbandonedImports()).toBe(1)
    const [after] = await db.select().from(vibrationImports).where(eq(vibrationImports.id, row.id))
    expect(after).toMatchObject({ status: 'failed', message: 'vibration.error.interrupted' })
  })

  test.runIf(!!process.env.TEST_DATABASE_URL)("another instance's import in progress (its transaction lock held) is left running", async () => {
    const startedAt = new Date(Date.now() - 60_000)
    const [row] = await db.insert(vibrationImports).values({ batchId: crypto.randomUUID(), source: 'form', fileName: 'y.csv', status: 'running', startedAt }).returning()
    const handle = getDbHandle()
    if (handle.kind !== 'postgres') throw new Error('expected PostgreSQL')
    const other = postgres(handle.config.databaseUrl!, { max: 1, onnotice: () => {} })
    try {
      await other.begin(async (tx) => {
        await tx`select pg_advisory_xact_lock(hashtextextended(${row.id}, 73))`
        expect(await failAbandonedImports()).toBe(0)
      })
      expect(await failAbandonedImports()).toBe(1)
    } finally {
      await other.end()
    }
  })
})

describe.runIf(!!process.env.TEST_DATABASE_URL)('vibration upload on PostgreSQL: a killed connection', () => {
  test('the database connection killed in the middle of an import (transaction and COPY) leaves 0 rows', async () => {
    const postgres = (await import('postgres')).default
    const { getDbHandle } = await import('~db/client.server')
    const handle = getDbHandle()
    if (handle.kind !== 'postgres') throw new Error('expected PostgreSQL')
    const [{ db: dbName }] = await handle.sql<{ db: string }[]>`select current_database() as db`
    const killer = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} })
    try {
      const outcome = await importVibrationFile({
        fileName: 'g1_sensor1.csv',
        body: (async function* () {
          yield new TextEncoder().encode(recordingCsv(30000))
          // The transaction has started and written: kill every backend of the test database.
          await killer`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${dbName} and pid <> pg_backend_pid()`
          yield new TextEncoder().encode(recordingCsv(300000, 30000))
        })(),
        machine: 'g1',
        sensor: '1',
        recordedAt: new Date(),
        batchId: crypto.randomUUID(),
        source: 'form',
        actor: { id: null, username: 'test' },
        canCreateMachines: true,
        maxBytes: 1e9,
        timeZone: 'Asia/Seoul',
      })
      expect(outcome).toMatchObject({ status: 'failed', message: 'vibration.error.aborted' })
    } finally {
      await killer.end()
    }
    expect(await storedCounts()).toMatchObject({ recordings: 0, blocks: 0, machines: 0 })
    expect(await lastImport()).toMatchObject({ status: 'failed' })
  })
})
