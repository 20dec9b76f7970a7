import type { SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { DueBadge, PrinterStatusBadge } from '~/components/printers/badges'
import { LiveCard } from '~/components/printers/live-card'
import { PeriodForm } from '~/components/printers/period-form'
import { periodFromSearch } from '~/components/printers/schemas'
import { messagesOnce, resultFor } from '~/utils/forms'
import { DailyChart, UtilisationFiguresList } from '~/components/printers/utilisation'
import { buttonClass } from '~/components/ui/button'
import { DataTable } from '~/components/ui/table'
import { FormErrors } from '~/components/ui/field'
import { Card, PageHeader } from '~/components/ui/layout'
import { calendarPreset, MAINTENANCE_TYPES, validateMaintenanceInterval, type MaintenanceInterval } from '~/domain/printers'
import { localDate } from '~/domain/time/zoned'
import type { MessageKey } from '~/i18n'
import { addWindow, deleteWindow } from '~/models/printers/windows.server'
import { changePrinter, getPrinter } from '~/models/printers/printers.server'
import { replaceIntervals, type MaintenanceEntryState } from '~/models/printers/maintenance.server'
import { printerBench } from '~/models/printers/bench.server'
import { connectionTypeOf } from '~/models/printers/live/connections.server'
import { benchPrint } from '~/models/printers/live/prints.server'
import { liveOf } from '~/models/printers/live/store.server'
import { printerDetail } from '~/models/printers/overview.server'
import { type PrinterChangeResult, type PrinterView } from '~/models/printers/rows.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { cachedRead, timeBucket } from '~/utils/read-cache.server'
import { parseDateTimeLocal } from '~/utils/datetime'
import { env } from '~/utils/env.server'
import { formatHours, formatWallClock } from '~/utils/format'
import { getTranslator } from '~/utils/i18n.server'
import { useLocale, useT } from '~/utils/i18n'
import { useLiveEvents } from '~/utils/use-live-events'
import { can, type Permission } from '~/utils/permissions'
import { readForm } from '~/utils/request.server'
import { redirectWithToast } from '~/utils/toast.server'
import { z } from 'zod'
import { Bench } from './bench'
import { benchAction } from './bench.server'
import { DueTable, EntryPanel, HistoryTable, LogForm } from './maintenance'
import { maintenanceAction, type MaintenanceWarning } from './maintenance.server'
import {
  AddWindowSchema,
  JobOutputSchema,
  JobStartSchema,
  CalendarSchema,
  CorrectEntrySchema,
  daysField,
  DeleteWindowSchema,
  EntryRefSchema,
  hoursField,
  IntervalsSchema,
  LogSchema,
  parseCalendarForm,
  PresetSchema,
  PrintLinkSchema,
  SaveSchema,
} from './schema'
import { CalendarCard, IntervalsCard, RegisterCard, WindowsCard } from './settings'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

/**
 * Every intent of the printer page. Permission: 'log' needs maintenance:log; the bench's job-start, job-finish and
 * job-fail need production:record (operators record production); the rest printers:write — among them a planner's
 * correct-entry, remove-entry and restore-entry (the Undo of a removal) on the maintenance log.
 */
const PrinterActionSchema = z.discriminatedUnion('intent', [
  SaveSchema.extend({ intent: z.literal('save') }),
  CalendarSchema.extend({ intent: z.literal('calendar') }),
  PresetSchema.extend({ intent: z.literal('calendar-preset') }),
  IntervalsSchema.extend({ intent: z.literal('intervals') }),
  LogSchema.extend({ intent: z.literal('log') }),
  CorrectEntrySchema.extend({ intent: z.literal('correct-entry') }),
  EntryRefSchema.extend({ intent: z.literal('remove-entry') }),
  EntryRefSchema.extend({ intent: z.literal('restore-entry') }),
  AddWindowSchema.extend({ intent: z.literal('add-window') }),
  DeleteWindowSchema.extend({ intent: z.literal('delete-window') }),
  JobStartSchema.extend({ intent: z.literal('job-start') }),
  JobOutputSchema.extend({ intent: z.literal('job-finish') }),
  JobOutputSchema.extend({ intent: z.literal('job-fail') }),
  PrintLinkSchema.extend({ intent: z.literal('print-link') }),
])

type ActionIntent = z.infer<typeof PrinterActionSchema>['intent']

const BENCH_INTENTS: readonly string[] = ['job-start', 'job-finish', 'job-fail', 'print-link']
const entryIntents: readonly string[] = ['correct-entry', 'remove-entry']
const permissionOf = (intent: string | null): Permission =>
  intent === 'log' ? 'maintenance:log' : intent !== null && BENCH_INTENTS.includes(intent) ? 'production:record' : 'printers:write'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'printers:read')
  const url = new URL(request.url)
  const timeZone = env().SHOP_TIME_ZONE
  const now = new Date()
  const today = localDate(now, timeZone)
  const { period, errors } = periodFromSearch(url.searchParams, today, timeZone)
  // The printer, its figures, log and bench: shared by every tablet for 10 s at most, and only while no data changes
  // (read-cache.server.ts); what the printer itself reports (live, its print's asks) is read on every load.
  const at = timeBucket(now, 10_000)
  const id = params.printerId ?? ''
  // The reads run side by side: when the shop is busy each awaited read waits its turn behind every other request's
  // work, so the page's answer takes about as many turns as it has reads one after another (it had ~12).
  const cached = await cachedRead('printer-page', `${id}|${period.kind}|${period.firstDate}|${period.lastDate}|${timeZone}|${at.toISOString()}`, async () => {
    const [found, bench] = await Promise.all([printerDetail(id, { now: at, timeZone, period }), printerBench(id, at)])
    return found && { detail: found, bench }
  })
  if (!cached) throw new Response('Printer not found', { status: 404 })
  const { detail } = cached
  const canWrite = can(user.role, 'printers:write')
  // `?edit=<entryId>`: the planner's correct/remove form of one history entry (a link, so it opens without JavaScript).
  const editId = url.searchParams.get('edit')
  // What the printer itself reports, when it is connected (app/models/printers/live): current on every page load.
  const connectionType = await connectionTypeOf(detail.printer.id)
  const connected = connectionType !== 'none'
  // What the printer's last print asks of the operator: which job it is, or its prefilled record to confirm.
  const [live, printAsks] = connected ? await Promise.all([liveOf(detail.printer.id, now), benchPrint(detail.printer.id, now)]) : [null, null]
  return {
    ...detail,
    connected,
    live,
    bench: cached.bench,
    printAsks,
    canRecord: can(user.role, 'production:record'),
    period: { kind: period.kind, firstDate: period.firstDate, lastDate: period.lastDate },
    periodErrors: errors,
    today,
    timeZone,
    canWrite,
    canLog: can(user.role, 'maintenance:log'),
    editing: canWrite && editId ? (detail.log.find((e) => e.id === editId) ?? null) : null,
  }
}

