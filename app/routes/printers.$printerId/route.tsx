import type { SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { DueBadge, PrinterStatusBadge } from '~/components/printers/badges'
import { formatHours } from '~/components/printers/format'
import { PeriodForm } from '~/components/printers/period-form'
import {
  dayShape,
  daysField,
  hoursField,
  intervalShape,
  localDateField,
  parseCalendarForm,
  periodFromSearch,
  printerFields,
  text,
  version,
} from '~/components/printers/schemas'
import { DailyChart, UtilisationFiguresList } from '~/components/printers/utilisation'
import { buttonClass } from '~/components/ui/button'
import { Card, PageHeader } from '~/components/ui/layout'
import {
  CALENDAR_PRESET_IDS,
  calendarPreset,
  MAINTENANCE_TYPES,
  validateMaintenanceEntry,
  validateMaintenanceInterval,
  type MaintenanceInterval,
} from '~/domain/printers'
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
import { translateErrors } from '~/utils/forms'
import { getTranslator } from '~/utils/i18n.server'
import { useLocale, useT } from '~/utils/i18n'
import { can } from '~/utils/permissions'
import { readForm } from '~/utils/request.server'
import { redirectWithToast } from '~/utils/toast.server'
import { z } from 'zod'
import { DueTable, HistoryTable, LogForm } from './maintenance'
import { CalendarCard, IntervalsCard, RegisterCard, WindowsCard } from './settings'

const uuid = z.string().uuid('printers.error.notFound')

/** Every intent of the printer page. Permission: 'log' needs maintenance:log, the rest printers:write. */
const PrinterActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('save'), version, ...printerFields }),
  z.object({ intent: z.literal('calendar'), version, ...dayShape }),
  z.object({
    intent: z.literal('calendar-preset'),
    version,
    preset: z.enum(CALENDAR_PRESET_IDS, { errorMap: () => ({ message: 'printers.error.preset' }) }),
  }),
  z.object({ intent: z.literal('intervals'), version, ...intervalShape }),
  z.object({
    intent: z.literal('log'),
    type: z.enum(MAINTENANCE_TYPES, { errorMap: () => ({ message: 'printers.error.maintenanceType' }) }),
    performedOn: localDateField('printers.error.date'),
    printHours: z
      .number({ required_error: 'printers.error.printHours', invalid_type_error: 'printers.error.printHours' })
      .max(10_000_000, 'printers.error.printHours'),
    parts: text(200),
    note: text(500),
    confirmWarnings: z.literal('on').optional(),
  }),
  z.object({
    intent: z.literal('add-window'),
    startsAt: z.string({ required_error: 'printers.error.dateTime' }).regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'printers.error.dateTime'),
    endsAt: z.string({ required_error: 'printers.error.dateTime' }).regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'printers.error.dateTime'),
    reason: text(200),
  }),
  z.object({ intent: z.literal('delete-window'), windowId: uuid }),
])

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

export type ActionIntent = 'save' | 'calendar' | 'calendar-preset' | 'intervals' | 'log' | 'add-window' | 'delete-window'

export interface MaintenanceWarning {
  code: string
  date?: string
  type?: string
  hours?: number
}

function reply(intent: string | null, result: SubmissionResult<string[]>, status: number, extra: { current?: PrinterView | null; warnings?: MaintenanceWarning[] } = {}) {
  return data({ intent, result, current: extra.current ?? null, warnings: extra.warnings ?? [] }, { status })
}

/** "YYYY-MM-DDTHH:MM" in the shop's zone → UTC instant; null when it is no real date/time. */
const localDateTime = parseDateTimeLocal

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request)
  const intent = typeof form.get('intent') === 'string' ? String(form.get('intent')) : null
  // Operators may log maintenance; everything else on this page edits the fleet (planners and admins).
  const user = await requireUser(request, intent === 'log' ? 'maintenance:log' : 'printers:write')
  const id = params.printerId ?? ''
  const printer = await getPrinter(id)
  if (!printer) throw new Response('Printer not found', { status: 404 })
  const submission = parseWithZod(form, { schema: PrinterActionSchema })
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
      const startsAt = localDateTime(v.startsAt, timeZone)
      const endsAt = localDateTime(v.endsAt, timeZone)
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

export type PrinterPageData = ReturnType<typeof useLoaderData<typeof loader>>
export type PrinterActionData = ReturnType<typeof useActionData<typeof action>>

export default function PrinterPage() {
  const loaded = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const locale = useLocale()
  // After a conflict the forms show the newer record (and its version), so saving again is a deliberate choice.
  const printer = actionData?.current ?? loaded.printer
  const errorsFor = (intent: ActionIntent) => {
    if (actionData?.intent !== intent) return {}
    const raw = (actionData.result.error ?? {}) as Record<string, string[] | undefined>
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, translateErrors(t, v)])) as Record<string, string[] | undefined>
  }
  const valuesFor = (intent: ActionIntent) =>
    actionData?.intent === intent && !actionData.current ? ((actionData.result.initialValue ?? {}) as Record<string, string | undefined>) : {}
  const { due, utilisation } = loaded
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
              errors={errorsFor('log')}
              values={valuesFor('log')}
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
          <PeriodForm
            period={loaded.period}
            errors={{ from: translateErrors(t, loaded.periodErrors.from), to: translateErrors(t, loaded.periodErrors.to) }}
          />
        </div>
        <UtilisationFiguresList figures={utilisation} />
        {loaded.hasJobs ? null : <p className="mt-3 text-slate-700">{t('printers.util.noJobs')}</p>}
        <div className="mt-4 grid gap-6 lg:grid-cols-3">
          <div className="lg:col-span-2">
            <DailyChart days={loaded.days} />
          </div>
          <div>
            <h3 className="mb-2 font-semibold">{t('printers.util.hoursSince')}</h3>
            {Object.keys(loaded.hoursSince).length === 0 ? (
              <p className="text-slate-600">{t('printers.util.hoursSinceNone')}</p>
            ) : (
              <table className="w-full text-left text-sm">
                <tbody className="divide-y divide-slate-100">
                  {MAINTENANCE_TYPES.filter((type) => loaded.hoursSince[type] !== undefined).map((type) => (
                    <tr key={type}>
                      <td className="py-1 pr-3">{t(`printers.type.${type}`)}</td>
                      <td className="py-1 text-right">{formatHours(locale, loaded.hoursSince[type]!)} h</td>
                    </tr>
                  ))}
                </tbody>
              </table>
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
          errors={errorsFor('calendar')}
          presetErrors={errorsFor('calendar-preset')}
          values={valuesFor('calendar')}
        />
        <IntervalsCard
          key={`int-${printer.version}`}
          version={printer.version}
          intervals={loaded.intervals}
          canWrite={loaded.canWrite}
          errors={errorsFor('intervals')}
          values={valuesFor('intervals')}
        />
        <WindowsCard
          windows={loaded.windows}
          timeZone={loaded.timeZone}
          canWrite={loaded.canWrite}
          errors={{ ...errorsFor('add-window'), ...errorsFor('delete-window') }}
          values={valuesFor('add-window')}
        />
        <RegisterCard key={`reg-${printer.version}`} printer={printer} canWrite={loaded.canWrite} errors={errorsFor('save')} values={valuesFor('save')} />
      </div>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
