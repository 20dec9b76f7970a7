import { getFormProps, getInputProps, useForm, type FieldMetadata, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import { Form } from '@remix-run/react'
import type { z } from 'zod'
import { PrinterFields } from '~/components/printers/printer-fields'
import { Button } from '~/components/ui/button'
import { ConfirmStep } from '~/components/ui/confirm'
import { Field, FormErrors } from '~/components/ui/field'
import { Card } from '~/components/ui/layout'
import { DataTable } from '~/components/ui/table'
import { CALENDAR_PRESET_IDS, formatWeeklyCalendarText, MAINTENANCE_TYPES, weeklyNominalHours, type MaintenanceInterval, type Weekday } from '~/domain/printers'
import type { MaintenanceWindowView } from '~/models/printers/windows.server'
import type { PrinterView } from '~/models/printers/rows.server'
import { formatDateTime, formatHours } from '~/utils/format'
import { translateErrors } from '~/utils/forms'
import { useLocale, useT } from '~/utils/i18n'
import { useIsPending } from '~/utils/use-is-pending'
import { AddWindowSchema, CalendarSchema, dayField, daysField, DeleteWindowSchema, hoursField, IntervalsSchema, PresetSchema, SaveSchema } from './schema'

type LastResult = SubmissionResult<string[]> | undefined

// Monday first, as the shop reads a week.
const WEEK_ORDER: Weekday[] = [1, 2, 3, 4, 5, 6, 0]

/** The label/value rows of a card a reader may not edit. */
function ReadOnlyList({ rows }: { rows: Array<[string, string]> }) {
  const t = useT()
  return (
    <dl className="mt-3 grid grid-cols-2 gap-2">
      {rows.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-slate-600">{k}</dt>
          <dd>{v || t('common.none')}</dd>
        </div>
      ))}
    </dl>
  )
}

export function CalendarCard({ printer, canWrite, lastResult, presetResult }: { printer: PrinterView; canWrite: boolean; lastResult: LastResult; presetResult: LastResult }) {
  const t = useT()
  const locale = useLocale()
  const texts = formatWeeklyCalendarText(printer.calendar)
  const [form, fields] = useForm<z.input<typeof CalendarSchema>>({
    defaultNoValidate: false,
    id: 'calendar',
    lastResult,
    constraint: getZodConstraint(CalendarSchema),
    defaultValue: { version: String(printer.version), ...Object.fromEntries(WEEK_ORDER.map((d) => [dayField(d), texts[d]])) },
  })
  const [presetForm, presetFields] = useForm<z.input<typeof PresetSchema>>({ defaultNoValidate: false, id: 'calendar-preset', lastResult: presetResult, constraint: getZodConstraint(PresetSchema), defaultValue: { version: String(printer.version) } })
  const saving = useIsPending({ intent: 'calendar' })
  const applyingPreset = useIsPending({ intent: 'calendar-preset' })
  return (
    <Card>
      <h2 className="text-lg font-semibold">{t('printers.calendar.title')}</h2>
      <p className="mt-1 text-sm text-slate-700" data-testid="weekly-hours">
        {t('printers.weeklyHoursValue', { hours: formatHours(locale, weeklyNominalHours(printer.calendar)) })}
      </p>
      {printer.status !== 'active' ? <p className="mt-1 text-sm font-medium text-amber-800">{t('printers.calendar.noCapacity')}</p> : null}
      {canWrite ? (
        <>
          <FormErrors id={form.errorId} errors={form.errors} />
          <FormErrors id={presetForm.errorId} errors={presetForm.errors} />
          <Form method="post" className="mt-3 space-y-3" {...getFormProps(form)}>
            <input type="hidden" name="intent" value="calendar" />
            <input {...getInputProps(fields.version, { type: 'hidden' })} />
            <p className="text-sm text-slate-600">{t('printers.calendar.hint')}</p>
            {WEEK_ORDER.map((d) => (
              <Field
                label={t(`printers.weekday.${d}`)}
                autoComplete="off"
                errors={fields[dayField(d)].errors}
                {...getInputProps(fields[dayField(d)], { type: 'text' })}
                key={d}
              />
            ))}
            <Button type="submit" disabled={saving}>
              {t('printers.calendar.save')}
            </Button>
          </Form>
          <Form method="post" className="mt-4 flex flex-wrap gap-2 border-t border-slate-200 pt-4" {...getFormProps(presetForm)}>
            <input type="hidden" name="intent" value="calendar-preset" />
            <input {...getInputProps(presetFields.version, { type: 'hidden' })} />
            {CALENDAR_PRESET_IDS.map((preset) => (
              <Button key={preset} type="submit" name={presetFields.preset.name} value={preset} variant="secondary" disabled={applyingPreset}>
                {t('printers.calendar.usePreset', { preset: t(`printers.preset.${preset}`) })}
              </Button>
            ))}
          </Form>
        </>
      ) : (
        <ReadOnlyList rows={WEEK_ORDER.map((d) => [t(`printers.weekday.${d}`), texts[d]])} />
      )}
    </Card>
  )
}

