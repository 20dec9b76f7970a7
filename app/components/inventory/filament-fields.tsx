import { getInputProps, type FieldMetadata } from '@conform-to/react'
import type { z } from 'zod'
import { Field } from '~/components/ui/field'
import { mgToGramsString } from '~/domain/inventory/mass'
import { useT } from '~/utils/i18n'
import { MATERIAL_PRESETS, type filamentShape } from './schemas'

type FilamentInputs = z.input<z.ZodObject<typeof filamentShape>>
type StoredFilament = Record<'material' | 'colourName' | 'colourHex' | 'brand' | 'diameterMm' | 'densityGPerCm3', string> & { costPerKg: string | null; lowStockMg: number }
export type FilamentFieldset = { [K in keyof FilamentInputs]-?: FieldMetadata<FilamentInputs[K]> }

/**
 * The filament fields shared by "new" and "edit": conform field metadata in, so the native limits come from the route's
 * schema and the values after a refused post from the server (plain inputs: the form works without JavaScript).
 */
export function FilamentFields({ fields }: { fields: FilamentFieldset }) {
  const t = useT()
  const text = (name: 'material' | 'colourName' | 'brand' | 'diameterMm' | 'densityGPerCm3' | 'costPerKg' | 'lowStockGrams') =>
    getInputProps(fields[name], { type: 'text' })
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <Field label={t('inventory.material')} list="material-presets" errors={fields.material.errors} autoComplete="off" {...text('material')} />
      <datalist id="material-presets">
        {MATERIAL_PRESETS.map((m) => (
          <option key={m} value={m} />
        ))}
      </datalist>
      <Field label={t('inventory.colour')} errors={fields.colourName.errors} autoComplete="off" {...text('colourName')} />
      <Field
        label={t('inventory.colourHex')}
        errors={fields.colourHex.errors}
        className="block h-12 w-24 cursor-pointer rounded-lg ring-1 ring-inset ring-slate-300"
        {...getInputProps(fields.colourHex, { type: 'color' })}
      />
      <Field label={t('inventory.brand')} errors={fields.brand.errors} autoComplete="off" {...text('brand')} />
      <Field label={t('inventory.diameter')} inputMode="decimal" errors={fields.diameterMm.errors} {...text('diameterMm')} />
      <Field label={t('inventory.density')} inputMode="decimal" errors={fields.densityGPerCm3.errors} {...text('densityGPerCm3')} />
      <Field label={t('inventory.costPerKg')} inputMode="decimal" errors={fields.costPerKg.errors} {...text('costPerKg')} />
      <Field label={t('inventory.lowStock')} inputMode="decimal" errors={fields.lowStockGrams.errors} {...text('lowStockGrams')} />
    </div>
  )
}

/** The form's first values: a new filament's defaults, or the stored filament's. */
export function filamentDefaults(f?: StoredFilament): FilamentInputs {
  return {
    material: f?.material ?? '',
    colourName: f?.colourName ?? '',
    colourHex: f?.colourHex ?? '#000000',
    brand: f?.brand ?? '',
    diameterMm: f?.diameterMm ?? '1.75',
    densityGPerCm3: f?.densityGPerCm3 ?? '1.24',
    costPerKg: f?.costPerKg ?? '',
    lowStockGrams: f ? mgToGramsString(f.lowStockMg) : '0',
  }
}
