/**
 * Cutting a CSV byte stream at record boundaries (before decoding: '\n' never occurs inside a UTF-8 sequence).
 *
 * The quote state is carried from chunk to chunk, so each byte is looked at once however the stream is cut (a body that
 * opens a quote and never closes it used to be scanned again from its start on every chunk: quadratic). A record longer
 * than `MAX_RECORD_BYTES` is refused: no real vibration row is anywhere near it, and the bytes of one record have to be
 * held until it ends.
 */

/** The longest record (one CSV row, quoted newlines included) the importer accepts. */
export const MAX_RECORD_BYTES = 64 * 1024

/** End of the last complete record in `buf` (index of its '\n', outside double quotes), or -1. */
export function lastRecordEnd(buf: Uint8Array): number {
  const cutter = new RecordCutter()
  return cutter.scan(buf)
}

/**
 * Finds record ends in a stream given chunk by chunk. `scan(chunk)` returns the index in `chunk` of the last '\n' that
 * ends a record (outside double quotes), or -1; `openBytes` is the length of the record still open after it.
 */
export class RecordCutter {
  private quoted = false
  /** Bytes since the last record end (the record still open). */
  openBytes = 0

  scan(chunk: Uint8Array): number {
    let last = -1
    if (!this.quoted && chunk.indexOf(0x22) < 0) {
      // No quote anywhere: the last '\n' is the answer (native search, no byte loop).
      last = chunk.lastIndexOf(0x0a)
    } else {
      let quoted = this.quoted
      for (let i = 0; i < chunk.length; i++) {
        const ch = chunk[i]
        if (ch === 0x22) quoted = !quoted
        else if (ch === 0x0a && !quoted) last = i
      }
      this.quoted = quoted
    }
    this.openBytes = last < 0 ? this.openBytes + chunk.length : chunk.length - last - 1
    return last
  }

  /** True when the record still open is longer than the importer accepts. */
  get tooLong(): boolean {
    return this.openBytes > MAX_RECORD_BYTES
  }
}

/** A cell echoed back in a message or a stored problem: at most ~80 characters, so a hostile file cannot fill them. */
export function echoCell(text: string, max = 80): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}
