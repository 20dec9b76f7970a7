import { Form, useNavigation } from '@remix-run/react'
import { formatDateTime, formatHours } from '~/components/printers/format'
import { PrinterFields } from '~/components/printers/printer-fields'
import { dayField, daysField, hoursField } from '~/components/printers/schemas'
import { Button } from '~/components/ui/button'
import { Field, FormErrors } from '~/components/ui/field'
import { Card } from '~/components/ui/layout'
import { CALENDAR_PRESET_IDS, formatWeeklyCalendarText, MAINTENANCE_TYPES, weeklyNominalHours, type MaintenanceInterval, type Weekday } from '~/domain/printers'
import type { MaintenanceWindowView } from '~/models/printers/windows.server'
import type { PrinterView } from '~/models/printers/rows.server'
import { useLocale, useT } from '~/utils/i18n'

type Errors = Record<string, string[] | undefined>
type Values = Record<string, string | undefined>

// Monday first, as the shop reads a week.
const WEEK_ORDER: Weekday[] = [1, 2, 3, 4, 5, 6, 0]

export function CalendarCard({
  printer,
  canWrite,
  errors,
  presetErrors,
  values,
}: {
  printer: PrinterView
  canWrite: boolean
  errors: Errors
  presetErrors: Errors
  values: Values
}) {
  const t = useT()
  const locale = useLocale()
  const busy = useNavigation().state === 'submitting'
  const texts = formatWeeklyCalendarText(printer.calendar)
  return (
    <Card>
      <h2 className="text-lg font-semibold">{t('printers.calendar.title')}</h2>
      <p className="mt-1 text-sm text-slate-700" data-testid="weekly-hours">
        {t('printers.weeklyHoursValue', { hours: formatHours(locale, weeklyNominalHours(printer.calendar)) })}
      </p>
      {printer.status !== 'active' ? <p className="mt-1 text-sm font-medium text-amber-800">{t('printers.calendar.noCapacity')}</p> : null}
      {canWrite ? (
        <>
          <FormErrors errors={errors[''] ?? presetErrors['']} />
          <Form method="post" className="mt-3 space-y-3">
            <input type="hidden" name="intent" value="calendar" />
            <input type="hidden" name="version" value={printer.version} />
            <p className="text-sm text-slate-600">{t('printers.calendar.hint')}</p>
            {WEEK_ORDER.map((d) => (
              <Field
                key={d}
                label={t(`printers.weekday.${d}`)}
                name={dayField(d)}
                defaultValue={values[dayField(d)] ?? texts[d]}
                maxLength={200}
                autoComplete="off"
                errors={errors[dayField(d)]}
              />
            ))}
            <Button type="submit" disabled={busy}>
              {t('printers.calendar.save')}
            </Button>
          </Form>
          <div className="mt-4 flex flex-wrap gap-2 border-t border-slate-200 pt-4">
            {CALENDAR_PRESET_IDS.map((preset) => (
              <Form method="post" key={preset}>
                <input type="hidden" name="intent" value="calendar-preset" />
                <input type="hidden" name="version" value={printer.version} />
                <Button type="submit" name="preset" value={preset} variant="secondary" disabled={busy}>
                  {t('printers.calendar.usePreset', { preset: t(`printers.preset.${preset}`) })}
                </Button>
              </Form>
            ))}
          </div>
        </>
      ) : (
        <dl className="mt-3 grid grid-cols-2 gap-2">
          {WEEK_ORDER.map((d) => (
            <div key={d} className="contents">
              <dt className="text-slate-600">{t(`printers.weekday.${d}`)}</dt>
              <dd>{texts[d] || t('common.none')}</dd>
            </div>
          ))}
        </dl>
      )}
    </Card>
  )
}

