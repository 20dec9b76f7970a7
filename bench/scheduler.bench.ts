/**
 * `npm run bench -- scheduler`: auto-scheduler plan time for 100 / 1,000 / 10,000 open orders on 5 / 50 / 200 printers over
 * 90 days (deterministic synthetic shops, bench/scheduler-data.ts). Target: ≤ 1 s for 1,000 orders × 50 printers, and
 * near-linear growth — the growth ratios compare 10× the orders on the same fleet (linear = 10).
 */
import { autoSchedule } from '../app/domain/scheduling'
import { medianMs, metric, type Metric } from './lib'
import { makeShop } from './scheduler-data'

export default async function run(): Promise<Metric[]> {
  const metrics: Metric[] = []
  const times = new Map<string, number>()
  for (const printers of [5, 50, 200]) {
    for (const orders of [100, 1_000, 10_000]) {
      const input = makeShop(42, { orders, printers, days: 90 })
      let planned = 0
      const ms = await medianMs(() => {
        planned = autoSchedule(input).jobs.length
      }, orders >= 10_000 ? 3 : 5)
      times.set(`${orders}x${printers}`, ms)
      metrics.push(metric(`plan ${orders} orders × ${printers} printers`, ms, 'ms', orders === 1_000 && printers === 50 ? '<= 1000' : null))
      metrics.push(metric(`  jobs planned (${orders}×${printers})`, planned, 'jobs'))
    }
  }
  for (const printers of [5, 50, 200]) {
    const a = times.get(`100x${printers}`)!
    const b = times.get(`1000x${printers}`)!
    const c = times.get(`10000x${printers}`)!
    metrics.push(metric(`growth 100→1,000 orders (${printers} printers)`, b / a, 'ratio'))
    metrics.push(metric(`growth 1,000→10,000 orders (${printers} printers)`, c / b, 'ratio'))
  }
  return metrics
}
