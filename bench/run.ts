/**
 * `npm run bench -- <name> [args…]` runs bench/<name>.bench.ts, prints a table of its figures (baselines included) and
 * writes bench/results/<name>.json. Without a name it runs every benchmark in turn. Benchmarks report; they never fail.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { machine, meets, type BenchFn, type BenchResult } from './lib'

const here = path.dirname(fileURLToPath(import.meta.url))

async function runOne(name: string, args: string[]) {
  const file = path.join(here, `${name}.bench.ts`)
  if (!fs.existsSync(file)) throw new Error(`no benchmark named ${name} (looked for ${file})`)
  const mod = (await import(pathToFileURL(file).href)) as { default: BenchFn }
  const metrics = await mod.default(args)
  const result: BenchResult = { name, date: new Date().toISOString(), machine: machine(), metrics }
  fs.mkdirSync(path.join(here, 'results'), { recursive: true })
  fs.writeFileSync(path.join(here, 'results', `${name}.json`), JSON.stringify(result, null, 2) + '\n')
  const rows = metrics.map((m) => ({ metric: m.metric, value: m.value, unit: m.unit, target: m.target ?? '', verdict: meets(m) }))
  console.log(`\n## ${name}  (${result.date}, ${result.machine.cpus} cpus, ${result.machine.memGiB} GiB)`)
  console.table(rows)
}

const [name, ...args] = process.argv.slice(2)
const names = name
  ? [name]
  : fs.readdirSync(here).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace(/\.bench\.ts$/, '')).sort()
for (const n of names) await runOne(n, name ? args : [])
