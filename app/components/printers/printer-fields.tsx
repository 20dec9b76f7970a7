import { PRINTER_STATUSES, type PrinterStatus } from '~/domain/printers'
import { useT } from '~/utils/i18n'
import { Field, SelectField } from '../ui/field'

export interface PrinterFieldValues {
  assetId: string
  name: string
  model: string
  serial: string
  purchaseDate: string | null
  location: string
  nozzleDiameterMm: string
  changeoverMinutes: string | number
  materials: string[]
  status: PrinterStatus
  printHours: number | string
}

/** The register fields shared by "new printer" and the printer page; `errors` are already translated. */
export function PrinterFields({ values, errors }: { values: PrinterFieldValues; errors: Record<string, string[] | undefined> }) {
  const t = useT()
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <Field label={t('printers.field.assetId')} name="assetId" defaultValue={values.assetId} required maxLength={32} autoCapitalize="characters" autoComplete="off" errors={errors.assetId} />
      <Field label={t('printers.field.name')} name="name" defaultValue={values.name} required maxLength={80} errors={errors.name} />
      <Field label={t('printers.field.model')} name="model" defaultValue={values.model} maxLength={80} errors={errors.model} />
      <Field label={t('printers.field.serial')} name="serial" defaultValue={values.serial} maxLength={80} errors={errors.serial} />
      <Field label={t('printers.field.purchaseDate')} name="purchaseDate" type="date" defaultValue={values.purchaseDate ?? ''} errors={errors.purchaseDate} />
      <Field label={t('printers.field.location')} name="location" defaultValue={values.location} maxLength={80} errors={errors.location} />
      <Field
        label={t('printers.field.nozzleDiameterMm')}
        name="nozzleDiameterMm"
        type="number"
        inputMode="decimal"
        step="0.05"
        min={0.1}
        max={2}
        required
        defaultValue={values.nozzleDiameterMm}
        errors={errors.nozzleDiameterMm}
      />
      <Field
        label={t('printers.field.changeoverMinutes')}
        name="changeoverMinutes"
        type="number"
        inputMode="numeric"
        min={0}
        max={1440}
        defaultValue={values.changeoverMinutes}
        hint={t('printers.field.changeoverHint')}
        errors={errors.changeoverMinutes}
      />
      <Field label={t('printers.field.materials')} name="materials" defaultValue={values.materials.join(', ')} hint={t('printers.field.materialsHint')} errors={errors.materials} />
      <SelectField
        label={t('printers.field.status')}
        name="status"
        defaultValue={values.status}
        options={PRINTER_STATUSES.map((s) => ({ value: s, label: t(`printers.status.${s}`) }))}
        errors={errors.status}
      />
      <Field
        label={t('printers.field.printHours')}
        name="printHours"
        type="number"
        inputMode="decimal"
        step="0.1"
        min={0}
        required
        defaultValue={String(values.printHours)}
        hint={t('printers.field.printHoursHint')}
        errors={errors.printHours}
      />
    </div>
  )
}