export function IntervalsCard({
  version,
  intervals,
  canWrite,
  errors,
  values,
}: {
  version: number
  intervals: MaintenanceInterval[]
  canWrite: boolean
  errors: Errors
  values: Values
}) {
  const t = useT()
  const busy = useNavigation().state === 'submitting'
  const byType = new Map(intervals.map((i) => [i.type, i]))
  const input = 'block w-24 min-h-touch rounded-lg border-0 px-3 py-2 text-right ring-1 ring-inset ring-slate-300 aria-[invalid=true]:ring-red-600'
  return (
    <Card>
      <h2 className="text-lg font-semibold">{t('printers.intervals.title')}</h2>
      <p className="mt-1 text-sm text-slate-600">{t('printers.intervals.hint')}</p>
      <FormErrors errors={errors['']} />
      <Form method="post" className="mt-3">
        <input type="hidden" name="intent" value="intervals" />
        <input type="hidden" name="version" value={version} />
        <table className="w-full text-left text-sm">
          <thead className="text-slate-600">
            <tr>
              <th className="py-2 pr-3">{t('printers.due.type')}</th>
              <th className="py-2 pr-3">{t('printers.intervals.everyHours')}</th>
              <th className="py-2">{t('printers.intervals.everyDays')}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {MAINTENANCE_TYPES.map((type) => {
              const i = byType.get(type)
              const hErr = errors[hoursField(type)]
              const dErr = errors[daysField(type)]
              return (
                <tr key={type}>
                  <td className="py-1 pr-3">{t(`printers.type.${type}`)}</td>
                  <td className="py-1 pr-3">
                    <input
                      className={input}
                      name={hoursField(type)}
                      type="number"
                      inputMode="decimal"
                      step="0.1"
                      min={0.1}
                      disabled={!canWrite}
                      aria-label={`${t(`printers.type.${type}`)}: ${t('printers.intervals.everyHours')}`}
                      aria-invalid={hErr ? true : undefined}
                      defaultValue={values[hoursField(type)] ?? (i?.everyPrintHours ? String(i.everyPrintHours) : '')}
                    />
                    {hErr ? <p className="text-red-700">{hErr.join(' ')}</p> : null}
                  </td>
                  <td className="py-1">
                    <input
                      className={input}
                      name={daysField(type)}
                      type="number"
                      inputMode="numeric"
                      step="1"
                      min={1}
                      disabled={!canWrite}
                      aria-label={`${t(`printers.type.${type}`)}: ${t('printers.intervals.everyDays')}`}
                      aria-invalid={dErr ? true : undefined}
                      defaultValue={values[daysField(type)] ?? (i?.everyDays ? String(i.everyDays) : '')}
                    />
                    {dErr ? <p className="text-red-700">{dErr.join(' ')}</p> : null}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
        {canWrite ? (
          <Button type="submit" className="mt-3" disabled={busy}>
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
  errors,
  values,
}: {
  windows: MaintenanceWindowView[]
  timeZone: string
  canWrite: boolean
  errors: Errors
  values: Values
}) {
  const t = useT()
  const locale = useLocale()
  const busy = useNavigation().state === 'submitting'
  return (
    <Card>
      <h2 className="text-lg font-semibold">{t('printers.windows.title')}</h2>
      <p className="mt-1 text-sm text-slate-600">{t('printers.windows.hint')}</p>
      <FormErrors errors={errors['']} />
      {windows.length === 0 ? (
        <p className="mt-3 text-slate-600">{t('printers.windows.empty')}</p>
      ) : (
        <ul className="mt-3 divide-y divide-slate-100" data-testid="windows">
          {windows.map((w) => (
            <li key={w.id} className="flex flex-wrap items-center gap-3 py-2">
              <span className="flex-1">
                {formatDateTime(locale, w.startsAt, timeZone)} – {formatDateTime(locale, w.endsAt, timeZone)}
                {w.reason ? <span className="text-slate-600"> · {w.reason}</span> : null}
              </span>
              {canWrite ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="delete-window" />
                  <input type="hidden" name="windowId" value={w.id} />
                  <Button type="submit" variant="ghost" disabled={busy}>
                    {t('printers.windows.delete')}
                  </Button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {canWrite ? (
        <Form method="post" className="mt-4 grid gap-3 border-t border-slate-200 pt-4 sm:grid-cols-2">
          <input type="hidden" name="intent" value="add-window" />
          <Field label={t('printers.windows.from')} name="startsAt" type="datetime-local" required defaultValue={values.startsAt ?? ''} errors={errors.startsAt} />
          <Field label={t('printers.windows.to')} name="endsAt" type="datetime-local" required defaultValue={values.endsAt ?? ''} errors={errors.endsAt} />
          <div className="sm:col-span-2">
            <Field label={t('printers.windows.reason')} name="reason" maxLength={200} defaultValue={values.reason ?? ''} errors={errors.reason} />
          </div>
          <Button type="submit" variant="secondary" disabled={busy}>
            {t('printers.windows.add')}
          </Button>
        </Form>
      ) : null}
    </Card>
  )
}

export function RegisterCard({ printer, canWrite, errors, values }: { printer: PrinterView; canWrite: boolean; errors: Errors; values: Values }) {
  const t = useT()
  const locale = useLocale()
  const busy = useNavigation().state === 'submitting'
  if (!canWrite) {
    const rows: Array<[string, string]> = [
      [t('printers.field.assetId'), printer.assetId],
      [t('printers.field.model'), printer.model],
      [t('printers.field.serial'), printer.serial],
      [t('printers.field.purchaseDate'), printer.purchaseDate ?? ''],
      [t('printers.field.location'), printer.location],
      [t('printers.field.nozzleDiameterMm'), printer.nozzleDiameterMm],
      [t('printers.field.materials'), printer.materials.join(', ')],
      [t('printers.field.changeoverMinutes'), String(printer.changeoverMinutes)],
      [t('printers.field.printHours'), formatHours(locale, printer.printHours)],
    ]
    return (
      <Card>
        <h2 className="text-lg font-semibold">{t('printers.details')}</h2>
        <dl className="mt-3 grid grid-cols-2 gap-2">
          {rows.map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="text-slate-600">{k}</dt>
              <dd>{v || t('common.none')}</dd>
            </div>
          ))}
        </dl>
      </Card>
    )
  }
  return (
    <Card>
      <h2 className="text-lg font-semibold">{t('printers.details')}</h2>
      <FormErrors errors={errors['']} />
      <Form method="post" className="mt-3 space-y-4">
        <input type="hidden" name="intent" value="save" />
        <input type="hidden" name="version" value={printer.version} />
        <PrinterFields
          values={{
            assetId: values.assetId ?? printer.assetId,
            name: values.name ?? printer.name,
            model: values.model ?? printer.model,
            serial: values.serial ?? printer.serial,
            purchaseDate: values.purchaseDate ?? printer.purchaseDate,
            location: values.location ?? printer.location,
            nozzleDiameterMm: values.nozzleDiameterMm ?? printer.nozzleDiameterMm,
            changeoverMinutes: values.changeoverMinutes ?? printer.changeoverMinutes,
            materials: values.materials !== undefined ? [values.materials] : printer.materials,
            status: (values.status as PrinterView['status']) ?? printer.status,
            printHours: values.printHours ?? printer.printHours,
          }}
          errors={errors}
        />
        <Button type="submit" disabled={busy}>
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  )
}
