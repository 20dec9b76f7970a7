/** Fuzz targets of the vibration pages (POST rows of tests/support/authz/vibration.ts, API tokens aside). */
import { randomUUID } from 'node:crypto'
import { and, desc, eq } from 'drizzle-orm'
import fc from 'fast-check'
import { expect } from 'vitest'
import { db } from '~db/client.server'
import { vibrationBaselines, vibrationImports, vibrationMachines, vibrationRecordings } from '~db/schema'
import { parseMachineName } from '~/domain/vibration/ingest'
import { markBaseline } from '~/models/vibration/diagnosis-baselines.server'
import { importVibrationFile } from '~/models/vibration/import-file.server'
import { streamCreatesMachines } from '~/models/vibration/stream/machines.server'
import { recentRetentionRuns } from '~/models/vibration/retention.server'
import * as diagnosisMachine from '~/routes/vibration.diagnosis.$machineId'
import * as diagnosisRecording from '~/routes/vibration.diagnosis.recordings.$recordingId'
import * as machinePage from '~/routes/vibration.machines.$machineId'
import * as machineList from '~/routes/vibration.machines'
import * as upload from '~/routes/vibration.upload'
import { generateWindow } from '../../fixtures/vibration/generator'
import type { Answer, Ctx, Sent, Target } from '../support/harness'
import { lastAudit, rowOf, trimmed, versionOf } from '../support/records'
import { csvFile, localDateTime, ref } from '../support/values'

let seq = 0

/**
 * A machine with one single-channel recording of sensor 2, diagnosed on import: one 2,048-sample window by default;
 * with `samples` of 8,192 (four windows) its provisional baseline is complete enough to judge, and to confirm.
 */
export async function recordingFixture(samples = 2048): Promise<Ctx> {
  const name = `fuzz-m${++seq}`
  const w = generateWindow('normal', { machineSeed: 5, seed: seq, samples, shaftHz: 30 })
  const csv = 'measured_time,value\n' + Array.from(w.time, (t, i) => `${t.toFixed(6)},${w.values[i].toFixed(6)}`).join('\n') + '\n'
  const outcome = await importVibrationFile({
    fileName: `${name}_sensor2.csv`,
    body: (async function* () {
      yield new TextEncoder().encode(csv)
    })(),
    machine: name,
    sensor: '2',
    recordedAt: new Date('2025-05-01T00:00:00Z'),
    batchId: randomUUID(),
    source: 'form',
    actor: { id: null, username: 'fuzz-fixture' },
    canCreateMachines: true,
    maxBytes: 10_000_000,
    timeZone: 'Asia/Seoul',
  })
  if (outcome.status !== 'succeeded') throw new Error(`fixture import: ${outcome.status} ${outcome.message}`)
  const [rec] = await db.select().from(vibrationRecordings).orderBy(desc(vibrationRecordings.createdAt)).limit(1)
  return { machine: rec.machineId, machineName: name, recording: rec.id, sensor: '2' }
}

/** A recording whose sensor has a usable provisional baseline (confirm-baseline and mark-range work on it). */
const provisionalFixture = () => recordingFixture(8192)

/** The sensor's stored baseline row (at most one per sensor's one-channel stream). */
async function sensorBaseline(ctx: Ctx) {
  const [row] = await db
    .select()
    .from(vibrationBaselines)
    .where(and(eq(vibrationBaselines.machineId, ctx.machine), eq(vibrationBaselines.sensorNo, ctx.sensor)))
  return row ?? null
}

/** Range fields around the fixture's recording (2025-05-01 09:00 shop time, 6 s), and some elsewhere. */
const rangeTime = (edge: 'from' | 'to') =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constant(edge === 'from' ? '2025-05-01T08:59:00' : '2025-05-01T09:01:00') },
    { weight: 1, arbitrary: fc.constantFrom('2025-05-01 09:00:00', '2025-05-01T09:00:03', '2030-01-01T00:00', '') },
    { weight: 1, arbitrary: localDateTime },
  )

/** The recording fixture with its sensor's baseline marked (clear-baseline needs one to clear). */
let withBaseline: Ctx | null = null
async function baselineFixture(): Promise<Ctx> {
  const alive = withBaseline && (await db.select().from(vibrationRecordings).where(eq(vibrationRecordings.id, withBaseline.recording))).length
  if (!alive) withBaseline = await recordingFixture()
  const marked = await markBaseline({ id: null, username: 'fuzz-fixture' }, withBaseline!.recording, 'value')
  if (!marked.ok) throw new Error(`fixture baseline: ${JSON.stringify(marked)}`)
  return withBaseline!
}

