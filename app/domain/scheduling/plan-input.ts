/** Turning stored orders, products and live jobs into the scheduler's input (the model loads them, this shapes them). */
import { gramsNumericToMg } from '../inventory/mass'
import { deriveOrderProgress } from '../orders'
import type { LocalDate } from '../time/zoned'
import { dueInstant } from './due'
import type { ExistingPlannedJob, FixedJob, SchedulerOrder, SchedulerProduct } from './types'

const MINUTE = 60_000

export interface OpenOrder {
  id: string
  productId: string
  priority: number
  dueDate: LocalDate | null
  createdAt: Date
  targetQuantity: number
  stockOnHand: number
}

/**
 * The open orders that still need units planned: target − stock − good units produced − units held by printing and
 * locked planned jobs (`output`, by order id; missing = nothing recorded). Due dates become the end of that shop day.
 */
export function ordersToPlan(
  openOrders: readonly OpenOrder[],
  output: ReadonlyMap<string, { producedGood: number; heldUnits: number }>,
  timeZone: string,
): SchedulerOrder[] {
  const out: SchedulerOrder[] = []
  for (const o of openOrders) {
    const recorded = output.get(o.id) ?? { producedGood: 0, heldUnits: 0 }
    const { remaining } = deriveOrderProgress({ targetQuantity: o.targetQuantity, stockOnHand: o.stockOnHand, producedGood: recorded.producedGood })
    const toPlan = remaining - recorded.heldUnits
    if (toPlan <= 0) continue
    out.push({
      id: o.id,
      productId: o.productId,
      priority: o.priority,
      dueDate: o.dueDate ? dueInstant(o.dueDate, timeZone) : null,
      createdAt: o.createdAt,
      remainingUnits: toPlan,
    })
  }
  return out
}

/** A product as the scheduler sees it (grams per unit as the database gives them). */
export function toSchedulerProduct(p: { id: string; minutesPerPlate: number; unitsPerPlate: number; material: string; colour: string; gramsPerUnit: string }): SchedulerProduct {
  return { id: p.id, minutesPerPlate: p.minutesPerPlate, unitsPerPlate: p.unitsPerPlate, material: p.material, colour: p.colour, gramsPerUnitMg: gramsNumericToMg(p.gramsPerUnit) }
}

export interface LiveJob {
  id: string
  orderId: string
  printerId: string
  status: string
  locked: boolean
  start: Date
  end: Date
  units: number
}

/**
 * Live (planned or printing) jobs as the plan sees them: printing and locked jobs are fixed; unlocked planned jobs are
 * what a plan may replace. A print running past its expected end still holds its printer until the next minute after
 * `now` (until someone finishes it).
 */
export function splitLiveJobs(live: readonly LiveJob[], now: Date): { fixedJobs: FixedJob[]; replaceable: ExistingPlannedJob[] } {
  const fixedJobs: FixedJob[] = []
  const replaceable: ExistingPlannedJob[] = []
  const soon = new Date(Math.ceil(now.getTime() / MINUTE) * MINUTE + MINUTE)
  for (const j of live) {
    if (j.status === 'printing') {
      fixedJobs.push({ id: j.id, printerId: j.printerId, start: j.start, end: j.end > now ? j.end : soon })
    } else if (j.locked) {
      fixedJobs.push({ id: j.id, printerId: j.printerId, start: j.start, end: j.end })
    } else {
      replaceable.push({ id: j.id, orderId: j.orderId, printerId: j.printerId, start: j.start, end: j.end, units: j.units })
    }
  }
  return { fixedJobs, replaceable }
}
