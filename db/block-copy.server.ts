/**
 * Bulk loading of vibration block rows (`vibration_blocks`) with binary COPY: streamed over the import's own postgres-js
 * connection while the file is parsed (`PgCopy`), or from a blob per statement on PGlite (`PgliteCopy`).
 * db/raw-transaction.server.ts puts one of them in the import's transaction. See docs/decisions/004-vibration-data.md.
 */
import type { Writable } from 'node:stream'
import type { PGlite } from '@electric-sql/pglite'
import type postgres from 'postgres'

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

const FLUSH_BYTES = 8 * 1024 * 1024
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
export class ConnectionLost extends Error {
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
export class PgCopy implements BlockSink {
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
    // The one cast left on purpose: postgres-js keeps a query's reject function on the (untyped) query object; wrapping it
    // is the only way to hear that the server refused the COPY before the stream ends (see docs/decisions/010).
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

type Transaction = Parameters<Parameters<PGlite['transaction']>[0]>[0]

/** How many bytes of blocks a sliced embedded import copies per statement (each its own short transaction). */
export const SLICE_BYTES = 1024 * 1024

/**
 * PGlite: binary COPY from a blob per statement, `flushBytes` (default 8 MB) at a time, on a transaction or — for a
 * sliced import (db/raw-transaction.server.ts) — on the database itself, each COPY then committing by itself;
 * `between` runs after each COPY (the sliced import gives the event loop a turn there).
 */
export class PgliteCopy implements BlockSink {
  private readonly enc = new CopyEncoder()
  private bytes = 0
  constructor(
    private readonly tx: Pick<Transaction, 'query'>,
    private readonly flushBytes = FLUSH_BYTES,
    private readonly between?: () => Promise<void>,
  ) {}

  add(row: BlockRow) {
    this.enc.add(row)
    this.bytes += TUPLE_OVERHEAD + row.data.byteLength
  }

  get backlog() {
    return this.bytes >= this.flushBytes
  }

  send() {
    return this.settle()
  }

  async settle() {
    const chunks = this.enc.take()
    this.bytes = 0
    if (chunks.length === 0) return
    const blob = new Blob([COPY_SIGNATURE, ...chunks, COPY_TRAILER] as BlobPart[])
    await this.tx.query(`copy ${COPY_COLUMNS} from '/dev/blob' (format binary)`, [], { blob })
    if (this.between) await this.between()
  }
}
