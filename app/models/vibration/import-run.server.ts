/**
 * One vibration file's rows inside the import's transaction: layout and row validation (app/domain/vibration/ingest),
 * machines, sensors and recordings found or created, samples packed into blocks of 4096 per channel and handed to the
 * transaction's bulk path. importVibrationFile (import-file.server.ts) runs it. See docs/decisions/004-vibration-data.md.
 */
import os from 'node:os'
import type { BlockRow } from '~db/block-copy.server'
import type { ImportProblem, ImportSource } from '~db/schema'
import type { RawQuery, RawTx } from '~db/raw-transaction.server'
import {
  BlockPacker,
  bytesToFloats,
  DEFAULT_BLOCK_SIZE,
  detectLayout,
  floatsToBytes,
  meaningfulCells,
  parseMachineName,
  parseSensorId,
  ROW_BLANK,
  ROW_PROBLEM,
  RowValidator,
  type DetectedLayout,
  type PackedBlock,
  type RecordingSummary,
} from '~/domain/vibration/ingest'
import type { Actor } from '~/utils/audit.server'

if (os.endianness() !== 'LE') throw new Error('vibration blocks are stored little-endian; this platform is big-endian')

const MAX_PROBLEMS = 100

export interface ImportRequest {
  fileName: string
  body: AsyncIterable<Uint8Array>
  /** Machine and sensor for files whose rows do not name them (as typed or taken from the file name). */
  machine: string | null
  sensor: string | null
  /** collected_at of a recording-layout file. */
  recordedAt: Date
  batchId: string
  source: ImportSource
  actor: Actor
  tokenId?: string | null
  /** Planners/admins (and write tokens) create unknown machines; operators may only add data to existing ones. */
  canCreateMachines: boolean
  maxBytes: number
  timeZone: string
}

interface RecState {
  id: string
  machineId: string
  sensor: string
  isNew: boolean
  /** Samples already stored: incoming sample indexes below this are skipped. */
  stored: number
  baseBlockNo: number
  packer: BlockPacker<string>
  added: number
  firstTime: number
  lastTime: number
  /** An existing recording's partial last block: its rewrite (old + new samples) waits in `heldRows` for `finish`. */
  held: number | null
  heldRows: BlockRow[]
}

/**
 * What a sliced (embedded) import committed before it was published, so a failure — or, after a crash, the sweep — can
 * take it back: machines and sensors it created, existing recordings it appended blocks to (its own new recordings are
 * found by their import_id). Kept on the import's history row while it runs (`message_params.undo`).
 */
export interface ImportUndo {
  machines: string[]
  sensors: Array<[string, string]>
  touched: string[]
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve))

export class ImportRun {
  layout: DetectedLayout | null = null
  validator: RowValidator | null = null
  readonly recs = new Map<number, RecState | null>()
  readonly machineIds = new Map<string, string>()
  readonly createdMachines: string[] = []
  readonly undo: ImportUndo = { machines: [], sensors: [], touched: [] }
  /** The accepted row being stored: [time, value per channel] (written by `RowValidator.accept`). */
  private sample = new Float64Array(0)
  problems: ImportProblem[] = []
  problemCount = 0
  failure: { message: string; params?: Record<string, string | number> } | null = null
  imported = 0
  skipped = 0
  sawAnyRow = false

  constructor(
    private readonly tx: RawTx,
    private readonly req: ImportRequest,
    private readonly importId: string,
  ) {}

  get failed() {
    return this.failure !== null || this.problemCount > 0
  }

  addProblem(p: ImportProblem) {
    this.problemCount++
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(p)
  }

