import { Field } from '~/components/ui/field'
import { translateErrors } from '~/utils/forms'
import { useT } from '~/utils/i18n'

export interface SpoolDefaults {
  batch?: string
  initialNetGrams?: string
  tareGrams?: string
  location?: string
  receivedOn?: string | null
}

/**
 * Spool details shared by "new" and "edit". Batch and location offer the existing values as quick picks (a datalist:
 * works without JavaScript, and any new label can still be typed).
 */
export function SpoolFields({
  defaults = {},
  errors = {},
  batches,
  locations,
}: {
  defaults?: SpoolDefaults
  errors?: Record<string, string[] | undefined>
  batches: string[]
  locations: string[]
}) {
  const t = useT()
  const err = (name: string) => translateErrors(t, errors[name])
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <div>
        <Field
          label={t('inventory.batch')}
          name="batch"
          list="batch-picks"
          maxLength={40}
          defaultValue={defaults.batch}
          errors={err('batch')}
          hint={t('inventory.batchHint')}
          autoComplete="off"
        />
        <datalist id="batch-picks" aria-label={t('inventory.batchPicks')}>
          {batches.map((b) => (
            <option key={b} value={b} />
          ))}
        </datalist>
      </div>
      <Field label={t('inventory.initialNet')} name="initialNetGrams" inputMode="decimal" required defaultValue={defaults.initialNetGrams ?? '1000'} errors={err('initialNetGrams')} />
      <Field label={t('inventory.tare')} name="tareGrams" inputMode="decimal" defaultValue={defaults.tareGrams ?? '0'} errors={err('tareGrams')} />
      <div>
        <Field label={t('inventory.location')} name="location" list="location-picks" maxLength={60} defaultValue={defaults.location} errors={err('location')} autoComplete="off" />
        <datalist id="location-picks">
          {locations.map((l) => (
            <option key={l} value={l} />
          ))}
        </datalist>
      </div>
      <Field label={t('inventory.receivedOn')} name="receivedOn" type="date" defaultValue={defaults.receivedOn ?? ''} errors={err('receivedOn')} />
    </div>
  )
}
