import type { FilamentOption } from './types'
import { useT } from '~/utils/i18n'
import { Field, SelectField } from '../ui/field'
import { PhotoInput } from './photo'

export interface ProductFieldValues {
  filamentId: string
  gramsPerUnit: string
  printMinutesPerPlate: string
  unitsPerPlate: string
  wastePct: string
  productNotes: string
}

export const filamentLabel = (f: Pick<FilamentOption, 'material' | 'colourName' | 'brand'>) => `${f.material} · ${f.colourName} · ${f.brand}`

/** The product's fields (everything but the name), shared by the product pages and the new-order form. */
export function ProductFields({
  values,
  errors,
  filaments,
  photoName = 'photo',
  suggestion,
}: {
  values: ProductFieldValues
  errors: Record<string, string[] | undefined>
  filaments: FilamentOption[]
  photoName?: string
  suggestion?: string | null
}) {
  const t = useT()
  return (
    <>
      <SelectField
        label={t('products.field.filament')}
        name="filamentId"
        defaultValue={values.filamentId}
        options={[{ value: '', label: t('products.field.noFilament') }, ...filaments.map((f) => ({ value: f.id, label: filamentLabel(f) }))]}
        errors={errors.filamentId}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label={t('products.field.gramsPerUnit')}
          name="gramsPerUnit"
          inputMode="decimal"
          required
          defaultValue={values.gramsPerUnit}
          errors={errors.gramsPerUnit}
          hint={suggestion ?? undefined}
        />
        <Field label={t('products.field.printMinutesPerPlate')} name="printMinutesPerPlate" type="number" min={1} step={1} required defaultValue={values.printMinutesPerPlate} errors={errors.printMinutesPerPlate} />
        <Field label={t('products.field.unitsPerPlate')} name="unitsPerPlate" type="number" min={1} step={1} required defaultValue={values.unitsPerPlate} errors={errors.unitsPerPlate} />
        <Field label={t('products.field.wastePct')} name="wastePct" type="number" min={0} max={100} step={0.1} defaultValue={values.wastePct} errors={errors.wastePct} />
      </div>
      <Field label={t('products.field.notes')} name="productNotes" defaultValue={values.productNotes} maxLength={2000} errors={errors.productNotes} />
      <PhotoInput name={photoName} label={t('products.field.photo')} hint={t('products.field.photoHint')} errors={errors[photoName]} />
    </>
  )
}
