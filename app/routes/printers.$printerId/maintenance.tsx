import { Form, useNavigation } from '@remix-run/react'
import { DueBadge } from '~/components/printers/badges'
import { formatHours } from '~/components/printers/format'
import { Field } from '~/components/ui/field'
import { buttonClass } from '~/components/ui/button'
import { MAINTENANCE_TYPES, type MaintenanceDueItem } from '~/domain/printers'
import type { MessageKey } from '~/i18n'
import type { MaintenanceEntryView } from '~/models/printers/maintenance.server'
import { useLocale, useT } from '~/utils/i18n'

/** The operator's form at the machine: date and counter pre-filled, then one tap on the work done. */
export function LogForm({
  today,
  counter,
  errors,
  values,
  warnings,
}: {
  today: string
  counter: number
  errors: Record<string, string[] | undefined>
  values: Record<string, string | undefined>
  warnings: Array<{ code: string; date?: string; type?: string; hours?: number }>
}) {
  const t = useT()
  const busy = useNavigation().state === 'submitting'
  return (
    <Form method="post" className="mt-6 space-y-4 border-t border-slate-200 pt-4" aria-labelledby="log-title">
      <h2 id="log-title" className="text-lg font-semibold">
        {t('printers.log.title')}
      </h2>
      <p className="text-sm text-slate-600">{t('printers.log.hint')}</p>
      <input type="hidden" name="intent" value="log" />
      {/* Enter in a text field submits with the form's first button: this one sends no type (a field error), so a stray
          Enter never logs a nozzle change by accident. Rendered (not display:none) so browsers use it. */}
      <button type="submit" name="type" value="" className="sr-only" tabIndex={-1} aria-hidden="true" />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={t('printers.log.performedOn')} name="performedOn" type="date" required max={today} defaultValue={values.performedOn ?? today} errors={errors.performedOn} />
        <Field
          label={t('printers.log.printHours')}
          name="printHours"
          type="number"
          inputMode="decimal"
          step="0.1"
          min={0}
          required
          defaultValue={values.printHours ?? String(counter)}
          errors={errors.printHours}
        />
        <Field label={t('printers.log.parts')} name="parts" maxLength={200} defaultValue={values.parts ?? ''} errors={errors.parts} />
        <Field label={t('printers.log.note')} name="note" maxLength={500} defaultValue={values.note ?? ''} errors={errors.note} />
      </div>
      {errors.type ? (
        <p className="text-sm text-red-700" role="alert">
          {errors.type.join(' ')}
        </p>
      ) : null}
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
          <button key={type} type="submit" name="type" value={type} disabled={busy} className={buttonClass(type === 'nozzle_change' ? 'primary' : 'secondary', 'w-full')}>
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
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="due-table">
        <thead className="text-slate-600">
          <tr>
            <th className="py-2 pr-3">{t('printers.due.type')}</th>
            <th className="py-2 pr-3">{t('printers.due.interval')}</th>
            <th className="py-2 pr-3">{t('printers.due.lastDone')}</th>
            <th className="py-2 pr-3">{t('printers.due.nextDue')}</th>
            <th className="py-2">{t('printers.due.status')}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {items.map((item) => (
            <tr key={item.type} data-testid={`due-${item.type}`}>
              <td className="py-2 pr-3 font-medium">{t(`printers.type.${item.type}`)}</td>
              <td className="py-2 pr-3">
                {[
                  item.everyPrintHours ? t('printers.due.everyHours', { hours: formatHours(locale, item.everyPrintHours) }) : null,
                  item.everyDays ? t('printers.due.everyDays', { days: item.everyDays }) : null,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </td>
              <td className="py-2 pr-3">{item.lastDone ? `${item.lastDone.date} · ${formatHours(locale, item.lastDone.printHours)} h` : t('printers.due.never')}</td>
              <td className="py-2 pr-3" data-testid={`next-due-${item.type}`}>
                {item.byDays ? <div>{item.byDays.dueDate}</div> : null}
                {item.byHours ? (
                  <div>
                    {t('printers.due.atHours', { hours: formatHours(locale, item.byHours.dueAtPrintHours) })} (
                    {item.byHours.remainingHours >= 0
                      ? t('printers.due.remainingHours', { hours: formatHours(locale, item.byHours.remainingHours) })
                      : t('printers.due.overdueHours', { hours: formatHours(locale, -item.byHours.remainingHours) })}
                    )
                  </div>
                ) : null}
                {!item.byDays && !item.byHours ? t('common.none') : null}
              </td>
              <td className="py-2">
                <DueBadge status={item.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export function HistoryTable({ log }: { log: MaintenanceEntryView[] }) {
  const t = useT()
  const locale = useLocale()
  if (log.length === 0) return <p className="text-slate-600">{t('printers.history.empty')}</p>
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="history-table">
        <thead className="text-slate-600">
          <tr>
            <th className="py-2 pr-3">{t('printers.log.performedOn')}</th>
            <th className="py-2 pr-3">{t('printers.due.type')}</th>
            <th className="py-2 pr-3 text-right">{t('printers.log.printHours')}</th>
            <th className="py-2 pr-3">{t('printers.log.parts')}</th>
            <th className="py-2 pr-3">{t('printers.log.note')}</th>
            <th className="py-2">{t('printers.log.by')}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {log.map((e) => (
            <tr key={e.id}>
              <td className="py-2 pr-3">{e.performedOn}</td>
              <td className="py-2 pr-3">{t(`printers.type.${e.type}`)}</td>
              <td className="py-2 pr-3 text-right">{formatHours(locale, e.printHours)}</td>
              <td className="py-2 pr-3">{e.parts}</td>
              <td className="py-2 pr-3">{e.note}</td>
              <td className="py-2">{e.performedByName}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
