import { getInputProps, getSelectProps } from '@conform-to/react'
import type { GramsPerUnitSuggestion } from '~/domain/orders'
import { formatNumber } from '~/utils/format'
import { useLocale, useT } from '~/utils/i18n'
import { Field, SelectField } from '../ui/field'
import { PhotoInput } from './photo'
import type { FieldsMeta, FilamentOption } from './types'

export const filamentLabel = (f: Pick<FilamentOption, 'material' | 'colourName' | 'brand'>) => `${f.material} · ${f.colourName} · ${f.brand}`

/** The product's fields (everything but the name; limits from the schema's constraint), shared by the product pages and the new-order form. */
export function ProductFields({
  fields,
  filaments,
  suggestion,
}: {
  fields: FieldsMeta<'filamentId' | 'gramsPerUnit' | 'printMinutesPerPlate' | 'unitsPerPlate' | 'wastePct' | 'productNotes' | 'photo'>
  filaments: FilamentOption[]
  suggestion?: string | null
}) {
  const t = useT()
  return (
    <>
      <SelectField
        label={t('products.field.filament')}
        options={[{ value: '', label: t('products.field.noFilament') }, ...filaments.map((f) => ({ value: f.id, label: filamentLabel(f) }))]}
        errors={fields.filamentId.errors}
        {...getSelectProps(fields.filamentId)}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label={t('products.field.gramsPerUnit')}
          inputMode="decimal"
          hint={suggestion ?? undefined}
          errors={fields.gramsPerUnit.errors}
          {...getInputProps(fields.gramsPerUnit, { type: 'text' })}
        />
        <Field label={t('products.field.printMinutesPerPlate')} errors={fields.printMinutesPerPlate.errors} {...getInputProps(fields.printMinutesPerPlate, { type: 'number' })} />
        <Field label={t('products.field.unitsPerPlate')} errors={fields.unitsPerPlate.errors} {...getInputProps(fields.unitsPerPlate, { type: 'number' })} />
        <Field label={t('products.field.wastePct')} step={0.1} errors={fields.wastePct.errors} {...getInputProps(fields.wastePct, { type: 'number' })} />
      </div>
      <Field label={t('products.field.notes')} errors={fields.productNotes.errors} {...getInputProps(fields.productNotes, { type: 'text' })} />
      <PhotoInput field={fields.photo} label={t('products.field.photo')} />
    </>
  )
}

/** "14.50 g · 95 min / 6": a product's grams per unit (as stored), print minutes per plate and units per plate. */
export const productFigures = (p: { gramsPerUnit: string; printMinutesPerPlate: number; unitsPerPlate: number }) =>
  `${p.gramsPerUnit} g · ${p.printMinutesPerPlate} min / ${p.unitsPerPlate}`

/** The grams-per-unit hint from recorded jobs (or that there is none yet). */
export function useSuggestionText(suggestion: Pick<GramsPerUnitSuggestion, 'basedOnJobs' | 'gramsPerUnitMg'> | null) {
  const t = useT()
  const locale = useLocale()
  return suggestion
    ? t('products.suggestion', { jobs: suggestion.basedOnJobs, grams: formatNumber(locale, suggestion.gramsPerUnitMg / 1000, 2) })
    : t('products.noSuggestion')
}
