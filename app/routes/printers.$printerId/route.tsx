import type { SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { DueBadge, PrinterStatusBadge } from '~/components/printers/badges'
import { PeriodForm } from '~/components/printers/period-form'
import { periodFromSearch } from '~/components/printers/schemas'
import { messagesOnce, resultFor } from '~/utils/forms'
import { DailyChart, UtilisationFiguresList } from '~/components/printers/utilisation'
import { buttonClass } from '~/components/ui/button'
import { DataTable } from '~/components/ui/table'
import { Card, PageHeader } from '~/components/ui/layout'
import { calendarPreset, MAINTENANCE_TYPES, validateMaintenanceEntry, validateMaintenanceInterval, type MaintenanceInterval } from '~/domain/printers'
import { localDate } from '~/domain/time/zoned'
import type { MessageKey } from '~/i18n'
import { addWindow, deleteWindow } from '~/models/printers/windows.server'
import { changePrinter, getPrinter } from '~/models/printers/printers.server'
import { listMaintenanceLog, logMaintenance, replaceIntervals } from '~/models/printers/maintenance.server'
import { printerDetail } from '~/models/printers/overview.server'
import { type PrinterChangeResult, type PrinterView } from '~/models/printers/rows.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { parseDateTimeLocal } from '~/utils/datetime'
import { env } from '~/utils/env.server'
import { formatHours } from '~/utils/format'
import { getTranslator } from '~/utils/i18n.server'
import { useLocale, useT } from '~/utils/i18n'
import { can } from '~/utils/permissions'
import { readForm } from '~/utils/request.server'
import { redirectWithToast } from '~/utils/toast.server'
import { z } from 'zod'
import { DueTable, HistoryTable, LogForm } from './maintenance'
import {
  AddWindowSchema,
  CalendarSchema,
  daysField,
  DeleteWindowSchema,
  hoursField,
  IntervalsSchema,
  LogSchema,
  parseCalendarForm,
  PresetSchema,
  SaveSchema,
} from './schema'
import { CalendarCard, IntervalsCard, RegisterCard, WindowsCard } from './settings'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

/** Every intent of the printer page. Permission: 'log' needs maintenance:log, the rest printers:write. */
const PrinterActionSchema = z.discriminatedUnion('intent', [
  SaveSchema.extend({ intent: z.literal('save') }),
  CalendarSchema.extend({ intent: z.literal('calendar') }),
  PresetSchema.extend({ intent: z.literal('calendar-preset') }),
  IntervalsSchema.extend({ intent: z.literal('intervals') }),
  LogSchema.extend({ intent: z.literal('log') }),
  AddWindowSchema.extend({ intent: z.literal('add-window') }),
  DeleteWindowSchema.extend({ intent: z.literal('delete-window') }),
])

type ActionIntent = z.infer<typeof PrinterActionSchema>['intent']

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'printers:read')
  const url = new URL(request.url)
  const timeZone = env().SHOP_TIME_ZONE
  const now = new Date()
  const today = localDate(now, timeZone)
  const { period, errors } = periodFromSearch(url.searchParams, today, timeZone)
  const detail = await printerDetail(params.printerId ?? '', { now, timeZone, period })
  if (!detail) throw new Response('Printer not found', { status: 404 })
  return {
    ...detail,
    period: { kind: period.kind, firstDate: period.firstDate, lastDate: period.lastDate },
    periodErrors: errors,
    today,
    timeZone,
    canWrite: can(user.role, 'printers:write'),
    canLog: can(user.role, 'maintenance:log'),
  }
}

interface MaintenanceWarning {
  code: string
  date?: string
  type?: string
  hours?: number
}