/** A machine as the form stores it: name by the ingest rule, trimmed texts, sensors parsed. */
async function expectMachineAsSent(id: string, sent: Sent) {
  const [m] = await db.select().from(vibrationMachines).where(eq(vibrationMachines.id, id))
  expect(m.name).toBe(parseMachineName(sent.get('name') ?? ''))
  expect(m.location).toBe(trimmed(sent.get('location')))
  expect(m.description).toBe(trimmed(sent.get('description')))
  expect(m.nominalRpm).toBe(trimmed(sent.get('nominalRpm')) ? Number(sent.get('nominalRpm')) : null)
  expect(m.signalUnit).toBe(sent.get('signalUnit') || 'unknown')
  expect(m.isoGroup).toBe(sent.get('isoGroup') || null)
  expect(m.isoFoundation).toBe(sent.get('isoFoundation') || null)
  expect(m.baselineSeconds).toBe((trimmed(sent.get('baselineMinutes')) ? Number(sent.get('baselineMinutes')) : 10) * 60)
}

/** Minutes of a sensor's first data its provisional baseline learns from (1–1,440), sometimes empty (default 10). */
const baselineMinutes = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 1440 }).map(String) }, { weight: 1, arbitrary: fc.constantFrom('', '0', '1441', '2.5') })

const machineName = fc.oneof(fc.stringMatching(/^[a-z][a-z0-9_-]{0,10}$/), fc.constantFrom('g1', '압축기-2', ' Press 3 '))

