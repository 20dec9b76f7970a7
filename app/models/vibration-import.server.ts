/**
 * The streaming, all-or-nothing vibration import: bytes → whole records → UTF-8 → CSV rows (papaparse, 256 KiB at a
 * time) → layout and row validation (app/domain/vibration/ingest) → blocks of 4096 samples per channel → bulk load in ONE
 * transaction (binary COPY on PostgreSQL, streamed while parsing; binary COPY from a blob on PGlite). Any problem rolls
 * everything back; the import history row (committed before the transaction starts, as 'running') then records why. See
 * docs/decisions/004-vibration-data.md.
 */
import { isAscii } from 'node:buffer'
import os from 'node:os'
import type { Writable } from 'node:stream'
import type { PGlite } from '@electric-sql/pglite'
import { and, eq, sql } from 'drizzle-orm'
import Papa from 'papaparse'
import postgres from 'postgres'
import { db, getDbHandle } from '~db/client.server'
import { vibrationImports, type ImportProblem, type ImportSource, type ImportStatus } from '~db/schema'
import {
  BlockPacker,
  DEFAULT_BLOCK_SIZE,
  detectDelimiter,
  detectLayout,
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
import { ByteMeter, NotTextError, TooLargeError } from '~/utils/upload.server'
import { isUniqueViolation, storageFault, storageFaultUploadMessage } from '~/utils/db-errors.server'
import { withoutNul } from '~/utils/text'
import { diagnoseAfterImport } from './vibration-diagnosis.server'

if (os.endianness() !== 'LE') throw new Error('vibration blocks are stored little-endian; this platform is big-endian')

const MAX_PROBLEMS = 100
const FLUSH_BYTES = 8 * 1024 * 1024

// ---- a raw transaction over either driver ------------------------------------------------------------------------

/** One stored block row: `data` is copied by `BlockSink.add`, so the caller may reuse it afterwards. */
export interface BlockRow {
  recordingId: string
  channel: number
  blockNo: number
  sampleCount: number
  data: Uint8Array
}

/**
 * The bulk path for block rows, in PostgreSQL's binary COPY format (no hex, no text: the float bytes are copied as they
 * are). `add` only appends to a buffer; full chunks wait in `ready` until `send` passes them on, which waits for room
 * (socket backpressure), not for the database: parsing goes on while PostgreSQL loads the previous chunk.
 */
export interface BlockSink {
  add(row: BlockRow): void
  /** True when full chunks are waiting for `send`. */
  readonly backlog: boolean
  send(): Promise<void>
}

interface RawTx {
  /** Runs a statement (blocks added so far are loaded first). */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>
  blocks: BlockSink
}

const COPY_CHUNK_BYTES = 1 << 20
const COPY_SIGNATURE = Buffer.from([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0])
const COPY_TRAILER = Buffer.from([0xff, 0xff])
const COPY_COLUMNS = 'vibration_blocks (recording_id, channel, block_no, sample_count, data)'
/** Per tuple: field count, then length + value of uuid, int2, int4, int4 and the bytea's length. */
const TUPLE_OVERHEAD = 2 + (4 + 16) + (4 + 2) + (4 + 4) + (4 + 4) + 4

/** Collects block rows as binary COPY tuples in chunks of about 1 MiB. */
class CopyEncoder {
  ready: Buffer[] = []
  private buf: Buffer | null = null
  private used = 0
  private readonly uuids = new Map<string, Buffer>()

  add(row: BlockRow) {
    const size = TUPLE_OVERHEAD + row.data.byteLength
    if (this.buf && this.used + size > this.buf.length) this.cut()
    if (!this.buf) {
      this.buf = Buffer.allocUnsafe(Math.max(COPY_CHUNK_BYTES, size))
      this.used = 0
    }
    let uuid = this.uuids.get(row.recordingId)
    if (!uuid) this.uuids.set(row.recordingId, (uuid = Buffer.from(row.recordingId.replace(/-/g, ''), 'hex')))
    const b = this.buf
    let at = this.used
    at = b.writeInt16BE(5, at)
    at = b.writeInt32BE(16, at)
    at += uuid.copy(b, at)
    at = b.writeInt32BE(2, at)
    at = b.writeInt16BE(row.channel, at)
    at = b.writeInt32BE(4, at)
    at = b.writeInt32BE(row.blockNo, at)
    at = b.writeInt32BE(4, at)
    at = b.writeInt32BE(row.sampleCount, at)
    at = b.writeInt32BE(row.data.byteLength, at)
    b.set(row.data, at)
    this.used = at + row.data.byteLength
  }

  /** Moves the partly filled buffer to `ready`. */
  cut() {
    if (this.buf && this.used > 0) this.ready.push(this.buf.subarray(0, this.used))
    this.buf = null
    this.used = 0
  }

  take(): Buffer[] {
    this.cut()
    const out = this.ready
    this.ready = []
    return out
  }
}

/** The connection under a PostgreSQL import died (its transaction is gone with it on the server). */
class ConnectionLost extends Error {
  constructor() {
    super('database connection lost during the import')
  }
}

/**
 * One `COPY … FROM STDIN (FORMAT binary)` kept open across chunks on the import's connection; closed (and its result
 * awaited) before the next statement. postgres-js resolves the COPY query with its stream, so an error PostgreSQL
 * reports after the last chunk (a constraint checked at the end, a full disk) would reach nobody and the stream would
 * never finish: the query's reject is wrapped to catch it.
 */
class PgCopy implements BlockSink {
  private readonly enc = new CopyEncoder()
  private stream: Writable | null = null
  private failure: unknown = null
  private onFailure: ((e: unknown) => void) | null = null

  constructor(
    private readonly client: postgres.Sql,
    private readonly isDead: () => boolean,
  ) {}

  add(row: BlockRow) {
    this.enc.add(row)
  }

  get backlog() {
    return this.enc.ready.length > 0
  }

  private fail(e: unknown) {
    this.failure ??= e
    this.onFailure?.(this.failure)
  }

  /** The client's `onclose`: whatever waits on the COPY gives up. */
  connectionClosed() {
    this.fail(new ConnectionLost())
  }

  private check() {
    if (this.isDead()) throw new ConnectionLost()
    if (this.failure) throw this.failure
  }

  /** Resolves on `event` of the open stream; rejects when the COPY fails (or the connection dies) first. */
  private until(event: 'drain' | 'finish'): Promise<void> {
    const stream = this.stream!
    return new Promise<void>((resolve, reject) => {
      if (this.failure) return reject(this.failure)
      const done = () => {
        stream.off(event, done)
        this.onFailure = null
        resolve()
      }
      this.onFailure = (e) => {
        stream.off(event, done)
        this.onFailure = null
        reject(e)
      }
      stream.on(event, done)
    })
  }

  private async open() {
    const query = this.client.unsafe(`copy ${COPY_COLUMNS} from stdin (format binary)`)
    const settle = query as unknown as { reject: (e: unknown) => void }
    const reject = settle.reject
    settle.reject = (e) => {
      this.fail(e)
      reject(e)
    }
    const stream = (await query.writable()) as Writable
    stream.on('error', (e) => this.fail(e))
    stream.on('close', () => {
      if (!stream.writableFinished) this.fail(this.isDead() ? new ConnectionLost() : new Error('COPY stream closed'))
    })
    this.stream = stream
    stream.write(COPY_SIGNATURE)
  }

  private async write(chunks: Buffer[]) {
    for (const chunk of chunks) {
      this.check()
      if (!this.stream) await this.open()
      if (this.stream!.writableNeedDrain) await this.until('drain')
      this.check()
      this.stream!.write(chunk)
    }
  }

  send(): Promise<void> {
    const chunks = this.enc.ready
    this.enc.ready = []
    return this.write(chunks)
  }

  /** Loads everything added so far and ends the COPY. */
  async settle() {
    await this.write(this.enc.take())
    const stream = this.stream
    if (!stream) return
    this.check()
    const finished = this.until('finish')
    stream.end(COPY_TRAILER)
    await finished
    this.stream = null
  }

  /** Gives the COPY up (the transaction is being rolled back). */
  abort() {
    this.enc.take()
    const stream = this.stream
    this.stream = null
    this.failure ??= new Error('aborted')
    if (stream && !stream.destroyed) stream.destroy(new Error('import aborted'))
  }
}

/** PGlite: binary COPY from a blob of up to 8 MB per statement. */
class PgliteCopy implements BlockSink {
  private readonly enc = new CopyEncoder()
  private bytes = 0
  constructor(private readonly tx: Transaction) {}

  add(row: BlockRow) {
    this.enc.add(row)
    this.bytes += TUPLE_OVERHEAD + row.data.byteLength
  }

  get backlog() {
    return this.bytes >= FLUSH_BYTES
  }

  send() {
    return this.settle()
  }

  async settle() {
    const chunks = this.enc.take()
    this.bytes = 0
    if (chunks.length === 0) return
    const blob = new Blob([COPY_SIGNATURE, ...chunks, COPY_TRAILER] as unknown as BlobPart[])
    await this.tx.query(`copy ${COPY_COLUMNS} from '/dev/blob' (format binary)`, [], { blob })
  }
}

type Transaction = Parameters<Parameters<PGlite['transaction']>[0]>[0]

/**
 * Runs `fn` in one transaction on the process-wide database (postgres-js or PGlite), with a bulk path for blocks.
 *
 * PostgreSQL: the import gets its own one-connection client, so a connection that dies mid-import is noticed (`onclose`)
 * before anything else is written to it: postgres-js 3.4.9 throws an uncatchable TypeError when a reserved connection
 * is written to after its socket closed (porsager/postgres#1208), which `sql.begin`'s automatic ROLLBACK would do.
 */
export async function withRawTransaction<T>(fn: (tx: RawTx) => Promise<T>): Promise<T> {
  const handle = getDbHandle()
  if (handle.kind === 'postgres') {
    const o = handle.sql.options
    let dead = false
    const client = postgres({
      host: o.host as unknown as string,
      port: o.port as unknown as number,
      database: o.database,
      user: o.user,
      pass: o.pass as unknown as string | undefined,
      ssl: o.ssl as boolean,
      max: 1,
      idle_timeout: 5,
      connect_timeout: 5,
      onnotice: () => {},
      connection: { application_name: 'mes-lite-import' },
      onclose: () => {
        dead = true
        copy?.connectionClosed()
      },
    })
    const alive = () => {
      if (dead) throw new ConnectionLost()
    }
    // A FATAL error (the backend was terminated) or a socket error (EPIPE…) can arrive before the socket's close event:
    // the connection is gone all the same.
    const lost = (e: unknown) => {
      const err = e as { severity?: string; code?: string; syscall?: string } | null
      if (err && (err.severity === 'FATAL' || err.severity === 'PANIC' || err.syscall !== undefined || /^CONNECTION_/.test(String(err.code)))) dead = true
      return dead
    }
    const guard = async <R,>(p: Promise<R>): Promise<R> => {
      try {
        return await p
      } catch (e) {
        if (lost(e)) throw new ConnectionLost()
        throw e
      }
    }
    // eslint-disable-next-line prefer-const -- assigned after the client it needs, read by the client's onclose
    let copy: PgCopy | undefined
    copy = new PgCopy(client, () => dead)
    try {
      await client.unsafe('begin')
      // Blocks are 32 KiB of float64, so PostgreSQL tries to compress each one: lz4 where the server has it (PostgreSQL 14+)
      // costs half of pglz's time for the same size (noise-like samples hardly compress either way). This transaction only.
      await guard(
        client.unsafe(
          "select set_config('default_toast_compression', 'lz4', true) from pg_settings where name = 'default_toast_compression' and 'lz4' = any(enumvals)",
        ),
      )
      const result = await fn({
        query: async <R,>(text: string, params: unknown[] = []) => {
          await guard(copy.settle())
          alive()
          return (await guard(client.unsafe(text, params as never[]))) as unknown as R[]
        },
        blocks: {
          add: (row) => copy.add(row),
          get backlog() {
            return copy.backlog
          },
          send: () => guard(copy.send()),
        },
      })
      await guard(copy.settle())
      alive()
      await guard(client.unsafe('commit'))
      return result
    } catch (e) {
      copy.abort()
      if (!lost(e)) {
        let timer: NodeJS.Timeout | undefined
        try {
          // A connection that broke in a way not recognised above must not hang the request: client.end() cuts it.
          await Promise.race([client.unsafe('rollback'), new Promise((resolve) => (timer = setTimeout(resolve, 5000)))])
        } catch {
        } finally {
          clearTimeout(timer)
        }
      }
      throw dead ? new ConnectionLost() : e
    } finally {
      await client.end({ timeout: dead ? 0 : 5 }).catch(() => {})
    }
  }
  return handle.pglite.transaction(async (tx) => {
    const copy = new PgliteCopy(tx)
    const result = await fn({
      query: async <R,>(text: string, params: unknown[] = []) => {
        await copy.settle()
        return (await tx.query<R>(text, params)).rows
      },
      blocks: copy,
    })
    await copy.settle()
    return result
  })
}

// ---- bytes → CSV rows ---------------------------------------------------------------------------------------------

/**
 * Bytes handed to papaparse at a time (whole records): small enough that a batch's rows die young (the scavenger copies
 * what is alive, and promotes what survives twice), large enough that the per-call cost does not show.
 */
const PARSE_BYTES = 256 * 1024

/** End of the last complete record in `buf` (index of its '\n', outside double quotes), or -1. */
function lastRecordEnd(buf: Buffer): number {
  if (buf.indexOf(0x22) < 0) return buf.lastIndexOf(0x0a)
  let quoted = false
  let last = -1
  for (let i = 0; i < buf.length; i++) {
    const ch = buf[i]
    if (ch === 0x22) quoted = !quoted
    else if (ch === 0x0a && !quoted) last = i
  }
  return last
}

/**
 * The rows of a CSV byte stream, a batch per ~256 KiB of whole records (the caller numbers them: row k of the stream is
 * line k; rows spanning lines through quoted newlines count as one). Strict UTF-8 (a leading BOM dropped; invalid bytes
 * or NUL → `NotTextError`), delimiter (',' or ';') and line end (LF or CRLF) from the first line. The records are cut
 * from the bytes ('\n' never occurs inside a UTF-8 sequence) and each batch is decoded once, so the text is never
 * concatenated or copied again before papaparse splits it.
 */
export async function* csvRowChunks(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string[][]> {
  const decoder = new TextDecoder('utf-8', { fatal: true })
  let pending: Buffer[] = []
  let pendingBytes = 0
  let delimiter: ',' | ';' | null = null
  let crlf = false

  let started = false
  const decode = (bytes: Buffer, stream: boolean): string => {
    // Plain ASCII (the usual CSV) needs no UTF-8 decoding: Latin-1 gives the same string without the decoder's work.
    // The first bytes always go through the decoder, which drops a leading BOM (and only there).
    if (started && isAscii(bytes)) return bytes.toString('latin1')
    started = true
    try {
      return decoder.decode(bytes, { stream })
    } catch {
      throw new NotTextError()
    }
  }
  const detect = (text: string, atEnd: boolean) => {
    if (delimiter !== null) return
    const nl = text.indexOf('\n')
    const first = nl < 0 ? text : text.slice(0, nl)
    crlf = atEnd ? text.includes('\r\n') : first.endsWith('\r')
    delimiter = detectDelimiter(first)
  }
  // papaparse's own Parser (what Papa.parse runs for a string, minus the streamer and handle around it: those kept every
  // batch's rows reachable long enough to be promoted to the old generation, tripling the GC work and the heap).
  let parser: Papa.Parser | null = null
  const rows = (text: string): string[][] => {
    if (text === '') return [['']]
    parser ??= new Papa.Parser({ delimiter: delimiter!, newline: crlf ? '\r\n' : '\n', header: false, dynamicTyping: false, skipEmptyLines: false })
    return (parser.parse(text, 0, false) as Papa.ParseResult<string[]>).data
  }

  for await (const chunk of chunks) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
    if (bytes.indexOf(0) >= 0) throw new NotTextError()
    pending.push(bytes)
    pendingBytes += bytes.length
    if (pendingBytes < PARSE_BYTES) continue
    const buf = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes)
    const end = lastRecordEnd(buf)
    if (end < 0) {
      pending = [buf]
      continue
    }
    let text = decode(buf.subarray(0, end), true)
    const rest = buf.subarray(end + 1)
    pending = rest.length > 0 ? [rest] : []
    pendingBytes = rest.length
    detect(text, false)
    if (crlf && text.endsWith('\r')) text = text.slice(0, -1)
    yield rows(text)
  }
  let text = decode(pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes), false)
  detect(text, true)
  // A final line end adds no row.
  if (text.endsWith('\n')) text = text.slice(0, crlf && text.endsWith('\r\n') ? -2 : -1)
  if (text.length > 0) yield rows(text)
}

