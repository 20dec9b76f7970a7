import { getInputProps, getSelectProps, type FieldMetadata } from '@conform-to/react'
import { PRINTER_STATUSES } from '~/domain/printers'
import { useT } from '~/utils/i18n'
import { Field, SelectField } from '../ui/field'
import type { printerFields } from './schemas'

/** The conform fields of a form whose schema holds the register fields (`...printerFields`). */
export type PrinterFieldsMeta = Record<keyof typeof printerFields, FieldMetadata<unknown>>

/** The register fields shared by "new printer" and the printer page; limits and errors come from the form's schema. */
export function PrinterFields({ fields }: { fields: PrinterFieldsMeta }) {
  const t = useT()
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <Field
        label={t('printers.field.assetId')}
        autoCapitalize="characters"
        autoComplete="off"
        errors={fields.assetId.errors}
        {...getInputProps(fields.assetId, { type: 'text' })}
      />
      <Field label={t('printers.field.name')} errors={fields.name.errors} {...getInputProps(fields.name, { type: 'text' })} />
      <Field label={t('printers.field.model')} errors={fields.model.errors} {...getInputProps(fields.model, { type: 'text' })} />
      <Field label={t('printers.field.serial')} errors={fields.serial.errors} {...getInputProps(fields.serial, { type: 'text' })} />
      <Field label={t('printers.field.purchaseDate')} errors={fields.purchaseDate.errors} {...getInputProps(fields.purchaseDate, { type: 'date' })} />
      <Field label={t('printers.field.location')} errors={fields.location.errors} {...getInputProps(fields.location, { type: 'text' })} />
      <Field
        label={t('printers.field.nozzleDiameterMm')}
        inputMode="decimal"
        step="0.05"
        errors={fields.nozzleDiameterMm.errors}
        {...getInputProps(fields.nozzleDiameterMm, { type: 'number' })}
      />
      <Field
        label={t('printers.field.changeoverMinutes')}
        inputMode="numeric"
        hint={t('printers.field.changeoverHint')}
        errors={fields.changeoverMinutes.errors}
        {...getInputProps(fields.changeoverMinutes, { type: 'number' })}
      />
      <Field
        label={t('printers.field.materials')}
        hint={t('printers.field.materialsHint')}
        errors={fields.materials.errors}
        {...getInputProps(fields.materials, { type: 'text' })}
      />
      <SelectField
        label={t('printers.field.status')}
        options={PRINTER_STATUSES.map((s) => ({ value: s, label: t(`printers.status.${s}`) }))}
        errors={fields.status.errors}
        {...getSelectProps(fields.status)}
      />
      <Field
        label={t('printers.field.printHours')}
        inputMode="decimal"
        step="0.1"
        hint={t('printers.field.printHoursHint')}
        errors={fields.printHours.errors}
        {...getInputProps(fields.printHours, { type: 'number' })}
      />
    </div>
  )
}
