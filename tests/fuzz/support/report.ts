import fs from 'node:fs'
import path from 'node:path'

/** Counts of one target (route + intent, or API endpoint + body kind). */
export interface TargetStats {
  target: string
  inputs: number
  accepted: number
  rejected: number
  /** Thrown errors and 5xx answers: must be 0. */
  serverErrors: number
  /** How many field names the inputs used. */
  fields: number
  ms: number
  seed: number
}

/** Where each worker appends its targets' counts (one JSON line each); merged by ./report-setup.ts at the end. */
export const PARTS_DIR = path.resolve('reports/.fuzz-parts')

export function recordStats(stats: TargetStats) {
  fs.mkdirSync(PARTS_DIR, { recursive: true })
  fs.appendFileSync(path.join(PARTS_DIR, `${process.pid}.jsonl`), JSON.stringify(stats) + '\n')
}
