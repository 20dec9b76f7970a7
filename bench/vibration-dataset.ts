/**
 * Seed-sized vibration dataset for bench/vibration-ingest.bench.ts: recording-layout CSV files (no header, five numeric
 * columns: time, normal, type1, type2, type3) named `g<m>_sensor<s>.csv`, written straight to disk in 8,192-row chunks
 * (never a whole file in memory). The signal is a cheap stand-in for tests/fixtures/vibration/generator.ts (a few tones
 * plus seeded noise from the same mulberry32 PRNG): the importer's cost depends on the text, not on the physics.
 */
import fs from 'node:fs'
import path from 'node:path'
import { once } from 'node:events'
import { createRng } from '../tests/fixtures/vibration/generator'

export const SAMPLE_RATE = 1360
/** ~140 s at 1360 Hz, as one file of the previous system's export. */
export const SEED_ROWS_PER_FILE = 190_400
export const SEED_FILE_NAMES = ['g1_sensor1.csv', 'g1_sensor2.csv', 'g2_sensor1.csv', 'g2_sensor2.csv', 'g3_sensor1.csv', 'g3_sensor2.csv', 'g4_sensor1.csv', 'g4_sensor2.csv']

export interface DatasetFile {
  name: string
  path: string
  rows: number
  bytes: number
  machine: string
  sensor: number
}

/** Writes one headerless five-column file of `rows` rows (seeded, deterministic). */
export async function writeRecordingFile(file: string, rows: number, seed: number): Promise<number> {
  const rng = createRng(seed)
  const shaft = 15 + 45 * rng()
  const amps = [0.2, 1.8, 0.6, 2.1].map((a) => a * (0.8 + 0.4 * rng()))
  const out = fs.createWriteStream(file)
  const w = (2 * Math.PI * shaft) / SAMPLE_RATE
  for (let start = 0; start < rows; start += 8192) {
    const end = Math.min(rows, start + 8192)
    let chunk = ''
    for (let i = start; i < end; i++) {
      const s = Math.sin(w * i)
      const s2 = Math.sin(2 * w * i)
      chunk +=
        `${(i / SAMPLE_RATE).toFixed(6)},${(amps[0] * s + 0.6 * (rng() - 0.5)).toFixed(6)},${(amps[1] * s + 0.6 * (rng() - 0.5)).toFixed(6)},` +
        `${(amps[2] * s + 0.3 * s2 + 0.6 * (rng() - 0.5)).toFixed(6)},${(amps[3] * s + 0.3 * s2 + 0.6 * (rng() - 0.5)).toFixed(6)}\n`
    }
    if (!out.write(chunk)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
  return fs.statSync(file).size
}

/** The 8 seed files (g1_sensor1 … g4_sensor2) of `rowsPerFile` rows each in `dir`. */
export async function writeDataset(dir: string, rowsPerFile: number, seed: number): Promise<DatasetFile[]> {
  fs.mkdirSync(dir, { recursive: true })
  const files: DatasetFile[] = []
  for (const [i, name] of SEED_FILE_NAMES.entries()) {
    const file = path.join(dir, name)
    const bytes = await writeRecordingFile(file, rowsPerFile, seed * 100 + i + 1)
    const m = /^(g\d)_sensor(\d)\.csv$/.exec(name)!
    files.push({ name, path: file, rows: rowsPerFile, bytes, machine: m[1], sensor: Number(m[2]) })
  }
  return files
}
