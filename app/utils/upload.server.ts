/**
 * Streaming upload plumbing for the vibration import: the size cap, byte counting and hashing while bytes pass, strict
 * UTF-8 decoding that recognises binary files, and a CSV row reader that feeds papaparse whole lines chunk by chunk so a
 * file is never held in memory at once.
 */
import { createHash } from 'node:crypto'
import Papa from 'papaparse'
import { z } from 'zod'
import { detectDelimiter } from '~/domain/vibration/ingest'

const DEFAULT_MAX_BYTES = 1024 * 1024 * 1024

/** `VIBRATION_MAX_UPLOAD_BYTES` (default 1 GiB): the largest file or API body accepted; more → 413. */
export function maxUploadBytes(envValue = process.env.VIBRATION_MAX_UPLOAD_BYTES): number {
  const parsed = z.coerce.number().int().positive().safeParse(envValue)
  return envValue && parsed.success ? parsed.data : DEFAULT_MAX_BYTES
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

/** Strict UTF-8 decoding (BOM dropped); NUL characters or invalid sequences → `NotTextError`. */
export async function* decodeText(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true })
  let text: string
  for await (const chunk of chunks) {
    try {
      text = decoder.decode(chunk, { stream: true })
    } catch {
      throw new NotTextError()
    }
    if (text.includes('\u0000')) throw new NotTextError()
    if (text) yield text
  }
  try {
    text = decoder.decode()
  } catch {
    throw new NotTextError()
  }
  if (text) yield text
}

export interface CsvRow {
  cells: string[]
  /** 1-based line number (rows spanning lines through quoted newlines count as one line). */
  line: number
}

const MIN_PARSE_CHARS = 1 << 20

/** Index of the last '\n' outside double quotes in `text`, or -1. */
function lastRecordEnd(text: string): number {
  if (!text.includes('"')) return text.lastIndexOf('\n')
  let quoted = false
  let last = -1
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    if (ch === 34) quoted = !quoted
    else if (ch === 10 && !quoted) last = i
  }
  return last
}

/**
 * Rows of a CSV text stream, in batches. The delimiter (',' or ';') and line end (LF or CRLF) come from the first line.
 * Whole records are handed to papaparse once at least 1 MiB has arrived, so per-row overhead stays small.
 */
export async function* csvRowBatches(texts: AsyncIterable<string>): AsyncGenerator<CsvRow[]> {
  let buffer = ''
  let delimiter: ',' | ';' | null = null
  let crlf = false
  let line = 0

  const parse = (text: string): CsvRow[] => {
    if (text === '') return [{ cells: [''], line: ++line }]
    const result = Papa.parse<string[]>(text, { delimiter: delimiter!, newline: crlf ? '\r\n' : '\n', header: false, dynamicTyping: false, skipEmptyLines: false })
    return result.data.map((cells) => ({ cells, line: ++line }))
  }

  for await (const text of texts) {
    buffer += text
    if (delimiter === null) {
      const nl = buffer.indexOf('\n')
      if (nl < 0 && buffer.length < 65536) continue
      const first = nl < 0 ? buffer : buffer.slice(0, nl)
      crlf = first.endsWith('\r')
      delimiter = detectDelimiter(first)
    }
    if (buffer.length < MIN_PARSE_CHARS) continue
    const end = lastRecordEnd(buffer)
    if (end < 0) continue
    const complete = buffer.slice(0, crlf && buffer.charCodeAt(end - 1) === 13 ? end - 1 : end)
    buffer = buffer.slice(end + 1)
    yield parse(complete)
  }
  if (delimiter === null) {
    crlf = buffer.includes('\r\n')
    delimiter = detectDelimiter(buffer.split('\n', 1)[0])
  }
  // A final line end adds no row.
  if (buffer.endsWith('\n')) buffer = buffer.slice(0, crlf && buffer.endsWith('\r\n') ? -2 : -1)
  if (buffer.length > 0) yield parse(buffer)
}