type ReplyExtra = { current?: PrinterView | null; warnings?: MaintenanceWarning[]; currentEntry?: MaintenanceEntryState | null }

function reply(intent: string | null, result: SubmissionResult<string[]>, status: number, extra: ReplyExtra = {}) {
  return data({ intent, result, current: extra.current ?? null, warnings: extra.warnings ?? [], currentEntry: extra.currentEntry ?? null }, { status })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request)
  const intent = typeof form.get('intent') === 'string' ? String(form.get('intent')) : null
  // Operators may log maintenance and record production at the bench; everything else edits the fleet (planners and admins).
  const user = await requireUser(request, permissionOf(intent))
  const id = params.printerId ?? ''
  const printer = await getPrinter(id)
  if (!printer) throw new Response('Printer not found', { status: 404 })
  const submission = parseWithZod(form, { schema: PrinterActionSchema, formatError: messagesOnce })
  if (submission.status !== 'success') return reply(intent, submission.reply(), 400)
  const v = submission.value
  const actor = actorOf(user, request)
  const { t, locale } = await getTranslator(request)
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
    case 'log':
    case 'correct-entry':
    case 'remove-entry':
    case 'restore-entry': {
      const answer = await maintenanceAction(printer, v, { actor: { ...actor, displayName: user.displayName }, t, locale, timeZone, now: new Date() })
      if (answer instanceof Response) return answer
      const { status, warnings, currentEntry, ...errors } = answer
      return reply(v.intent, submission.reply(errors), status, { warnings, currentEntry })
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
      // Undo adds the same window again (the add form's checks, and its refusals, as usual).
      const wall = (d: Date) => formatWallClock(d.getTime(), timeZone).slice(0, 16)
      const { startsAt, endsAt, reason } = result.window
      return redirectWithToast(back, {
        type: 'success',
        key: 'printers.windowDeleted',
        params: { assetId: printer.assetId },
        undo: { action: back, intent: 'add-window', fields: { startsAt: wall(startsAt), endsAt: wall(endsAt), reason } },
      })
    }
    case 'job-start':
    case 'job-finish':
    case 'job-fail':
    case 'print-link': {
      const answer = await benchAction(id, v, { actor, now: new Date(), t, locale, timeZone })
      if (answer instanceof Response) return answer
      return reply(v.intent, submission.reply({ fieldErrors: answer.fieldErrors }), answer.status)
    }
  }
}