export const vibrationTargets: Target[] = [
  {
    row: rowOf('vibration.upload'),
    mod: upload,
    body: 'multipart',
    fixture: async () => {
      const [m] = await db.insert(vibrationMachines).values({ name: 'fuzz-up' }).returning({ id: vibrationMachines.id })
      return { machine: 'fuzz-up', machineId: m.id }
    },
    context: async (f) => f,
    files: csvFile,
    examples: [
      // Found by the fuzz: a second file whose name holds a NUL failed its history insert; the error was answered as
      // "not multipart" (400) after the first file's import had been stored.
      [['machine', 'fuzz-up'], ['sensor', '1'], ['files', { file: 'text', name: 'x.csv', text: '0.0,0.1\n0.001,0.2\n' }], ['files', { file: 'text', name: 'a\u0000b.csv', text: 'measured_time,value\n0,1\n' }]],
      // Found by the fuzz: a refused sensor id holding a NUL, quoted in the import's problems, could not be stored in
      // jsonb: the import stayed 'running'.
      [['machine', 'fuzz-up'], ['sensor', 'a\u0000b'], ['files', { file: 'text', name: 'data.csv', text: 'Time;Normal;Type 1;Type 2;Type 3\n0.0;0;0;0;0\n' }]],
      // The same with a NUL in a cell of the file.
      [['machine', 'fuzz-up'], ['sensor', '1'], ['files', { file: 'text', name: 'data.csv', text: 'measured_time,value\n0.0,a\u0000b\n' }]],
    ],
    // An upload that reaches the importer is recorded in the import history whatever its outcome (a failed import's
    // report is the answer, shown by redirecting to it): only a 4xx is a rejection. Imports are their own record (user,
    // file, outcome, problems) rather than audit rows.
    rejected: (a: Answer) => a.status >= 400,
    audited: false,
    readBack: async (sent, answer) => {
      const [imp] = await db.select().from(vibrationImports).orderBy(desc(vibrationImports.startedAt)).limit(1)
      expect(imp.userId).toBe(sent.userId)
      expect(imp.source).toBe('form')
      // Never left 'running': every outcome is recorded, and a stored import is audited.
      expect(['succeeded', 'duplicate', 'failed']).toContain(imp.status)
      if (imp.status === 'succeeded') expect((await lastAudit('vibration.import')).entityId).toBe(imp.id)
      expect(answer.location).toMatch(/^\/vibration\/imports/)
    },
  },
  {
    row: rowOf('vibration.machines', 'create'),
    mod: machineList,
    // Found by the fuzz: a NUL in the description reached the insert (500); now a field error.
    examples: [[['name', 'g1'], ['description', '=\u0000x'], ['location', 'a\u0000b']]],
    plausible: { name: machineName, baselineMinutes },
    readBack: async (sent) => expectMachineAsSent((await lastAudit('vibration.machine.create')).entityId!, sent),
  },
  {
    row: rowOf('vibration.machines', 'stream-machines'),
    mod: machineList,
    readBack: async (sent) => expect(await streamCreatesMachines()).toBe(sent.get('enabled') === 'on'),
  },
  {
    row: rowOf('vibration.machines', 'retention'),
    mod: machineList,
    readBack: async () => expect((await recentRetentionRuns(1))[0]).toMatchObject({ trigger: 'manual', status: 'done' }),
  },
  {
    row: rowOf('vibration.machines.$machineId'),
    mod: machinePage,
    plausible: { name: machineName, baselineMinutes },
    extraFields: ['version'],
    context: async (f) => ({ ...f, version: await versionOf('vibration_machines', f.machine) }),
    readBack: async (sent) => expectMachineAsSent(sent.ctx.machine, sent),
  },
  {
    row: rowOf('vibration.diagnosis.$machineId', 'rediagnose'),
    mod: diagnosisMachine,
    fixture: () => recordingFixture(),
  },
  {
    row: rowOf('vibration.diagnosis.$machineId', 'clear-baseline'),
    mod: diagnosisMachine,
    fixture: baselineFixture,
    context: async (f) => f,
    plausible: { sensor: fc.oneof({ weight: 4, arbitrary: fc.constant(ref('sensor')) }, { weight: 1, arbitrary: fc.constantFrom('1', '02', 's2') }) },
    // Found by the fuzz: a NUL in the sensor reached the delete's comparison (500); now a field error.
    examples: [[['intent', 'clear-baseline'], ['sensor', 's2a\u0000b']]],
    renew: true,
    readBack: async (sent) => {
      // The marked baseline is gone; what may be left is the provisional one, learned again from the sensor's data.
      const rows = await db
        .select()
        .from(vibrationBaselines)
        .where(and(eq(vibrationBaselines.machineId, sent.ctx.machine), eq(vibrationBaselines.sensorNo, sent.get('sensor')!)))
      expect(rows.every((r) => r.source === 'provisional')).toBe(true)
    },
  },
  {
    row: rowOf('vibration.diagnosis.$machineId', 'confirm-baseline'),
    mod: diagnosisMachine,
    fixture: provisionalFixture,
    context: async (f) => f,
    plausible: { sensor: fc.oneof({ weight: 4, arbitrary: fc.constant(ref('sensor')) }, { weight: 1, arbitrary: fc.constantFrom('1', 's2') }) },
    // A confirmed baseline is no longer provisional: the next inputs need a fresh one.
    renew: true,
    readBack: async (sent) => {
      expect(await sensorBaseline(sent.ctx)).toMatchObject({ source: 'marked', markedBy: sent.userId, growing: false })
    },
  },
  {
    row: rowOf('vibration.diagnosis.$machineId', 'mark-range'),
    mod: diagnosisMachine,
    fixture: provisionalFixture,
    context: async (f) => f,
    plausible: {
      sensor: fc.oneof({ weight: 4, arbitrary: fc.constant(ref('sensor')) }, { weight: 1, arbitrary: fc.constantFrom('1', 's2') }),
      from: rangeTime('from'),
      to: rangeTime('to'),
    },
    examples: [[['intent', 'mark-range'], ['sensor', 's2'], ['from', '2025-05-01T09:01:00'], ['to', '2025-05-01T08:59:00']]],
    readBack: async (sent) => {
      const row = await sensorBaseline(sent.ctx)
      expect(row).toMatchObject({ source: 'marked', markedBy: sent.userId, recordingIds: [sent.ctx.recording] })
      expect(row!.windowCount).toBeGreaterThanOrEqual(4)
      expect(row!.rangeTo!.getTime()).toBeGreaterThan(row!.rangeFrom!.getTime())
    },
  },
  {
    row: rowOf('vibration.diagnosis.recordings.$recordingId', 'baseline'),
    mod: diagnosisRecording,
    fixture: () => recordingFixture(),
    readBack: async (sent) => {
      const [b] = await db.select().from(vibrationBaselines).where(eq(vibrationBaselines.recordingId, sent.ctx.recording))
      expect(b.channel).toBe(sent.get('channel'))
    },
  },
  { row: rowOf('vibration.diagnosis.recordings.$recordingId', 'rediagnose'), mod: diagnosisRecording, fixture: () => recordingFixture() },
]
