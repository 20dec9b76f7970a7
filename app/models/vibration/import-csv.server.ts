/**
 * Bytes → CSV rows for the vibration import: whole records cut from the byte stream, strict UTF-8, papaparse 256 KiB at a
 * time. See docs/decisions/004-vibration-data.md.
 */
import { isAscii } from 'node:buffer'
import Papa from 'papaparse'
import { detectDelimiter } from '~/domain/vibration/ingest'
import { RecordCutter } from '~/domain/vibration/ingest/records'
import { NotTextError, RecordTooLongError } from '~/utils/upload.server'

/**
 * Bytes handed to papaparse at a time (whole records): small enough that a batch's rows die young (the scavenger copies
 * what is alive, and promotes what survives twice), large enough that the per-call cost does not show.
 */
const PARSE_BYTES = 256 * 1024

/**
 * The rows of a CSV byte stream, a batch per ~256 KiB of whole records (the caller numbers them: row k of the stream is
 * line k; rows spanning lines through quoted newlines count as one). Strict UTF-8 (a leading BOM dropped; invalid bytes
 * or NUL → `NotTextError`), delimiter (',' or ';') and line end (LF or CRLF) from the first line. The records are cut
 * from the bytes ('\n' never occurs inside a UTF-8 sequence) and each batch is decoded once, so the text is never
 * concatenated or copied again before papaparse splits it. Each byte is scanned for record ends once (the quote state
 * carries over between chunks); a record over 64 KiB → `RecordTooLongError` naming its line, after the rows before it.
 */
export async function* csvRowChunks(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string[][]> {
  const decoder = new TextDecoder('utf-8', { fatal: true })
  let pending: Buffer[] = []
  let pendingBytes = 0
  const cutter = new RecordCutter()
  /** Bytes at the start of `pending` that are whole records (up to and including the last record's '\n'). */
  let completeBytes = 0
  let rowsOut = 0
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

  const takeComplete = (): string[][] => {
    const buf = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes)
    let text = decode(buf.subarray(0, completeBytes - 1), true)
    const rest = buf.subarray(completeBytes)
    pending = rest.length > 0 ? [rest] : []
    pendingBytes = rest.length
    completeBytes = 0
    detect(text, false)
    if (crlf && text.endsWith('\r')) text = text.slice(0, -1)
    const batch = rows(text)
    rowsOut += batch.length
    return batch
  }

  for await (const chunk of chunks) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
    if (bytes.indexOf(0) >= 0) throw new NotTextError()
    const end = cutter.scan(bytes)
    if (end >= 0) completeBytes = pendingBytes + end + 1
    pending.push(bytes)
    pendingBytes += bytes.length
    if (cutter.tooLong) {
      if (completeBytes > 0) yield takeComplete()
      throw new RecordTooLongError(rowsOut + 1)
    }
    if (pendingBytes < PARSE_BYTES || completeBytes === 0) continue
    yield takeComplete()
  }
  let text = decode(pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes), false)
  detect(text, true)
  // A final line end adds no row.
  if (text.endsWith('\n')) text = text.slice(0, crlf && text.endsWith('\r\n') ? -2 : -1)
  if (text.length > 0) yield rows(text)
}
