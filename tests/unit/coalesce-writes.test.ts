import { once } from 'node:events'
import type http from 'node:http'
import type { AddressInfo } from 'node:net'
import zlib from 'node:zlib'
import compression from 'compression'
import express, { type Request, type Response } from 'express'
import { afterEach, expect, test } from 'vitest'
import { coalesceWrites } from '../../server/coalesce-writes.mjs'

/**
 * server/coalesce-writes.mjs: the pieces a response writes within one event-loop turn reach the compressor as one write
 * and one flush (Remix writes React's pieces one by one and flushes after each), the bytes are the same for every
 * encoding, and what is written in a later turn still leaves in that turn (streaming keeps its timing).
 */

let server: http.Server | null = null
afterEach(async () => {
  server?.close()
  server = null
})

async function start(handler: (req: Request, res: Response) => void, seen: { writes: number; flushes: number }) {
  const app = express()
  app.use(compression({ level: 1, brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } } }))
  // Counts what reaches the compressor.
  app.use((_req, res, next) => {
    const write = res.write.bind(res)
    const flush = (res as Response & { flush: () => void }).flush.bind(res)
    res.write = ((...args: Parameters<typeof write>) => {
      seen.writes++
      return write(...args)
    }) as typeof res.write
    ;(res as Response & { flush: () => void }).flush = () => {
      seen.flushes++
      flush()
    }
    next()
  })
  app.use(coalesceWrites)
  app.get('/', handler)
  server = app.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
}

const pieces = Array.from({ length: 60 }, (_, i) => `<p>piece ${i} ${'한국어 텍스트 '.repeat(20)}</p>`)

/** What Remix does with a page: write each piece, flush after each, end. */
function remixLike(_req: Request, res: Response) {
  res.setHeader('Content-Type', 'text/html; charset=utf-8')
  for (const p of pieces) {
    res.write(Buffer.from(p))
    ;(res as Response & { flush: () => void }).flush()
  }
  res.end()
}

for (const encoding of ['br', 'gzip', 'identity']) {
  test(`${encoding}: a page written in 60 pieces reaches the compressor as one write and arrives whole`, async () => {
    const seen = { writes: 0, flushes: 0 }
    const url = await start(remixLike, seen)
    const res = await fetch(url, { headers: { 'accept-encoding': encoding } })
    expect(res.headers.get('content-encoding') ?? 'identity').toBe(encoding)
    expect(await res.text()).toBe(pieces.join(''))
    if (encoding === 'identity') {
      // No compression asked for: nothing changes.
      expect(seen.writes).toBe(60)
    } else {
      // Written in one turn and ended in the same turn: the whole page goes in with the end.
      expect(seen.writes).toBe(0)
      expect(seen.flushes).toBe(0)
    }
  })
}

test('a piece written in a later turn leaves in that turn, flushed, before the response ends', async () => {
  const seen = { writes: 0, flushes: 0 }
  let release: () => void = () => {}
  const later = new Promise<void>((r) => (release = r))
  const url = await start((_req, res) => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8')
    res.write('<p>first part</p>'.repeat(100))
    ;(res as Response & { flush: () => void }).flush()
    void later.then(() => res.end('<p>last</p>'))
  }, seen)
  const res = await fetch(url, { headers: { 'accept-encoding': 'gzip' } })
  const reader = res.body!.getReader()
  const decoder = new TextDecoder()
  let text = ''
  while (!text.includes('first part')) {
    const { value, done } = await reader.read()
    if (done) break
    text += decoder.decode(value, { stream: true })
  }
  // The first part arrived while the response is still open.
  expect(text.startsWith('<p>first part</p>')).toBe(true)
  expect(seen).toEqual({ writes: 1, flushes: 1 })
  release()
  for (;;) {
    const { value, done } = await reader.read()
    if (done) break
    text += decoder.decode(value, { stream: true })
  }
  expect(text).toBe('<p>first part</p>'.repeat(100) + '<p>last</p>')
})

test('end(callback) and write(chunk, callback) call back once the response is finished', async () => {
  const calls: string[] = []
  const url = await start((_req, res) => {
    res.write('a'.repeat(2000), () => calls.push('write'))
    res.end(() => calls.push('end'))
  }, { writes: 0, flushes: 0 })
  const res = await fetch(url, { headers: { 'accept-encoding': 'gzip' } })
  expect(await res.text()).toBe('a'.repeat(2000))
  await new Promise((r) => setTimeout(r, 20))
  expect(calls.sort()).toEqual(['end', 'write'])
})
