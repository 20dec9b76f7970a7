/** The filtered samples as a CSV download (samples.server.ts pages through them). */
import type { SampleFilter } from '~/domain/vibration/filters'
import { listSamples, SAMPLE_COLUMNS } from './samples.server'

function csvCell(v: string | number | null): string {
  if (v === null) return ''
  if (typeof v === 'number') return String(v)
  return /[",\r\n;]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v
}

/** The filtered samples as CSV, produced page by page while the client reads (bounded memory). */
export function exportSamplesCsv(filter: SampleFilter): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  let cursor: string | null = null
  let started = false
  let done = false
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true
        controller.enqueue(encoder.encode(SAMPLE_COLUMNS.join(',') + '\r\n'))
        return
      }
      // Every pull either enqueues a page or closes the stream (a pull that does neither is never called again).
      if (done) return controller.close()
      const page = await listSamples(filter, cursor, 8192)
      cursor = page.nextCursor
      if (!cursor) done = true
      if (page.rows.length) controller.enqueue(encoder.encode(page.rows.map((r) => SAMPLE_COLUMNS.map((c) => csvCell(r[c])).join(',')).join('\r\n') + '\r\n'))
      else controller.close()
    },
  })
}
