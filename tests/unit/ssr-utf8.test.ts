import { PassThrough } from 'node:stream'
import { createElement } from 'react'
import { renderToPipeableStream } from 'react-dom/server'
import { describe, expect, test } from 'vitest'

/**
 * React 18.3.1's streaming renderer sent a whole 2 KiB view when the next string did not fit in its last bytes, NUL
 * bytes and all: a Korean syllable (3 bytes) at a view's end put one or two NULs into the HTML, which browsers show as
 * "대��상" (react/react#31134). patches/react-dom+18.3.1.patch sends only the bytes written.
 */
function render(padding: number): Promise<Buffer> {
  const words = Array.from({ length: 400 }, (_, i) => createElement('span', { key: i }, i % 2 ? '대상' : '작업자 변경'))
  const tree = createElement('div', null, 'x'.repeat(padding), ...words)
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    const sink = new PassThrough()
    sink.on('data', (c: Buffer) => chunks.push(c))
    sink.on('end', () => resolve(Buffer.concat(chunks)))
    const { pipe } = renderToPipeableStream(tree, { onAllReady: () => pipe(sink), onError: reject })
  })
}

describe('server rendering of Korean text', () => {
  test('no NUL byte and no broken character wherever the 2 KiB views fall', async () => {
    for (let padding = 0; padding < 6; padding++) {
      const html = await render(padding)
      expect(html.includes(0), `padding ${padding}`).toBe(false)
      const text = html.toString('utf8')
      expect(text.includes('\uFFFD'), `padding ${padding}`).toBe(false)
      expect(text.split('대상').length - 1).toBe(200)
    }
  })
})