  /** Validates and stores every row (`rows`: batches from `csvRowChunks`; row k of the stream is line k). */
  async consume(batches: AsyncIterable<string[][]>) {
    let line = 0
    for await (const rows of batches) {
      // Other requests run their JavaScript between batches (about 256 KiB of text, ~20 ms of work each): while the body
      // arrives faster than it is parsed, `for await` takes the next batch without ever leaving the microtask queue, and a
      // run of batches held the thread for up to 170 ms (the dashboard's p99 during an upload). On the embedded
      // database this also lets its queries run.
      await yieldToEventLoop()
      for (let i = 0; i < rows.length; i++) {
        line++
        if (this.failure) continue // keep draining (the hash and the multipart stream need every byte)
        const cells = rows[i]
        let validator = this.validator
        if (validator === null) {
          if (meaningfulCells(cells).length === 0) continue
          this.sawAnyRow = true
          const det = detectLayout(cells)
          if (!det.ok) {
            this.addProblem({ line, column: det.columnNumber ?? null, field: null, code: det.code, text: det.column, found: det.found, expected: det.expected })
            this.failure = { message: 'vibration.error.layout' }
            continue
          }
          this.layout = det
          this.validator = validator = new RowValidator({ layout: det, timeZone: this.req.timeZone, maxProblems: MAX_PROBLEMS })
          this.sample = new Float64Array(1 + det.channels.length)
          if (det.hasHeader) continue
        }
        const recording = validator.accept(cells, line, this.sample)
        if (recording === ROW_BLANK) continue
        if (recording === ROW_PROBLEM) {
          const { kind: _kind, ...p } = validator.lastProblem!
          this.addProblem(p)
          continue
        }
        if (this.failed) continue
        const wait = this.store(recording, line)
        if (wait) await wait
      }
    }
  }

  /** Stores the accepted row in `sample`; returns a promise only when it has to wait (a new recording, a full COPY chunk). */
  private store(recording: number, line: number): Promise<void> | undefined {
    const rec = this.recs.get(recording)
    if (rec === undefined) return this.openAndStore(recording, line)
    if (rec === null) return
    const sample = this.sample
    if (this.validator!.lastSampleIndex < rec.stored) {
      this.skipped++
      return
    }
    const time = sample[0]
    if (rec.added === 0 && rec.isNew) rec.firstTime = time
    rec.added++
    rec.lastTime = time
    this.imported++
    const blocks = rec.packer.pushSample(sample)
    if (blocks.length === 0) return
    this.queue(rec, blocks)
    if (this.tx.blocks.backlog) return this.tx.blocks.send()
  }

  /** `store` for the first row of a recording (the loop waits, so `sample` and the validator stay as they are). */
  private async openAndStore(recording: number, line: number) {
    this.recs.set(recording, await this.openRecording(this.validator!.lastRecording!, line))
    await this.store(recording, line)
  }

  private queue(rec: RecState, blocks: PackedBlock<string>[], sink = this.tx.blocks) {
    const blockNo = rec.baseBlockNo + blocks[0].blockNo
    const n = blocks[0].values.length
    // The stored partial block is rewritten only when the import is published (finish): until then it stays as it was.
    const add = blockNo === rec.held ? (row: BlockRow) => rec.heldRows.push({ ...row, data: row.data.slice() }) : (row: BlockRow) => sink.add(row)
    add({ recordingId: rec.id, channel: 0, blockNo, sampleCount: n, data: floatsToBytes(blocks[0].times) })
    for (let i = 0; i < blocks.length; i++) add({ recordingId: rec.id, channel: i + 1, blockNo, sampleCount: n, data: floatsToBytes(blocks[i].values) })
  }

  /** Sliced import: records on its history row what it just created or touched (see `ImportUndo`). */
  private async noteUndo() {
    if (!this.tx.sliced) return
    await this.tx.query(`update vibration_imports set message_params = jsonb_build_object('undo', $2::text) where id = $1`, [this.importId, JSON.stringify(this.undo)])
  }

