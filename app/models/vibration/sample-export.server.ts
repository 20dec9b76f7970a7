/** The filtered samples as a CSV download (samples.server.ts pages through them). */
import type { SampleFilter } from '~/domain/vibration/filters'
import { csvLine } from '~/utils/csv.server'
import { listSamples, SAMPLE_COLUMNS } from './samples.server'

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
        controller.enqueue(encoder.encode(csvLine(SAMPLE_COLUMNS)))
        return
      }
      // Every pull either enqueues a page or closes the stream (a pull that does neither is never called again).
      if (done) return controller.close()
      const page = await listSamples(filter, cursor, 8192)
      cursor = page.nextCursor
      if (!cursor) done = true
      if (page.rows.length) controller.enqueue(encoder.encode(page.rows.map((r) => csvLine(SAMPLE_COLUMNS.map((c) => r[c]))).join('')))
      else controller.close()
    },
  })
}