export default function PrinterPage() {
  const loaded = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  // A connected printer's reports (state, progress, a finished print to confirm) show as they come.
  useLiveEvents(loaded.connected, { id: loaded.printer.id })
  const locale = useLocale()
  // After a conflict the forms show the newer record (and its version), so saving again is a deliberate choice: the
  // reply keeps its errors but not the values that were sent.
  const printer = actionData?.current ?? loaded.printer
  const lastResult = (intent: ActionIntent, conflict = !!actionData?.current) => {
    const result = resultFor(actionData?.result, intent)
    return result && conflict ? { ...result, initialValue: undefined } : result
  }
  // The entry being corrected: as it stands now after a refused correction or removal (conflict), else the one `?edit` names.
  const entryConflict = actionData?.intent === 'correct-entry' || actionData?.intent === 'remove-entry' ? actionData.currentEntry : null
  const panelEntry = entryConflict ?? loaded.editing
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
            {loaded.canWrite ? (
              <Link to={`/printers/${printer.id}/connection`} className={buttonClass('secondary')} data-testid="connection-link">
                {t('printerLive.connection.title')}
              </Link>
            ) : null}
            <Link to="/printers" className={buttonClass('ghost')}>
              {t('printers.backToFleet')}
            </Link>
          </>
        }
      />
      {loaded.connected ? <LiveCard live={loaded.live} connected timeZone={loaded.timeZone} className="mb-6" /> : null}
      <Bench
        bench={loaded.bench}
        asks={loaded.printAsks}
        dueItems={due.items}
        timeZone={loaded.timeZone}
        canRecord={loaded.canRecord}
        results={{ start: lastResult('job-start'), finish: lastResult('job-finish'), fail: lastResult('job-fail'), link: lastResult('print-link') }}
      />
      <div className="grid gap-6 lg:grid-cols-2" id="maintenance">
        <Card>
          <dl className="grid grid-cols-2 gap-3">
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
        <h2 className="mb-3 text-lg font-semibold" id="maintenance-history">
          {t('printers.history.title')}
        </h2>
        {/* A refused Undo (restore-entry) answers here (the toast that sent it is gone), as does a refusal with no entry to show. */}
        <FormErrors errors={actionData?.intent === 'restore-entry' || (!panelEntry && entryIntents.includes(actionData?.intent ?? '')) ? actionData?.result.error?.[''] : null} />
        {panelEntry ? (
          <EntryPanel
            key={`${panelEntry.id}-${panelEntry.version}`}
            entry={panelEntry}
            today={loaded.today}
            correctResult={lastResult('correct-entry', !!entryConflict)}
            removeResult={lastResult('remove-entry', !!entryConflict)}
            warnings={actionData?.intent === 'correct-entry' ? actionData.warnings : []}
          />
        ) : null}
        <HistoryTable log={loaded.log} canWrite={loaded.canWrite} editingId={panelEntry?.id ?? null} />
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