  private async machineId(name: string, line: number | null, column: number | null): Promise<string | null> {
    const key = name.toLowerCase()
    const known = this.machineIds.get(key)
    if (known) return known
    const found = await this.tx.query<{ id: string }>('select id from vibration_machines where lower(name) = lower($1)', [name])
    let id = found[0]?.id
    if (!id) {
      if (!this.req.canCreateMachines) {
        this.addProblem({ line, column, field: 'machine', code: 'unknown_machine', text: name.slice(0, 40) })
        return null
      }
      const created = await this.tx.query<{ id: string }>(
        'insert into vibration_machines (name) values ($1) on conflict ((lower(name))) do nothing returning id',
        [name],
      )
      id = created[0]?.id ?? (await this.tx.query<{ id: string }>('select id from vibration_machines where lower(name) = lower($1)', [name]))[0]?.id
      if (created[0]) {
        this.createdMachines.push(name)
        this.undo.machines.push(id)
        await this.noteUndo()
      }
    }
    this.machineIds.set(key, id)
    return id
  }

  private async openRecording(r: RecordingSummary, line: number): Promise<RecState | null> {
    const layout = this.layout!
    const machineColumn = layout.columnIndex.machine
    let machine = r.machine
    if (machine === null) {
      machine = this.req.machine === null ? null : parseMachineName(this.req.machine)
      if (machine === null) {
        this.addProblem({ line: null, column: null, field: 'machine', code: this.req.machine ? 'bad_machine' : 'machine_required', text: this.req.machine?.slice(0, 40) })
        return null
      }
    }
    let sensor = r.sensor
    if (sensor === null) {
      sensor = this.req.sensor === null ? null : parseSensorId(this.req.sensor)
      if (sensor === null) {
        this.addProblem({ line: null, column: null, field: 'sensor', code: this.req.sensor ? 'bad_sensor' : 'sensor_required', text: this.req.sensor?.slice(0, 40) })
        return null
      }
    }
    const machineId = await this.machineId(machine, r.machine !== null ? line : null, machineColumn !== undefined ? machineColumn + 1 : null)
    if (!machineId) return null
    const newSensor = await this.tx.query('insert into vibration_sensors (machine_id, sensor_no) values ($1, $2) on conflict do nothing returning sensor_no', [machineId, sensor])
    if (newSensor.length) {
      this.undo.sensors.push([machineId, sensor])
      await this.noteUndo()
    }
    const collectedAt = r.collectedAt !== null ? new Date(r.collectedAt) : this.req.recordedAt
    const channels = [...layout.channels]
    const existing = await this.tx.query<{ id: string; sample_count: number; channels: string[]; block_size: number }>(
      'select id, sample_count, channels, block_size from vibration_recordings where machine_id = $1 and sensor_no = $2 and collected_at = $3::timestamptz for update',
      [machineId, sensor, collectedAt.toISOString()],
    )
    if (existing[0]) {
      const e = existing[0]
      if (e.channels.join(',') !== channels.join(',')) {
        this.addProblem({ line, column: null, field: null, code: 'channels_mismatch', text: e.channels.join(', ') })
        return null
      }
      const blockSize = e.block_size
      const baseBlockNo = Math.floor(e.sample_count / blockSize)
      const packer = new BlockPacker<string>({ channels, blockSize })
      const rec: RecState = { id: e.id, machineId, sensor, isNew: false, stored: e.sample_count, baseBlockNo, packer, added: 0, firstTime: 0, lastTime: 0, held: null, heldRows: [] }
      this.undo.touched.push(e.id)
      await this.noteUndo()
      if (e.sample_count % blockSize !== 0) {
        // The stored last block is partial: take its samples back into the packer; the block is rewritten with the new
        // ones when the import is published (`finish`).
        const rows = await this.tx.query<{ channel: number; data: Uint8Array }>(
          'select channel, data from vibration_blocks where recording_id = $1 and block_no = $2 order by channel',
          [e.id, baseBlockNo],
        )
        rec.held = baseBlockNo
        const arrays = rows.map((row) => bytesToFloats(row.data))
        const values = new Array<number>(channels.length)
        for (let i = 0; i < arrays[0].length; i++) {
          for (let c = 0; c < channels.length; c++) values[c] = arrays[c + 1][i]
          packer.push(arrays[0][i], values)
        }
      }
      return rec
    }
    const created = await this.tx.query<{ id: string }>(
      `insert into vibration_recordings (machine_id, sensor_no, collected_at, import_id, channels, block_size, sample_count, first_time, last_time)
       values ($1, $2, $3::timestamptz, $4, $5::text[], $6, 0, 0, 0) returning id`,
      [machineId, sensor, collectedAt.toISOString(), this.importId, `{${channels.join(',')}}`, DEFAULT_BLOCK_SIZE],
    )
    const packer = new BlockPacker<string>({ channels, blockSize: DEFAULT_BLOCK_SIZE })
    return { id: created[0].id, machineId, sensor, isNew: true, stored: 0, baseBlockNo: 0, packer, added: 0, firstTime: 0, lastTime: 0, held: null, heldRows: [] }
  }

