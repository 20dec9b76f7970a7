import fs from 'node:fs'
import path from 'node:path'
import { PARTS_DIR, type TargetStats } from './report'

/**
 * Global setup of the fuzz run: clears the per-worker count files first; at the end merges them into
 * reports/fuzz.json and prints the table (per target: inputs, accepted, rejected, 5xx) with the totals.
 */
export default function setup() {
  fs.rmSync(PARTS_DIR, { recursive: true, force: true })
  const started = Date.now()
  return () => {
    if (!fs.existsSync(PARTS_DIR)) return
    const rows: TargetStats[] = fs
      .readdirSync(PARTS_DIR)
      .flatMap((f) => fs.readFileSync(path.join(PARTS_DIR, f), 'utf8').split('\n').filter(Boolean))
      .map((l) => JSON.parse(l) as TargetStats)
      .sort((a, b) => a.target.localeCompare(b.target))
    fs.rmSync(PARTS_DIR, { recursive: true, force: true })
    const sum = (k: 'inputs' | 'accepted' | 'rejected' | 'serverErrors') => rows.reduce((n, r) => n + r[k], 0)
    const total = { inputs: sum('inputs'), accepted: sum('accepted'), rejected: sum('rejected'), serverErrors: sum('serverErrors') }
    const report = {
      date: new Date().toISOString(),
      backend: process.env.TEST_DATABASE_URL ? 'postgresql' : 'pglite',
      seconds: Math.round((Date.now() - started) / 1000),
      targets: rows.length,
      total,
      rows,
    }
    fs.mkdirSync('reports', { recursive: true })
    fs.writeFileSync('reports/fuzz.json', JSON.stringify(report, null, 2) + '\n')
    const width = Math.max(6, ...rows.map((r) => r.target.length))
    const line = (t: string, i: number | string, a: number | string, r: number | string, e: number | string, s: number | string = '') =>
      `${t.padEnd(width)}  ${String(i).padStart(6)}  ${String(a).padStart(8)}  ${String(r).padStart(8)}  ${String(e).padStart(4)}  ${String(s).padStart(6)}`
    const out = [
      `fuzz (${report.backend}, ${report.seconds} s): ${rows.length} targets`,
      line('target', 'inputs', 'accepted', 'rejected', '5xx', 's'),
      ...rows.map((r) => line(r.target, r.inputs, r.accepted, r.rejected, r.serverErrors, (r.ms / 1000).toFixed(1))),
      line('total', total.inputs, total.accepted, total.rejected, total.serverErrors),
      'written to reports/fuzz.json',
    ]
    console.log(out.join('\n'))
  }
}
