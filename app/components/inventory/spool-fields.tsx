import { getInputProps, type FieldMetadata } from '@conform-to/react'
import type { z } from 'zod'
import { Field } from '~/components/ui/field'
import { mgToGramsString } from '~/domain/inventory/mass'
import { useT } from '~/utils/i18n'
import type { spoolShape } from './schemas'

type SpoolInputs = z.input<z.ZodObject<typeof spoolShape>>
export type SpoolFieldset = { [K in keyof SpoolInputs]-?: FieldMetadata<SpoolInputs[K]> }

/**
 * Spool details shared by "new" and "edit" (conform field metadata in). Batch and location offer the existing values as
 * quick picks (a datalist: works without JavaScript, and any new label can still be typed).
 */
export function SpoolFields({ fields, batches, locations }: { fields: SpoolFieldset; batches: string[]; locations: string[] }) {
  const t = useT()
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <div>
        <Field
          label={t('inventory.batch')}
          list="batch-picks"
          errors={fields.batch.errors}
          hint={t('inventory.batchHint')}
          autoComplete="off"
          {...getInputProps(fields.batch, { type: 'text' })}
        />
        <datalist id="batch-picks" aria-label={t('inventory.batchPicks')}>
          {batches.map((b) => (
            <option key={b} value={b} />
          ))}
        </datalist>
      </div>
      <Field label={t('inventory.initialNet')} inputMode="decimal" errors={fields.initialNetGrams.errors} {...getInputProps(fields.initialNetGrams, { type: 'text' })} />
      <Field label={t('inventory.tare')} inputMode="decimal" errors={fields.tareGrams.errors} {...getInputProps(fields.tareGrams, { type: 'text' })} />
      <div>
        <Field label={t('inventory.location')} list="location-picks" errors={fields.location.errors} autoComplete="off" {...getInputProps(fields.location, { type: 'text' })} />
        <datalist id="location-picks">
          {locations.map((l) => (
            <option key={l} value={l} />
          ))}
        </datalist>
      </div>
      <Field label={t('inventory.receivedOn')} errors={fields.receivedOn.errors} {...getInputProps(fields.receivedOn, { type: 'date' })} />
    </div>
  )
}

/** The form's first values: a new spool's (received today), or the stored spool's. */
export function spoolDefaults(s: { initialNetMg: number; tareMg: number; batch: string; location: string; receivedOn: string | null } | { receivedOn: string }): SpoolInputs {
  if (!('initialNetMg' in s)) return { batch: '', initialNetGrams: '1000', tareGrams: '0', location: '', receivedOn: s.receivedOn }
  return { batch: s.batch, initialNetGrams: mgToGramsString(s.initialNetMg), tareGrams: mgToGramsString(s.tareMg), location: s.location, receivedOn: s.receivedOn ?? '' }
}