function reply(intent: string | null, result: SubmissionResult<string[]>, status: number, extra: { current?: PrinterView | null; warnings?: MaintenanceWarning[] } = {}) {
  return data({ intent, result, current: extra.current ?? null, warnings: extra.warnings ?? [] }, { status })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request)
  const intent = typeof form.get('intent') === 'string' ? String(form.get('intent')) : null
  // Operators may log maintenance; everything else on this page edits the fleet (planners and admins).
  const user = await requireUser(request, intent === 'log' ? 'maintenance:log' : 'printers:write')
  const id = params.printerId ?? ''
  const printer = await getPrinter(id)
  if (!printer) throw new Response('Printer not found', { status: 404 })
  const submission = parseWithZod(form, { schema: PrinterActionSchema, formatError: messagesOnce })
  if (submission.status !== 'success') return reply(intent, submission.reply(), 400)
  const v = submission.value
  const actor = actorOf(user, request)
  const { t } = await getTranslator(request)
  const timeZone = env().SHOP_TIME_ZONE
  const back = `/printers/${id}`

  const afterChange = (result: PrinterChangeResult, key: MessageKey) => {
    if (result.ok) return redirectWithToast(back, { type: 'success', key, params: { assetId: result.printer.assetId } })
    if (result.reason === 'conflict') return reply(v.intent, submission.reply({ formErrors: ['error.conflict'] }), 409, { current: result.current })
    if (result.reason === 'asset_id_taken') return reply(v.intent, submission.reply({ fieldErrors: { assetId: ['printers.error.assetIdTaken'] } }), 409)
    throw new Response('Printer not found', { status: 404 })
  }

  switch (v.intent) {
    case 'save': {
      const { intent: _i, version, ...fields } = v
      return afterChange(await changePrinter(actor, id, version, { ...fields, purchaseDate: fields.purchaseDate ?? null }, 'printer.update'), 'printers.saved')
    }
    case 'calendar': {
      const parsed = parseCalendarForm(v)
      if ('errors' in parsed) return reply(v.intent, submission.reply({ fieldErrors: parsed.errors }), 400)
      return afterChange(await changePrinter(actor, id, v.version, { calendar: parsed.calendar }, 'printer.calendar'), 'printers.calendarSaved')
    }
    case 'calendar-preset':
      return afterChange(await changePrinter(actor, id, v.version, { calendar: calendarPreset(v.preset) }, 'printer.calendar'), 'printers.calendarSaved')
    case 'intervals': {
      const intervals: MaintenanceInterval[] = []
      const fieldErrors: Record<string, string[]> = {}
      for (const type of MAINTENANCE_TYPES) {
        const everyPrintHours = v[hoursField(type)] ?? null
        const everyDays = v[daysField(type)] ?? null
        if (everyPrintHours === null && everyDays === null) continue
        const errors = validateMaintenanceInterval({ type, everyPrintHours, everyDays })
        for (const e of errors) {
          fieldErrors[e.field === 'everyDays' ? daysField(type) : hoursField(type)] = [e.code === 'interval_too_large' ? 'printers.error.intervalTooLarge' : 'printers.error.intervalNotPositive']
        }
        if (errors.length === 0) intervals.push({ type, everyPrintHours, everyDays })
      }
      if (Object.keys(fieldErrors).length > 0) return reply(v.intent, submission.reply({ fieldErrors }), 400)
      return afterChange(await replaceIntervals(actor, id, v.version, intervals), 'printers.intervalsSaved')
    }
    case 'log': {
      const log = await listMaintenanceLog(id, 10_000)
      const check = validateMaintenanceEntry({
        entry: { type: v.type, date: v.performedOn, printHours: v.printHours },
        log: log.map((e) => ({ id: e.id, type: e.type, date: e.performedOn, printHours: e.printHours })),
        now: new Date(),
        timeZone,
      })
      if (!check.ok) {
        const fieldErrors: Record<string, string[]> = {}
        for (const e of check.errors) {
          const field = e.field === 'date' ? 'performedOn' : e.field
          const key =
            e.code === 'date_in_future'
              ? 'printers.error.dateFuture'
              : e.code === 'print_hours_negative'
                ? 'printers.error.printHoursNegative'
                : e.code === 'date_invalid'
                  ? 'printers.error.date'
                  : e.code === 'type_invalid'
                    ? 'printers.error.maintenanceType'
                    : 'printers.error.printHours'
          fieldErrors[field] = [key]
        }
        return reply(v.intent, submission.reply({ fieldErrors }), 400)
      }
      if (check.warnings.length > 0 && v.confirmWarnings !== 'on') {
        const warnings = check.warnings.map((w) => ({
          code: w.code,
          date: w.conflictingEntry?.date,
          type: w.conflictingEntry ? t(`printers.type.${w.conflictingEntry.type}`) : undefined,
          hours: w.conflictingEntry?.printHours,
        }))
        return reply(v.intent, submission.reply(), 400, { warnings })
      }
      const result = await logMaintenance({ ...actor, displayName: user.displayName }, id, {
        type: v.type,
        performedOn: v.performedOn,
        printHours: v.printHours,
        parts: v.parts,
        note: v.note,
      })
      if (!result.ok) throw new Response('Printer not found', { status: 404 })
      return redirectWithToast(back, {
        type: 'success',
        key: 'printers.maintenanceLogged',
        params: { type: t(`printers.type.${v.type}`), assetId: printer.assetId },
      })
    }
    case 'add-window': {
      const startsAt = parseDateTimeLocal(v.startsAt, timeZone)
      const endsAt = parseDateTimeLocal(v.endsAt, timeZone)
      const fieldErrors: Record<string, string[]> = {}
      if (!startsAt) fieldErrors.startsAt = ['printers.error.dateTime']
      if (!endsAt) fieldErrors.endsAt = ['printers.error.dateTime']
      else if (startsAt && endsAt.getTime() <= startsAt.getTime()) fieldErrors.endsAt = ['printers.error.windowOrder']
      if (!startsAt || !endsAt || Object.keys(fieldErrors).length > 0) return reply(v.intent, submission.reply({ fieldErrors }), 400)
      const result = await addWindow(actor, id, { startsAt, endsAt, reason: v.reason })
      if (!result.ok) throw new Response('Printer not found', { status: 404 })
      return redirectWithToast(back, { type: 'success', key: 'printers.windowAdded', params: { assetId: printer.assetId } })
    }
    case 'delete-window': {
      const result = await deleteWindow(actor, id, v.windowId)
      if (!result.ok) return reply(v.intent, submission.reply({ formErrors: ['printers.error.notFound'] }), 404)
      return redirectWithToast(back, { type: 'success', key: 'printers.windowDeleted', params: { assetId: printer.assetId } })
    }
  }
}

