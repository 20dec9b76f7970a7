import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import { Form, Link, useLocation } from '@remix-run/react'
import type { z } from 'zod'
import { DueBadge } from '~/components/printers/badges'
import { Button, buttonClass } from '~/components/ui/button'
import { ConfirmStep } from '~/components/ui/confirm'
import { Field, FormErrors, SelectField } from '~/components/ui/field'
import { DataTable } from '~/components/ui/table'
import { MAINTENANCE_TYPES, type MaintenanceDueItem } from '~/domain/printers'
import type { MessageKey } from '~/i18n'
import type { MaintenanceEntryView } from '~/models/printers/maintenance.server'
import { formatHours } from '~/utils/format'
import { useLocale, useT } from '~/utils/i18n'
import { useIsPending } from '~/utils/use-is-pending'
import { CorrectEntrySchema, EntryRefSchema, LogSchema } from './schema'

type Warning = { code: string; date?: string; type?: string; hours?: number }
type LastResult = SubmissionResult<string[]> | undefined

/** Print hours out of order with other entries: shown, and saved only once the box is ticked. */
function Warnings({ warnings }: { warnings: Warning[] }) {
  const t = useT()
  if (warnings.length === 0) return null
  return (
    <div className="rounded-lg bg-amber-50 p-3 text-amber-900 ring-1 ring-amber-300" role="alert">
      {warnings.map((w) => (
        <p key={w.code}>{t(`printers.warning.${w.code}` as MessageKey, { date: w.date ?? '', type: w.type ?? '', hours: w.hours ?? '' })}</p>
      ))}
      <label className="mt-2 flex min-h-touch items-center gap-3 font-medium">
        <input type="checkbox" name="confirmWarnings" value="on" className="h-6 w-6" />
        {t('printers.log.confirm')}
      </label>
    </div>
  )
}

