/** Recording a print's output: planned grams, the checks on what an operator enters, and what it means for the order. */
import { gramsNumericToMg, mgToDbNumeric, parseGrams, plannedUseMg } from '../inventory/mass'

/**
 * Planned grams of a job: units × grams per unit, rounded UP to the next 0.1 g (grams used are stored with one decimal,
 * grams per unit have two) — the finish form's default.
 */
export function plannedGramsMg(job: { units: number; gramsPerUnit: string }): number {
  return plannedUseMg(job.units, gramsNumericToMg(job.gramsPerUnit), 0)
}

/** Filament `units` of a product need with its waste allowance (grams per unit and waste % as the database gives them). */
export function filamentUseMg(units: number, gramsPerUnit: string, wastePct: string): number {
  return plannedUseMg(units, gramsNumericToMg(gramsPerUnit), Number(wastePct))
}

export type OutputProblem = { code: 'output_above_plate'; max: number } | { code: 'invalid_grams' }

/**
 * Checks good/scrap units (whole, not negative, together at most one plate) and the grams used (at most one decimal;
 * blank = the job's planned grams). Answers the grams in mg, or the problem.
 */
export function checkOutput(
  job: { units: number; unitsPerPlate: number; gramsPerUnit: string },
  good: number,
  scrap: number,
  grams: string,
): OutputProblem | { mg: number } {
  if (!Number.isSafeInteger(good) || !Number.isSafeInteger(scrap) || good < 0 || scrap < 0 || good + scrap > job.unitsPerPlate) {
    return { code: 'output_above_plate', max: job.unitsPerPlate }
  }
  const text = grams.trim() === '' ? mgToDbNumeric(plannedGramsMg(job)) : grams
  const parsed = parseGrams(text)
  if (!parsed.ok) return { code: 'invalid_grams' }
  return { mg: parsed.mg }
}

/** When a finished print ended: `now` to the whole second, but at least one second after it started. */
export function finishedAt(now: Date, startedAt: Date): Date {
  return new Date(Math.max(Math.floor(now.getTime() / 1000) * 1000, startedAt.getTime() + 1000))
}

/**
 * Units an order's recorded output made beyond its target: the surplus it books for other orders. Stock that was
 * already above the target before anything was printed is not over-production.
 */
export function overproducedUnits(q: { targetQuantity: number; stockOnHand: number; producedGood: number }): number {
  return Math.max(0, q.stockOnHand + q.producedGood - q.targetQuantity) - Math.max(0, q.stockOnHand - q.targetQuantity)
}
