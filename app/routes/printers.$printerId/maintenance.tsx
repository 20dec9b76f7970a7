import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import { Form } from '@remix-run/react'
import type { z } from 'zod'
import { DueBadge } from '~/components/printers/badges'
import { buttonClass } from '~/components/ui/button'
import { Field, FormErrors } from '~/components/ui/field'
import { DataTable } from '~/components/ui/table'
import { MAINTENANCE_TYPES, type MaintenanceDueItem } from '~/domain/printers'
import type { MessageKey } from '~/i18n'
import type { MaintenanceEntryView } from '~/models/printers/maintenance.server'
import { formatHours } from '~/utils/format'
import { useLocale, useT } from '~/utils/i18n'
import { useIsPending } from '~/utils/use-is-pending'
import { LogSchema } from './schema'

/** The operator's form at the machine: date and counter pre-filled, then one tap on the work done. */
export function LogForm({
  today,
  counter,
  lastResult,
  warnings,
}: {
  today: string
  counter: number
  lastResult: SubmissionResult<string[]> | undefined
  warnings: Array<{ code: string; date?: string; type?: string; hours?: number }>
}) {
  const t = useT()
  const isPending = useIsPending({ intent: 'log' })
  const [form, fields] = useForm<z.input<typeof LogSchema>>({
    defaultNoValidate: false,
    id: 'log',
    lastResult,
    constraint: getZodConstraint(LogSchema),
    defaultValue: { performedOn: today, printHours: String(counter) },
  })
  return (
    <Form method="post" className="mt-6 space-y-4 border-t border-slate-200 pt-4" aria-labelledby="log-title" {...getFormProps(form)}>
      <h2 id="log-title" className="text-lg font-semibold">
        {t('printers.log.title')}
      </h2>
      <p className="text-sm text-slate-600">{t('printers.log.hint')}</p>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="log" />
      {/* Enter in a text field submits with the form's first button: this one sends no type (a field error), so a stray
          Enter never logs a nozzle change by accident. Rendered (not display:none) so browsers use it. */}
      <button type="submit" name="type" value="" className="sr-only" tabIndex={-1} aria-hidden="true" />
      <div className="grid gap-4 sm:grid-cols-2">
        {/* The latest date is today in the shop's zone, known at run time (the schema cannot say it). */}
        <Field label={t('printers.log.performedOn')} max={today} errors={fields.performedOn.errors} {...getInputProps(fields.performedOn, { type: 'date' })} />
        <Field label={t('printers.log.printHours')} inputMode="decimal" step="0.1" errors={fields.printHours.errors} {...getInputProps(fields.printHours, { type: 'number' })} />
        <Field label={t('printers.log.parts')} errors={fields.parts.errors} {...getInputProps(fields.parts, { type: 'text' })} />
        <Field label={t('printers.log.note')} errors={fields.note.errors} {...getInputProps(fields.note, { type: 'text' })} />
      </div>
      <FormErrors id={fields.type.errorId} errors={fields.type.errors} />
      {warnings.length > 0 ? (
        <div className="rounded-lg bg-amber-50 p-3 text-amber-900 ring-1 ring-amber-300" role="alert">
          {warnings.map((w) => (
            <p key={w.code}>{t(`printers.warning.${w.code}` as MessageKey, { date: w.date ?? '', type: w.type ?? '', hours: w.hours ?? '' })}</p>
          ))}
          <label className="mt-2 flex min-h-touch items-center gap-3 font-medium">
            <input type="checkbox" name="confirmWarnings" value="on" className="h-6 w-6" />
            {t('printers.log.confirm')}
          </label>
        </div>
      ) : null}
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-4">
        {MAINTENANCE_TYPES.map((type) => (
          <button key={type} type="submit" name="type" value={type} disabled={isPending} className={buttonClass(type === 'nozzle_change' ? 'primary' : 'secondary', 'w-full')}>
            {t(`printers.type.${type}`)}
          </button>
        ))}
      </div>
    </Form>
  )
}

export function DueTable({ items }: { items: MaintenanceDueItem[] }) {
  const t = useT()
  const locale = useLocale()
  if (items.length === 0) return <p className="text-slate-600">{t('printers.due.none')}</p>
  const hours = (h: number) => formatHours(locale, h)
  return (
    <DataTable
      size="sm"
      testId="due-table"
      rows={items}
      rowKey={(item) => item.type}
      rowProps={(item) => ({ 'data-testid': `due-${item.type}` })}
      columns={[
        { key: 'type', header: t('printers.due.type'), className: 'font-medium', cell: (item) => t(`printers.type.${item.type}`) },
        {
          key: 'interval',
          header: t('printers.due.interval'),
          cell: (item) =>
            [
              item.everyPrintHours ? t('printers.due.everyHours', { hours: hours(item.everyPrintHours) }) : null,
              item.everyDays ? t('printers.due.everyDays', { days: item.everyDays }) : null,
            ]
              .filter(Boolean)
              .join(' · '),
        },
        {
          key: 'lastDone',
          header: t('printers.due.lastDone'),
          cell: (item) => (item.lastDone ? `${item.lastDone.date} · ${hours(item.lastDone.printHours)} h` : t('printers.due.never')),
        },
        {
          key: 'nextDue',
          header: t('printers.due.nextDue'),
          cell: (item) => (
            <div data-testid={`next-due-${item.type}`}>
              {item.byDays ? <div>{item.byDays.dueDate}</div> : null}
              {item.byHours ? (
                <div>
                  {t('printers.due.atHours', { hours: hours(item.byHours.dueAtPrintHours) })} (
                  {item.byHours.remainingHours >= 0
                    ? t('printers.due.remainingHours', { hours: hours(item.byHours.remainingHours) })
                    : t('printers.due.overdueHours', { hours: hours(-item.byHours.remainingHours) })}
                  )
                </div>
              ) : null}
              {!item.byDays && !item.byHours ? t('common.none') : null}
            </div>
          ),
        },
        { key: 'status', header: t('printers.due.status'), nowrap: true, cell: (item) => <DueBadge status={item.status} /> },
      ]}
    />
  )
}

export function HistoryTable({ log }: { log: MaintenanceEntryView[] }) {
  const t = useT()
  const locale = useLocale()
  if (log.length === 0) return <p className="text-slate-600">{t('printers.history.empty')}</p>
  return (
    <DataTable
      size="sm"
      testId="history-table"
      rows={log}
      rowKey={(e) => e.id}
      columns={[
        { key: 'performedOn', header: t('printers.log.performedOn'), nowrap: true, cell: (e) => e.performedOn },
        { key: 'type', header: t('printers.due.type'), cell: (e) => t(`printers.type.${e.type}`) },
        { key: 'printHours', header: t('printers.log.printHours'), numeric: true, cell: (e) => formatHours(locale, e.printHours) },
        { key: 'parts', header: t('printers.log.parts'), cell: (e) => e.parts },
        { key: 'note', header: t('printers.log.note'), cell: (e) => e.note },
        { key: 'by', header: t('printers.log.by'), cell: (e) => e.performedByName },
      ]}
    />
  )
}