/** A number input in the intervals table: labelled for screen readers, its error right below it. */
function IntervalInput({ field, label, canWrite, ...input }: { field: FieldMetadata<number | undefined>; label: string; canWrite: boolean; inputMode: 'decimal' | 'numeric'; step: string }) {
  const t = useT()
  const errors = translateErrors(t, field.errors)
  return (
    <>
      <input
        className="block min-h-touch w-24 rounded-lg border-0 px-3 py-2 text-right ring-1 ring-inset ring-slate-300 aria-[invalid=true]:ring-red-600"
        disabled={!canWrite}
        aria-label={label}
        {...input}
        {...getInputProps(field, { type: 'number' })}
      />
      {errors ? (
        <p id={field.errorId} className="text-red-700">
          {errors.join(' ')}
        </p>
      ) : null}
    </>
  )
}

export function IntervalsCard({ version, intervals, canWrite, lastResult }: { version: number; intervals: MaintenanceInterval[]; canWrite: boolean; lastResult: LastResult }) {
  const t = useT()
  const isPending = useIsPending({ intent: 'intervals' })
  const [form, fields] = useForm<z.input<typeof IntervalsSchema>>({
    defaultNoValidate: false,
    id: 'intervals',
    lastResult,
    constraint: getZodConstraint(IntervalsSchema),
    defaultValue: {
      version: String(version),
      ...Object.fromEntries(intervals.flatMap((i) => [[hoursField(i.type), i.everyPrintHours ? String(i.everyPrintHours) : ''], [daysField(i.type), i.everyDays ? String(i.everyDays) : '']])),
    },
  })
  const labelOf = (type: (typeof MAINTENANCE_TYPES)[number], what: string) => `${t(`printers.type.${type}`)}: ${what}`
  return (
    <Card>
      <h2 className="text-lg font-semibold">{t('printers.intervals.title')}</h2>
      <p className="mt-1 text-sm text-slate-600">{t('printers.intervals.hint')}</p>
      <FormErrors id={form.errorId} errors={form.errors} />
      <Form method="post" className="mt-3" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="intervals" />
        <input {...getInputProps(fields.version, { type: 'hidden' })} />
        <DataTable
          size="sm"
          rows={MAINTENANCE_TYPES}
          rowKey={(type) => type}
          columns={[
            { key: 'type', header: t('printers.due.type'), cell: (type) => t(`printers.type.${type}`) },
            {
              key: 'hours',
              header: t('printers.intervals.everyHours'),
              cell: (type) => (
                <IntervalInput field={fields[hoursField(type)]} label={labelOf(type, t('printers.intervals.everyHours'))} canWrite={canWrite} inputMode="decimal" step="0.1" />
              ),
            },
            {
              key: 'days',
              header: t('printers.intervals.everyDays'),
              cell: (type) => (
                <IntervalInput field={fields[daysField(type)]} label={labelOf(type, t('printers.intervals.everyDays'))} canWrite={canWrite} inputMode="numeric" step="1" />
              ),
            },
          ]}
        />
        {canWrite ? (
          <Button type="submit" className="mt-3" disabled={isPending}>
            {t('printers.intervals.save')}
          </Button>
        ) : null}
      </Form>
    </Card>
  )
}

