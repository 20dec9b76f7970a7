/**
 * Express middleware, after `compression`: the pieces a response writes within one event-loop turn go to the compressor
 * as one write, followed by at most one flush.
 *
 * Remix streams a page as React's ~2 KB pieces and calls `res.flush()` after each one, so the compressor got ~70 writes
 * (each a round trip to zlib's thread pool) and ~70 flushes (each ending a compressed block and writing to the socket) for
 * a 150 KB page: ~3.7 ms of CPU and a poor ratio, against ~0.5 ms for the same page in one write (issue 20). Whatever
 * is written in a turn still leaves in that turn's `setImmediate`, so streaming (deferred data, server-sent events)
 * keeps its timing. Only for clients that accept a compressed answer (every browser); others get the pieces as before.
 */
const COMPRESSED = /\b(?:br|gzip|deflate)\b/

const toBuffer = (chunk, encoding) =>
  Buffer.isBuffer(chunk) ? chunk : typeof chunk === 'string' ? Buffer.from(chunk, encoding) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)

export function coalesceWrites(req, res, next) {
  if (!COMPRESSED.test(req.headers['accept-encoding'] ?? '')) return next()
  const write = res.write
  const end = res.end
  const flush = typeof res.flush === 'function' ? res.flush : null
  let parts = []
  let flushWanted = false
  let scheduled = false
  let ended = false
  const joined = () => {
    const chunk = parts.length === 1 ? parts[0] : Buffer.concat(parts)
    parts = []
    return chunk
  }
  const drain = () => {
    scheduled = false
    if (ended || parts.length === 0) return
    write.call(res, joined())
    if (flushWanted && flush) flush.call(res)
    flushWanted = false
  }
  res.write = function coalescedWrite(chunk, encoding, callback) {
    if (ended) return false
    if (typeof encoding === 'function') [callback, encoding] = [encoding, undefined]
    parts.push(toBuffer(chunk, encoding))
    if (callback) res.once('finish', callback)
    if (!scheduled) {
      scheduled = true
      setImmediate(drain)
    }
    return true
  }
  if (flush) {
    res.flush = function coalescedFlush() {
      flushWanted = true
      if (!scheduled) {
        scheduled = true
        setImmediate(drain)
      }
    }
  }
  res.end = function coalescedEnd(chunk, encoding, callback) {
    if (ended) return res
    if (typeof chunk === 'function') [callback, chunk] = [chunk, undefined]
    else if (typeof encoding === 'function') [callback, encoding] = [encoding, undefined]
    if (chunk != null) parts.push(toBuffer(chunk, encoding))
    ended = true
    if (callback) res.once('finish', callback)
    return end.call(res, parts.length > 0 ? joined() : undefined)
  }
  next()
}
