import { Field } from '~/components/ui/field'
import { translateErrors } from '~/utils/forms'
import { useT } from '~/utils/i18n'
import { MATERIAL_PRESETS } from './schemas'

export interface FilamentDefaults {
  material?: string
  colourName?: string
  colourHex?: string
  brand?: string
  diameterMm?: string
  densityGPerCm3?: string
  costPerKg?: string | null
  lowStockGrams?: string
}

/** The filament fields shared by "new" and "edit" (plain inputs: the form works without JavaScript). */
export function FilamentFields({ defaults = {}, errors = {} }: { defaults?: FilamentDefaults; errors?: Record<string, string[] | undefined> }) {
  const t = useT()
  const err = (name: string) => translateErrors(t, errors[name])
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <Field label={t('inventory.material')} name="material" list="material-presets" required maxLength={40} defaultValue={defaults.material} errors={err('material')} autoComplete="off" />
      <datalist id="material-presets">
        {MATERIAL_PRESETS.map((m) => (
          <option key={m} value={m} />
        ))}
      </datalist>
      <Field label={t('inventory.colour')} name="colourName" required maxLength={60} defaultValue={defaults.colourName} errors={err('colourName')} autoComplete="off" />
      <Field
        label={t('inventory.colourHex')}
        name="colourHex"
        type="color"
        required
        defaultValue={defaults.colourHex ?? '#000000'}
        errors={err('colourHex')}
        className="block h-12 w-24 cursor-pointer rounded-lg ring-1 ring-inset ring-slate-300"
      />
      <Field label={t('inventory.brand')} name="brand" required maxLength={60} defaultValue={defaults.brand} errors={err('brand')} autoComplete="off" />
      <Field label={t('inventory.diameter')} name="diameterMm" inputMode="decimal" defaultValue={defaults.diameterMm ?? '1.75'} errors={err('diameterMm')} />
      <Field label={t('inventory.density')} name="densityGPerCm3" inputMode="decimal" defaultValue={defaults.densityGPerCm3 ?? '1.24'} errors={err('densityGPerCm3')} />
      <Field label={t('inventory.costPerKg')} name="costPerKg" inputMode="decimal" defaultValue={defaults.costPerKg ?? ''} errors={err('costPerKg')} />
      <Field label={t('inventory.lowStock')} name="lowStockGrams" inputMode="decimal" defaultValue={defaults.lowStockGrams ?? '0'} errors={err('lowStockGrams')} />
    </div>
  )
}