export function WindowsCard({
  windows,
  timeZone,
  canWrite,
  lastResult,
  deleteResult,
}: {
  windows: MaintenanceWindowView[]
  timeZone: string
  canWrite: boolean
  lastResult: LastResult
  deleteResult: LastResult
}) {
  const t = useT()
  const adding = useIsPending({ intent: 'add-window' })
  const deleting = useIsPending({ intent: 'delete-window' })
  const [form, fields] = useForm<z.input<typeof AddWindowSchema>>({ defaultNoValidate: false, id: 'add-window', lastResult, constraint: getZodConstraint(AddWindowSchema) })
  const [deleteForm, deleteFields] = useForm<z.input<typeof DeleteWindowSchema>>({ defaultNoValidate: false, id: 'delete-window', lastResult: deleteResult, constraint: getZodConstraint(DeleteWindowSchema) })
  const list =
    windows.length === 0 ? (
      <p className="mt-3 text-slate-600">{t('printers.windows.empty')}</p>
    ) : (
      <ul className="mt-3 divide-y divide-slate-100" data-testid="windows">
        {windows.map((w) => (
          <li key={w.id} className="flex flex-wrap items-center gap-3 py-2">
            <span className="flex-1">
              {formatDateTime(w.startsAt, timeZone)} – {formatDateTime(w.endsAt, timeZone)}
              {w.reason ? <span className="text-slate-600"> · {w.reason}</span> : null}
            </span>
            {canWrite ? (
              <ConfirmStep
                label={t('printers.windows.delete')}
                question={t('printers.windows.deleteQuestion', { from: formatDateTime(w.startsAt, timeZone), to: formatDateTime(w.endsAt, timeZone) })}
                testId={`confirm-delete-window-${w.id}`}
              >
                <Button type="submit" name={deleteFields.windowId.name} value={w.id} variant="danger" disabled={deleting}>
                  {t('printers.windows.deleteConfirm')}
                </Button>
              </ConfirmStep>
            ) : null}
          </li>
        ))}
      </ul>
    )
  return (
    <Card>
      <h2 className="text-lg font-semibold">{t('printers.windows.title')}</h2>
      <p className="mt-1 text-sm text-slate-600">{t('printers.windows.hint')}</p>
      <FormErrors id={form.errorId} errors={form.errors} />
      {canWrite ? (
        <>
          <FormErrors id={deleteForm.errorId} errors={deleteForm.errors} />
          <Form method="post" {...getFormProps(deleteForm)}>
            <input type="hidden" name="intent" value="delete-window" />
            {list}
          </Form>
          <Form method="post" className="mt-4 grid gap-3 border-t border-slate-200 pt-4 sm:grid-cols-2" {...getFormProps(form)}>
            <input type="hidden" name="intent" value="add-window" />
            <Field label={t('printers.windows.from')} errors={fields.startsAt.errors} {...getInputProps(fields.startsAt, { type: 'datetime-local' })} />
            <Field label={t('printers.windows.to')} errors={fields.endsAt.errors} {...getInputProps(fields.endsAt, { type: 'datetime-local' })} />
            <div className="sm:col-span-2">
              <Field label={t('printers.windows.reason')} errors={fields.reason.errors} {...getInputProps(fields.reason, { type: 'text' })} />
            </div>
            <Button type="submit" variant="secondary" disabled={adding}>
              {t('printers.windows.add')}
            </Button>
          </Form>
        </>
      ) : (
        list
      )}
    </Card>
  )
}

export function RegisterCard({ printer, canWrite, lastResult }: { printer: PrinterView; canWrite: boolean; lastResult: LastResult }) {
  const t = useT()
  const locale = useLocale()
  const isPending = useIsPending({ intent: 'save' })
  const [form, fields] = useForm<z.input<typeof SaveSchema>>({
    defaultNoValidate: false,
    id: 'save',
    lastResult,
    constraint: getZodConstraint(SaveSchema),
    defaultValue: {
      version: String(printer.version),
      assetId: printer.assetId,
      name: printer.name,
      model: printer.model,
      serial: printer.serial,
      purchaseDate: printer.purchaseDate ?? '',
      location: printer.location,
      nozzleDiameterMm: printer.nozzleDiameterMm,
      changeoverMinutes: String(printer.changeoverMinutes),
      materials: printer.materials.join(', '),
      status: printer.status,
      printHours: String(printer.printHours),
    },
  })
  if (!canWrite) {
    return (
      <Card>
        <h2 className="text-lg font-semibold">{t('printers.details')}</h2>
        <ReadOnlyList
          rows={[
            [t('printers.field.assetId'), printer.assetId],
            [t('printers.field.model'), printer.model],
            [t('printers.field.serial'), printer.serial],
            [t('printers.field.purchaseDate'), printer.purchaseDate ?? ''],
            [t('printers.field.location'), printer.location],
            [t('printers.field.nozzleDiameterMm'), printer.nozzleDiameterMm],
            [t('printers.field.materials'), printer.materials.join(', ')],
            [t('printers.field.changeoverMinutes'), String(printer.changeoverMinutes)],
            [t('printers.field.printHours'), formatHours(locale, printer.printHours)],
          ]}
        />
      </Card>
    )
  }
  return (
    <Card>
      <h2 className="text-lg font-semibold">{t('printers.details')}</h2>
      <FormErrors id={form.errorId} errors={form.errors} />
      <Form method="post" className="mt-3 space-y-4" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="save" />
        <input {...getInputProps(fields.version, { type: 'hidden' })} />
        <PrinterFields fields={fields} />
        <Button type="submit" disabled={isPending}>
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  )
}
