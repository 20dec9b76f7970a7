/**
 * "Is there enough for this job?": reads the outlook page's GET form into one hypothetical planned job. Pure: the
 * caller passes the filaments, the zone and "now".
 */
import { materialColourKey } from './keys'
import type { OutlookFilament, OutlookJob } from './projection'
import { parseGrams, plannedUseMg, type ParseGramsErrorCode } from './mass'
import { addDays, isValidLocalDate, localDate, startOfLocalDate } from '../time/zoned'
import type { MessageKey } from '~/i18n'

export const CHECK_JOB_ID = 'check'

export interface PoolOption {
  /** The first filament of the pool; the job names it, so it lands in that material + colour pool. */
  value: string
  key: string
  label: string
}

/** One option per material + colour (brands pooled, as in the outlook). */
export function poolOptions(filaments: readonly OutlookFilament[]): PoolOption[] {
  const seen = new Map<string, PoolOption>()
  for (const f of filaments) {
    const key = materialColourKey(f.material, f.colourName)
    if (!seen.has(key)) seen.set(key, { value: String(f.id), key, label: `${f.material} · ${f.colourName}` })
  }
  return [...seen.values()].sort((a, b) => a.label.localeCompare(b.label))
}

export interface CheckValues {
  filament: string
  grams: string
  units: string
  gramsPerUnit: string
  date: string
}

export interface CheckResult {
  /** False when the form was not submitted at all. */
  submitted: boolean
  values: CheckValues
  errors: Partial<Record<keyof CheckValues, MessageKey[]>>
  job: OutlookJob | null
  poolKey: string | null
}

const gramsErrors: Record<ParseGramsErrorCode, MessageKey> = {
  not_a_number: 'inventory.error.gramsNumber',
  negative: 'inventory.error.gramsNegative',
  too_many_decimals: 'inventory.error.gramsDecimals',
  too_large: 'inventory.error.gramsTooLarge',
}

/**
 * Grams, or units × grams per unit (rounded up to 0.1 g). The job is placed at the END of the chosen shop-local day, so
 * everything already planned up to and on that day keeps its filament and the question is whether this job fits on top.
 */
export function readCheck(params: URLSearchParams, filaments: readonly OutlookFilament[], timeZone: string, now: Date): CheckResult {
  const get = (k: string) => (params.get(k) ?? '').trim().slice(0, 40)
  const values: CheckValues = { filament: get('filament'), grams: get('grams'), units: get('units'), gramsPerUnit: get('gramsPerUnit'), date: get('date') }
  const submitted = params.has('filament')
  const errors: CheckResult['errors'] = {}
  if (!submitted) return { submitted, values: { ...values, date: values.date || localDate(now, timeZone) }, errors, job: null, poolKey: null }

  const filament = filaments.find((f) => String(f.id) === values.filament)
  if (!filament) errors.filament = ['inventory.error.unknownFilament']

  let useMg: number | null = null
  if (values.grams !== '') {
    const r = parseGrams(values.grams)
    if (!r.ok) errors.grams = [gramsErrors[r.code]]
    else if (r.mg === 0) errors.grams = ['inventory.error.gramsPositive']
    else useMg = r.mg
  } else if (values.units !== '' || values.gramsPerUnit !== '') {
    const units = /^\d{1,7}$/.test(values.units) ? Number(values.units) : NaN
    if (!Number.isInteger(units) || units < 1) errors.units = ['inventory.error.units']
    const per = parseGrams(values.gramsPerUnit, 3)
    if (!per.ok) errors.gramsPerUnit = [gramsErrors[per.code]]
    else if (per.mg === 0) errors.gramsPerUnit = ['inventory.error.gramsPositive']
    if (!errors.units && per.ok && per.mg > 0) useMg = plannedUseMg(units, per.mg, 0)
  } else {
    errors.grams = ['inventory.error.gramsOrUnits']
  }

  const date = values.date || localDate(now, timeZone)
  if (!isValidLocalDate(date)) errors.date = ['inventory.error.date']

  if (Object.keys(errors).length > 0 || !filament || useMg === null) return { submitted, values, errors, job: null, poolKey: null }
  const plannedStart = new Date(startOfLocalDate(addDays(date, 1), timeZone).getTime() - 1)
  return {
    submitted,
    values: { ...values, date },
    errors,
    job: { id: CHECK_JOB_ID, ref: null, filamentId: filament.id, plannedStart, plannedUseMg: useMg },
    poolKey: materialColourKey(filament.material, filament.colourName),
  }
}