  /**
   * Publishes the import on `tx` (the transaction, or the sliced import's one short transaction): the last partial
   * blocks, the rewritten partial blocks of existing recordings, and the recordings' totals — which is what makes the
   * new samples visible (readers stop at a recording's sample_count).
   */
  async finish(tx: RawTx) {
    for (const rec of this.recs.values()) {
      if (!rec) continue
      const blocks = rec.packer.flush()
      if (blocks.length) this.queue(rec, blocks, tx.blocks)
    }
    for (const rec of this.recs.values()) {
      if (!rec || rec.held === null || rec.heldRows.length === 0) continue
      await tx.query('delete from vibration_blocks where recording_id = $1 and block_no = $2', [rec.id, rec.held])
      for (const row of rec.heldRows) tx.blocks.add(row)
    }
    for (const rec of this.recs.values()) {
      if (!rec || rec.added === 0) continue
      if (rec.isNew) {
        await tx.query('update vibration_recordings set sample_count = $2, first_time = $3, last_time = $4 where id = $1', [
          rec.id,
          rec.added,
          rec.firstTime,
          rec.lastTime,
        ])
      } else {
        await tx.query('update vibration_recordings set sample_count = $2, last_time = $3 where id = $1', [rec.id, rec.stored + rec.added, rec.lastTime])
      }
    }
  }

  /** Idempotency key: content hash, plus the target machine/sensor when the rows do not name it. */
  dedupeKey(hash: string): { key: string; machineId: string | null; sensor: string | null } {
    const named = this.layout?.columnIndex.machine !== undefined && this.layout?.columnIndex.sensor !== undefined
    if (named) return { key: hash, machineId: null, sensor: null }
    const first = [...this.recs.values()].find((r) => r !== null) ?? null
    return { key: `${hash}:${first?.machineId ?? ''}:${first?.sensor ?? ''}`, machineId: first?.machineId ?? null, sensor: first?.sensor ?? null }
  }
}

/**
 * Takes back what a sliced import committed before it failed or its process died (see `ImportUndo`): its own new
 * recordings (with their blocks), blocks it appended past the sample_count of existing recordings, and the sensors and
 * machines it created, where nothing else came to use them. Runs in one transaction (`query`).
 */
export async function undoSlicedImport(query: RawQuery, importId: string, undo: ImportUndo | null): Promise<void> {
  await query('delete from vibration_recordings where import_id = $1', [importId])
  if (!undo) return
  if (undo.touched.length) {
    await query(
      `delete from vibration_blocks b using vibration_recordings r
        where r.id = any($1::uuid[]) and b.recording_id = r.id and b.block_no::bigint * r.block_size >= r.sample_count`,
      [undo.touched],
    )
  }
  for (const [machineId, sensor] of undo.sensors) {
    await query(
      `delete from vibration_sensors s where s.machine_id = $1 and s.sensor_no = $2
          and not exists (select 1 from vibration_recordings r where r.machine_id = s.machine_id and r.sensor_no = s.sensor_no)`,
      [machineId, sensor],
    )
  }
  if (undo.machines.length) {
    await query(
      `delete from vibration_machines m where m.id = any($1::uuid[])
          and not exists (select 1 from vibration_recordings r where r.machine_id = m.id)
          and not exists (select 1 from vibration_sensors s where s.machine_id = m.id)`,
      [undo.machines],
    )
  }
}