/** The operator's form at the machine: date and counter pre-filled, then one tap on the work done. */
export function LogForm({
  today,
  counter,
  lastResult,
  warnings,
}: {
  today: string
  counter: number
  lastResult: LastResult
  warnings: Warning[]
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
      <Warnings warnings={warnings} />
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-4 lg:grid-cols-2">
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
          cell: (item) =>
            item.lastDone ? (
              <>
                <span className="whitespace-nowrap">{item.lastDone.date}</span> · <span className="whitespace-nowrap">{hours(item.lastDone.printHours)} h</span>
              </>
            ) : (
              t('printers.due.never')
            ),
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

/** The link that opens an entry's correct/remove form (`?edit=<id>`, other filters kept): works without JavaScript. */
function useEditHref() {
  const { pathname, search } = useLocation()
  return (entryId: string | null) => {
    const next = new URLSearchParams(search)
    if (entryId) next.set('edit', entryId)
    else next.delete('edit')
    const query = next.toString()
    return `${pathname}${query ? `?${query}` : ''}${entryId ? '#entry-edit' : '#maintenance-history'}`
  }
}

export function HistoryTable({ log, canWrite, editingId }: { log: MaintenanceEntryView[]; canWrite: boolean; editingId: string | null }) {
  const t = useT()
  const locale = useLocale()
  const editHref = useEditHref()
  if (log.length === 0) return <p className="text-slate-600">{t('printers.history.empty')}</p>
  return (
    <DataTable
      size="sm"
      testId="history-table"
      rows={log}
      rowKey={(e) => e.id}
      rowProps={(e) => ({ 'data-testid': `history-${e.id}`, className: e.id === editingId ? 'bg-blue-50' : undefined })}
      columns={[
        { key: 'performedOn', header: t('printers.log.performedOn'), nowrap: true, cell: (e) => e.performedOn },
        { key: 'type', header: t('printers.due.type'), cell: (e) => t(`printers.type.${e.type}`) },
        { key: 'printHours', header: t('printers.log.printHours'), numeric: true, cell: (e) => formatHours(locale, e.printHours) },
        { key: 'parts', header: t('printers.log.parts'), cell: (e) => e.parts },
        { key: 'note', header: t('printers.log.note'), cell: (e) => e.note },
        { key: 'by', header: t('printers.log.by'), cell: (e) => e.performedByName },
        ...(canWrite
          ? [
              {
                key: 'edit',
                // Read by screen readers only: the link says what it does (a card in portrait shows no label beside it).
                header: <span className="sr-only">{t('printers.history.actions')}</span>,
                nowrap: true,
                cell: (e: MaintenanceEntryView) => (
                  <Link
                    to={editHref(e.id)}
                    className={buttonClass('secondary')}
                    aria-label={t('printers.entry.correctLabel', { date: e.performedOn, type: t(`printers.type.${e.type}`) })}
                  >
                    {t('printers.entry.correct')}
                  </Link>
                ),
              },
            ]
          : []),
      ]}
    />
  )
}

/** The entry the panel corrects: from the history, or as it stands now after a refused post (conflict). */
export interface PanelEntry {
  id: string
  type: MaintenanceEntryView['type']
  performedOn: string
  printHours: number
  parts: string
  note: string
  performedByName: string
  version: number
  removedAt?: string | Date | null
}

/**
 * A planner's correction of one history entry, and its removal behind a confirm step (the red button is the second tap).
 * After a conflict it shows the entry's current values and version (re-keyed by the caller), so saving again is a choice.
 */
export function EntryPanel({
  entry,
  today,
  correctResult,
  removeResult,
  warnings,
}: {
  entry: PanelEntry
  today: string
  correctResult: LastResult
  removeResult: LastResult
  warnings: Warning[]
}) {
  const t = useT()
  const closeHref = useEditHref()(null)
  const saving = useIsPending({ intent: 'correct-entry' })
  const removing = useIsPending({ intent: 'remove-entry' })
  const [form, fields] = useForm<z.input<typeof CorrectEntrySchema>>({
    defaultNoValidate: false,
    id: `correct-entry-${entry.id}`,
    lastResult: correctResult,
    constraint: getZodConstraint(CorrectEntrySchema),
    defaultValue: { entryId: entry.id, version: String(entry.version), type: entry.type, performedOn: entry.performedOn, printHours: String(entry.printHours), parts: entry.parts, note: entry.note },
  })
  const [removeForm, removeFields] = useForm<z.input<typeof EntryRefSchema>>({
    defaultNoValidate: false,
    id: `remove-entry-${entry.id}`,
    lastResult: removeResult,
    constraint: getZodConstraint(EntryRefSchema),
    defaultValue: { entryId: entry.id, version: String(entry.version) },
  })
  const title = t('printers.entry.title', { date: entry.performedOn, type: t(`printers.type.${entry.type}`) })
  const close = (
    <Link to={closeHref} className={buttonClass('ghost')}>
      {t('printers.entry.close')}
    </Link>
  )
  return (
    <section id="entry-edit" aria-labelledby="entry-edit-title" className="mb-4 space-y-3 rounded-lg bg-slate-50 p-4 ring-1 ring-slate-200" data-testid="entry-edit">
      <h3 id="entry-edit-title" className="text-base font-semibold">
        {title}
      </h3>
      <FormErrors id={form.errorId} errors={form.errors} />
      <FormErrors id={removeForm.errorId} errors={removeForm.errors} />
      {entry.removedAt ? (
        close
      ) : (
        <>
          <p className="text-sm text-slate-700">{t('printers.entry.loggedBy', { name: entry.performedByName })}</p>
          <p className="text-sm text-slate-600">{t('printers.entry.hint')}</p>
          <Form method="post" className="space-y-3" {...getFormProps(form)}>
            <input type="hidden" name="intent" value="correct-entry" />
            <input {...getInputProps(fields.entryId, { type: 'hidden' })} />
            <input {...getInputProps(fields.version, { type: 'hidden' })} />
            <div className="grid gap-3 sm:grid-cols-2">
              <SelectField
                label={t('printers.due.type')}
                options={MAINTENANCE_TYPES.map((type) => ({ value: type, label: t(`printers.type.${type}`) }))}
                errors={fields.type.errors}
                {...getSelectProps(fields.type)}
              />
              <Field label={t('printers.log.performedOn')} max={today} errors={fields.performedOn.errors} {...getInputProps(fields.performedOn, { type: 'date' })} />
              <Field label={t('printers.log.printHours')} inputMode="decimal" step="0.1" errors={fields.printHours.errors} {...getInputProps(fields.printHours, { type: 'number' })} />
              <Field label={t('printers.log.parts')} errors={fields.parts.errors} {...getInputProps(fields.parts, { type: 'text' })} />
              <div className="sm:col-span-2">
                <Field label={t('printers.log.note')} errors={fields.note.errors} {...getInputProps(fields.note, { type: 'text' })} />
              </div>
            </div>
            <Warnings warnings={warnings} />
            <div className="flex flex-wrap gap-2">
              <Button type="submit" disabled={saving}>
                {t('printers.entry.save')}
              </Button>
              {close}
            </div>
          </Form>
          <Form method="post" className="border-t border-slate-200 pt-3" {...getFormProps(removeForm)}>
            <input {...getInputProps(removeFields.entryId, { type: 'hidden' })} />
            <input {...getInputProps(removeFields.version, { type: 'hidden' })} />
            <ConfirmStep label={t('printers.entry.remove')} question={t('printers.entry.removeQuestion')} testId="confirm-remove-entry">
              <Button type="submit" name="intent" value="remove-entry" variant="danger" disabled={removing}>
                {t('printers.entry.removeConfirm')}
              </Button>
            </ConfirmStep>
          </Form>
        </>
      )}
    </section>
  )
}