// ---- the import ----------------------------------------------------------------------------------------------------

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

export interface ImportOutcome {
  id: string
  status: ImportStatus
  rowsImported: number
  rowsSkipped: number
  recordingCount: number
  problemCount: number
  problems: ImportProblem[]
  message: string | null
  messageParams: Record<string, string | number> | null
  tooLarge: boolean
}

class Rollback extends Error {
  constructor(readonly outcome: Partial<ImportOutcome> & { status: ImportStatus }) {
    super('rollback')
  }
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
}

const toBytes = (a: Float64Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength)

/** Float64Array from stored bytes (copied, so alignment never matters). */
export function bytesToFloats(bytes: Uint8Array): Float64Array {
  const copy = new Uint8Array(bytes.byteLength)
  copy.set(bytes)
  return new Float64Array(copy.buffer)
}

class ImportRun {
  layout: DetectedLayout | null = null
  validator: RowValidator | null = null
  readonly recs = new Map<number, RecState | null>()
  readonly machineIds = new Map<string, string>()
  readonly createdMachines: string[] = []
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

  private queue(rec: RecState, blocks: PackedBlock<string>[]) {
    const blockNo = rec.baseBlockNo + blocks[0].blockNo
    const n = blocks[0].values.length
    const sink = this.tx.blocks
    sink.add({ recordingId: rec.id, channel: 0, blockNo, sampleCount: n, data: toBytes(blocks[0].times) })
    for (let i = 0; i < blocks.length; i++) sink.add({ recordingId: rec.id, channel: i + 1, blockNo, sampleCount: n, data: toBytes(blocks[i].values) })
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
      if (created[0]) this.createdMachines.push(name)
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
    await this.tx.query('insert into vibration_sensors (machine_id, sensor_no) values ($1, $2) on conflict do nothing', [machineId, sensor])
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
      const rec: RecState = { id: e.id, machineId, sensor, isNew: false, stored: e.sample_count, baseBlockNo, packer, added: 0, firstTime: 0, lastTime: 0 }
      if (e.sample_count % blockSize !== 0) {
        // The stored last block is partial: take its samples back into the packer and rewrite it with the new ones.
        const rows = await this.tx.query<{ channel: number; data: Uint8Array }>(
          'select channel, data from vibration_blocks where recording_id = $1 and block_no = $2 order by channel',
          [e.id, baseBlockNo],
        )
        await this.tx.query('delete from vibration_blocks where recording_id = $1 and block_no = $2', [e.id, baseBlockNo])
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
    return { id: created[0].id, machineId, sensor, isNew: true, stored: 0, baseBlockNo: 0, packer, added: 0, firstTime: 0, lastTime: 0 }
  }

  /** Writes the last partial blocks and the recordings' totals. */
  async finish() {
    for (const rec of this.recs.values()) {
      if (!rec) continue
      const blocks = rec.packer.flush()
      if (blocks.length) this.queue(rec, blocks)
    }
    for (const rec of this.recs.values()) {
      if (!rec || rec.added === 0) continue
      if (rec.isNew) {
        await this.tx.query('update vibration_recordings set sample_count = $2, first_time = $3, last_time = $4 where id = $1', [
          rec.id,
          rec.added,
          rec.firstTime,
          rec.lastTime,
        ])
      } else {
        await this.tx.query('update vibration_recordings set sample_count = $2, last_time = $3 where id = $1', [rec.id, rec.stored + rec.added, rec.lastTime])
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
 * Imports one file (see module comment). Never throws for bad input or a broken stream: the outcome says what happened
 * and the history row is updated accordingly. A storage fault (database full or read-only: utils/db-errors.server.ts) is
 * recorded on the history row when that still works, then rethrown for the route to answer 507/503.
 */
export async function importVibrationFile(request: ImportRequest): Promise<ImportOutcome> {
  // The file name is the client's metadata: a NUL in it could not be stored (text or jsonb), so it is dropped.
  const req = { ...request, fileName: withoutNul(request.fileName) }
  const [row] = await db
    .insert(vibrationImports)
    .values({
      batchId: req.batchId,
      source: req.source,
      fileName: req.fileName.slice(0, 255),
      userId: req.actor.id,
      username: req.actor.username,
      tokenId: req.tokenId ?? null,
      status: 'running',
    })
    .returning({ id: vibrationImports.id })
  const importId = row.id
  const started = performance.now()
  const meter = new ByteMeter(req.maxBytes)
  let run: ImportRun | null = null
  const metered = (async function* () {
    for await (const chunk of req.body) yield meter.take(chunk)
  })()

  const base = (): ImportOutcome => ({
    id: importId,
    status: 'failed',
    rowsImported: 0,
    rowsSkipped: run?.skipped ?? 0,
    recordingCount: 0,
    problemCount: run?.problemCount ?? 0,
    problems: run?.problems ?? [],
    message: null,
    messageParams: null,
    tooLarge: false,
  })

  let outcome: ImportOutcome
  let hash: string | null = null
  let fault: unknown = null
  try {
    outcome = await withRawTransaction(async (tx) => {
      // Held until this transaction ends (or its connection dies): tells a starting server that the import is alive.
      await tx.query('select pg_advisory_xact_lock(hashtextextended($1, 73))', [importId])
      run = new ImportRun(tx, req, importId)
      await run.consume(csvRowChunks(metered))
      hash = meter.digest()
      if (run.failure) throw new Rollback({ status: 'failed', message: run.failure.message })
      if (run.problemCount > 0) throw new Rollback({ status: 'failed', message: 'vibration.error.problems' })
      if (!run.sawAnyRow) throw new Rollback({ status: 'failed', message: 'vibration.error.emptyFile' })
      if (run.imported + run.skipped === 0) throw new Rollback({ status: 'failed', message: 'vibration.error.noRows' })
      const { key, machineId, sensor } = run.dedupeKey(hash)
      const dup = await tx.query<{ id: string }>("select id from vibration_imports where dedupe_key = $1 and status = 'succeeded'", [key])
      if (dup[0]) throw new Rollback({ status: 'duplicate', message: 'vibration.import.alreadyImported', rowsSkipped: run.imported + run.skipped, rowsImported: 0 })
      await run.finish()
      const durationMs = Math.round(performance.now() - started)
      const recordingCount = [...run.recs.values()].filter(Boolean).length
      await tx.query(
        `update vibration_imports set status = 'succeeded', content_hash = $2, size_bytes = $3, layout = $4, machine_id = $5, sensor_no = $6,
           dedupe_key = $7, rows_imported = $8, rows_skipped = $9, recording_count = $10, finished_at = now(), duration_ms = $11 where id = $1`,
        [importId, hash, meter.bytes, run.layout!.layout, machineId, sensor, key, run.imported, run.skipped, recordingCount, durationMs],
      )
      const after = { fileName: req.fileName, layout: run.layout!.layout, rows: run.imported, skipped: run.skipped, recordings: recordingCount, hash, createdMachines: run.createdMachines }
      await tx.query(
        "insert into audit_log (user_id, username, ip, action, entity_type, entity_id, after) values ($1, $2, $3, 'vibration.import', 'vibration_import', $4, $5::jsonb)",
        [req.actor.id, req.actor.username, req.actor.ip ?? null, importId, JSON.stringify(after)],
      )
      return { ...base(), status: 'succeeded' as const, rowsImported: run.imported, rowsSkipped: run.skipped, recordingCount, problemCount: 0, problems: [] }
    })
    // ---- diagnosis hook (docs/decisions/006-vibration-diagnosis.md): once, after the commit, for the recordings that got samples.
    await diagnoseAfterImport(importId, [...(run as ImportRun | null)!.recs.values()].flatMap((r) => (r && r.added > 0 ? [r.id] : [])), req.actor)
    return outcome
  } catch (e) {
    if (e instanceof Rollback) outcome = { ...base(), ...e.outcome }
    else if (e instanceof TooLargeError) outcome = { ...base(), message: 'vibration.error.tooLarge', messageParams: { mb: Math.round(e.limit / 1024 / 1024) }, tooLarge: true }
    else if (e instanceof NotTextError) outcome = { ...base(), message: 'vibration.error.binary' }
    else if (isUniqueViolation(e)) outcome = { ...base(), status: 'duplicate', message: 'vibration.import.alreadyImported' }
    else if (storageFault(e)) {
      fault = e
      outcome = { ...base(), message: storageFaultUploadMessage[storageFault(e)!] }
    } else {
      console.error(JSON.stringify({ level: 'error', msg: 'vibration import aborted', importId, error: String((e as Error)?.stack ?? e) }))
      outcome = { ...base(), message: 'vibration.error.aborted' }
    }
    // Drain what is left of the body (never into memory) so a multipart request can go on to its next part.
    if (!outcome.tooLarge && outcome.message !== 'vibration.error.aborted') {
      try {
        for await (const chunk of req.body) meter.take(chunk)
      } catch {}
    }
  }
  // A pool connection killed together with the import's (a database restart) fails the first statement on it: retry.
  for (let attempt = 1; ; attempt++) {
    try {
      await db
        .update(vibrationImports)
        .set({
          status: outcome.status,
          contentHash: hash,
          sizeBytes: meter.bytes,
          layout: (run as ImportRun | null)?.layout?.layout ?? null,
          rowsImported: 0,
          rowsSkipped: outcome.rowsSkipped,
          problemCount: outcome.problemCount,
          // The report quotes the file's cells and names: a NUL there cannot go into jsonb (the row would stay 'running').
          problems: outcome.problems.map((p) => (p.text === undefined ? p : { ...p, text: withoutNul(p.text) })),
          message: outcome.message,
          messageParams: outcome.messageParams && Object.fromEntries(Object.entries(outcome.messageParams).map(([k, v]) => [k, typeof v === 'string' ? withoutNul(v) : v])),
          finishedAt: sql`now()`,
          durationMs: Math.round(performance.now() - started),
        })
        .where(eq(vibrationImports.id, importId))
      break
    } catch (e) {
      if (attempt < 3 && !storageFault(e)) {
        await new Promise((resolve) => setTimeout(resolve, 250 * attempt))
        continue
      }
      console.error(JSON.stringify({ level: 'error', msg: 'vibration import: could not record the failure', importId, error: String(e) }))
      break
    }
  }
  if (fault) throw fault
  return outcome
}

/**
 * Start-up housekeeping: an import left 'running' by a crash stored nothing (its transaction died); mark it failed.
 * Only imports whose transaction lock nobody holds — with several app instances on one database, another instance's
 * import in progress is left alone. (An import row is 'running' a moment before its transaction takes the lock; those
 * younger than 10 s are left alone.)
 */
export async function failAbandonedImports(): Promise<number> {
  const rows = await db
    .update(vibrationImports)
    .set({ status: 'failed', message: 'vibration.error.interrupted', finishedAt: sql`now()` })
    .where(
      and(
        eq(vibrationImports.status, 'running'),
        sql`${vibrationImports.startedAt} < now() - interval '10 seconds'`,
        sql`pg_try_advisory_xact_lock(hashtextextended(${vibrationImports.id}::text, 73))`,
      ),
    )
    .returning({ id: vibrationImports.id })
  return rows.length
}