export default function PrinterPage() {
  const loaded = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const locale = useLocale()
  // After a conflict the forms show the newer record (and its version), so saving again is a deliberate choice: the
  // reply keeps its errors but not the values that were sent.
  const printer = actionData?.current ?? loaded.printer
  const lastResult = (intent: ActionIntent) => {
    const result = resultFor(actionData?.result, intent)
    return result && actionData?.current ? { ...result, initialValue: undefined } : result
  }
  const { due, utilisation } = loaded
  const hoursSince = MAINTENANCE_TYPES.flatMap((type) => {
    const hours = loaded.hoursSince[type]
    return hours === undefined ? [] : [{ type, hours }]
  })
  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-3">
            <span>
              {printer.assetId} · {printer.name}
            </span>
            <PrinterStatusBadge status={printer.status} />
          </span>
        }
        actions={
          <>
            <Link to={`/printers/${printer.id}/label`} className={buttonClass('secondary')}>
              {t('printers.label.title')}
            </Link>
            <Link to="/printers" className={buttonClass('ghost')}>
              {t('printers.backToFleet')}
            </Link>
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <dl className="grid grid-cols-2 gap-3">
            <div>
              <dt className="text-sm text-slate-600">{t('printers.currentJob')}</dt>
              <dd className="text-slate-700">{t('printers.noCurrentJob')}</dd>
            </div>
            <div>
              <dt className="text-sm text-slate-600">{t('printers.due.counterNow')}</dt>
              <dd className="text-xl font-semibold" data-testid="counter">
                {formatHours(locale, printer.printHours)} h
              </dd>
            </div>
            <div>
              <dt className="text-sm text-slate-600">{t('printers.due.lastInspection')}</dt>
              <dd data-testid="last-inspection">
                {due.lastInspection ? `${due.lastInspection.date} · ${t(`printers.type.${due.lastInspection.type}`)}` : t('printers.due.never')}
              </dd>
            </div>
            <div>
              <dt className="text-sm text-slate-600">{t('printers.maintenance')}</dt>
              <dd>
                <DueBadge status={due.overallStatus} />
              </dd>
            </div>
          </dl>
          {loaded.canLog ? (
            <LogForm
              key={`log-${loaded.log.length}`}
              today={loaded.today}
              counter={printer.printHours}
              lastResult={lastResult('log')}
              warnings={actionData?.intent === 'log' ? actionData.warnings : []}
            />
          ) : null}
        </Card>
        <Card>
          <h2 className="mb-3 text-lg font-semibold">{t('printers.due.title')}</h2>
          <DueTable items={due.items} />
        </Card>
      </div>

      <Card className="mt-6">
        <h2 className="mb-3 text-lg font-semibold">
          {t('printers.util.title')} ({t('printers.util.range', { from: loaded.period.firstDate, to: loaded.period.lastDate })})
        </h2>
        <div className="mb-4">
          <PeriodForm period={loaded.period} errors={loaded.periodErrors} />
        </div>
        <UtilisationFiguresList figures={utilisation} />
        {loaded.hasJobs ? null : <p className="mt-3 text-slate-700">{t('printers.util.noJobs')}</p>}
        <div className="mt-4 grid gap-6 lg:grid-cols-3">
          <div className="lg:col-span-2">
            <DailyChart days={loaded.days} />
          </div>
          <div>
            <h3 className="mb-2 font-semibold">{t('printers.util.hoursSince')}</h3>
            {hoursSince.length === 0 ? (
              <p className="text-slate-600">{t('printers.util.hoursSinceNone')}</p>
            ) : (
              <DataTable
                size="sm"
                rows={hoursSince}
                rowKey={(r) => r.type}
                columns={[
                  { key: 'type', header: t('printers.due.type'), cell: (r) => t(`printers.type.${r.type}`) },
                  { key: 'hours', header: t('printers.util.printHours'), numeric: true, nowrap: true, cell: (r) => `${formatHours(locale, r.hours)} h` },
                ]}
              />
            )}
          </div>
        </div>
      </Card>

      <Card className="mt-6">
        <h2 className="mb-3 text-lg font-semibold">{t('printers.history.title')}</h2>
        <HistoryTable log={loaded.log} />
      </Card>

      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <CalendarCard
          key={`cal-${printer.version}`}
          printer={printer}
          canWrite={loaded.canWrite}
          lastResult={lastResult('calendar')}
          presetResult={lastResult('calendar-preset')}
        />
        <IntervalsCard
          key={`int-${printer.version}`}
          version={printer.version}
          intervals={loaded.intervals}
          canWrite={loaded.canWrite}
          lastResult={lastResult('intervals')}
        />
        <WindowsCard
          windows={loaded.windows}
          timeZone={loaded.timeZone}
          canWrite={loaded.canWrite}
          lastResult={lastResult('add-window')}
          deleteResult={lastResult('delete-window')}
        />
        <RegisterCard key={`reg-${printer.version}`} printer={printer} canWrite={loaded.canWrite} lastResult={lastResult('save')} />
      </div>
    </>
  )
}

