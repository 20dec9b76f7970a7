import os from 'node:os'

/** One figure of a benchmark run. Baselines are metrics too, so a reader can recompute every ratio. */
export interface Metric {
  metric: string
  value: number
  unit: string
  /** e.g. "<= 2.0" or ">= 0.5"; null when the figure is informative only. */
  target: string | null
}

export interface BenchResult {
  name: string
  date: string
  machine: { cpus: number; memGiB: number }
  metrics: Metric[]
}

export type BenchFn = (args: string[]) => Promise<Metric[]>

/** Runs `fn` `repeat` times after `warmup` runs and returns the median wall time in milliseconds. */
export async function medianMs(fn: () => unknown | Promise<unknown>, repeat = 5, warmup = 1): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn()
  const times: number[] = []
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now()
    await fn()
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]
}

export function machine() {
  return { cpus: os.cpus().length, memGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10 }
}

export function metric(name: string, value: number, unit: string, target: string | null = null): Metric {
  return { metric: name, value: Math.round(value * 1000) / 1000, unit, target }
}

/** Says whether a figure meets its target ("<= 2.0", ">= 0.5"); benchmarks report, they never fail. */
export function meets(m: Metric): string {
  if (!m.target) return ''
  const [op, raw] = m.target.split(/\s+/)
  const limit = Number(raw)
  const ok = op === '<=' ? m.value <= limit : op === '>=' ? m.value >= limit : false
  return ok ? 'ok' : 'MISSED'
}
