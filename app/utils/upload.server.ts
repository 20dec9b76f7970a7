/**
 * Streaming upload plumbing for the vibration import: the size cap, and byte counting and hashing while bytes pass
 * (the CSV reading itself is app/domain/vibration/ingest/records.ts).
 */
import { createHash } from 'node:crypto'
import { liveEnv } from './env.server'

/** `VIBRATION_MAX_UPLOAD_BYTES` (default 1 GiB): the largest file or API body accepted; more → 413. */
export function maxUploadBytes(): number {
  return liveEnv('VIBRATION_MAX_UPLOAD_BYTES')
}

/** The body is larger than the cap. */
export class TooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`upload larger than ${limit} bytes`)
  }
}

/** The bytes are not UTF-8 text (a binary file renamed .csv). */
export class NotTextError extends Error {
  constructor() {
    super('not a text file')
  }
}

/** One CSV record (row) is longer than the importer accepts (MAX_RECORD_BYTES): an unclosed quote or no line ends. */
export class RecordTooLongError extends Error {
  constructor(readonly line: number) {
    super(`record at line ${line} is too long`)
  }
}

/** Counts and hashes bytes while passing them on; throws `TooLargeError` past `limit`. */
export class ByteMeter {
  bytes = 0
  private readonly hash = createHash('sha256')
  constructor(private readonly limit: number) {}

  take(chunk: Uint8Array): Uint8Array {
    this.bytes += chunk.byteLength
    if (this.bytes > this.limit) throw new TooLargeError(this.limit)
    this.hash.update(chunk)
    return chunk
  }

  digest(): string {
    return this.hash.digest('hex')
  }
}
