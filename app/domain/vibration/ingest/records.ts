/** Cutting a CSV byte stream at record boundaries (before decoding: '\n' never occurs inside a UTF-8 sequence). */

/** End of the last complete record in `buf` (index of its '\n', outside double quotes), or -1. */
export function lastRecordEnd(buf: Uint8Array): number {
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
