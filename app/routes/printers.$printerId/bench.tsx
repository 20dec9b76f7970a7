/**
 * The bench view: the first thing an operator sees after scanning the printer's label. What prints now and how far it
 * is, one tap to record its output (or a failed print), the next job with one tap to start it, the spool to load and
 * the maintenance due. Every form is a plain POST to this page (route.tsx → bench.server.ts), so it works without JS.
 */
import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import { Form, Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import type { z } from 'zod'
import { Swatch } from '~/components/inventory/ui'
import { DueBadge } from '~/components/printers/badges'
import { buttonClass } from '~/components/ui/button'
import { Field, FormErrors, SelectField } from '~/components/ui/field'
import { Card } from '~/components/ui/layout'
import { mgToGramsString } from '~/domain/inventory/mass'
import type { MaintenanceDueItem } from '~/domain/printers'
import type { JobProgress } from '~/domain/printers/bench'
import type { BenchJob, BenchSpool } from '~/models/printers/bench.server'
import { formatDateTime, formatGrams } from '~/utils/format'
import { useLocale, useT } from '~/utils/i18n'
import { useIsPending } from '~/utils/use-is-pending'
import { PrintPrompt, type PrintAsks } from './print-prompt'
import { JobOutputSchema, JobStartSchema } from './schema'

type Time = Date | string
/** The model's shapes as the page receives them (dates may arrive as text). */
type Job = Omit<BenchJob, 'startsAt' | 'endsAt' | 'locked'> & { startsAt: Time; endsAt: Time }
type Spool = BenchSpool
export interface BenchData {
  current: (Job & { progress: Omit<JobProgress, 'startedAt' | 'plannedEnd'> & { startedAt: Time; plannedEnd: Time } }) | null
  next: Job | null
  later: Job[]
  load: { for: 'current' | 'next'; material: string; colour: string; colourHex: string | null; neededMg: number; spool: Spool | null; thenFrom: Spool[]; shortMg: number } | null
  spools: Spool[]
}
type Result = SubmissionResult<string[]> | undefined

/** The label printed on a spool shows the first 8 characters of its id (inventory.labels.tsx): the same here. */
const spoolLabel = (id: string) => id.slice(0, 8)

export function Bench({
  bench,
  asks,
  dueItems,
  timeZone,
  canRecord,
  results,
}: {
  bench: BenchData
  asks: PrintAsks | null
  dueItems: MaintenanceDueItem[]
  timeZone: string
  canRecord: boolean
  results: { start: Result; finish: Result; fail: Result; link: Result }
}) {
  const t = useT()
  const { current, next } = bench
  // A finished print's grams as the printer reported them become the record form's default too.
  const recordMg = asks?.record?.outcome === 'finished' && asks.record.jobId === current?.id ? asks.record.mg : undefined
  return (
    <Card className="mb-6">
      <h2 id="bench" className="mb-4 text-xl font-bold break-keep">
        {t('printers.bench.title')}
      </h2>
      <div className="grid gap-6 lg:grid-cols-2">
        <BenchSection id="bench-now" testId="bench-current" className="space-y-4" title={t('printers.bench.now')}>
          {asks ? (
            <PrintPrompt
              asks={asks}
              candidates={[current, next, ...bench.later].filter((j) => j !== null)}
              timeZone={timeZone}
              canRecord={canRecord}
              linkResult={results.link}
            />
          ) : null}
          {current ? (
            <>
              <JobFacts job={current} timeZone={timeZone} started={current.progress.startedAt} />
              <ProgressLine progress={current.progress} timeZone={timeZone} />
              {canRecord ? (
                <>
                  <RecordForm key={`finish-${current.id}-${current.version}`} job={current} spools={bench.spools} lastResult={results.finish} mg={recordMg} />
                  <FailForm key={`fail-${current.id}-${current.version}`} job={current} spools={bench.spools} lastResult={results.fail} />
                </>
              ) : null}
            </>
          ) : (
            <p className="text-slate-700 break-keep" data-testid="bench-idle">
              {t('printers.bench.idle')}
            </p>
          )}
        </BenchSection>
        <div className="space-y-6">
          <BenchSection id="bench-next" testId="bench-next" className="space-y-3" title={t('printers.bench.next')}>
            {next ? (
              <>
                <JobFacts job={next} timeZone={timeZone} />
                {canRecord && !current ? <StartForm key={`start-${next.id}-${next.version}`} job={next} lastResult={results.start} /> : null}
                {canRecord && current ? <p className="text-sm text-slate-700 break-keep">{t('printers.bench.startBlocked')}</p> : null}
              </>
            ) : (
              <p className="text-slate-700 break-keep">{t('printers.bench.noNext')}</p>
            )}
            {bench.later.length > 0 ? (
              <div>
                <h4 className="text-sm font-medium text-slate-700">{t('printers.bench.later')}</h4>
                <ul className="mt-1 space-y-1 text-sm text-slate-700">
                  {bench.later.map((j) => (
                    <li key={j.id} className="break-keep">
                      {t('printers.bench.laterLine', { time: formatDateTime(j.startsAt, timeZone), reference: j.orderReference, product: j.productName, units: j.units })}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
          </BenchSection>
          {bench.load ? <SpoolToLoad load={bench.load} /> : null}
          <MaintenanceDue items={dueItems} />
        </div>
      </div>
    </Card>
  )
}

function Facts({ items }: { items: Array<[string, ReactNode]> }) {
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
      {items.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-slate-600 break-keep">{label}</dt>
          <dd className="font-medium">{value}</dd>
        </div>
      ))}
    </dl>
  )
}

function JobFacts({ job, timeZone, started }: { job: Job; timeZone: string; started?: Time }) {
  const t = useT()
  const time = (d: Time) => <span className="whitespace-nowrap tabular-nums">{formatDateTime(d, timeZone)}</span>
  return (
    <Facts
      items={[
        [
          t('printers.bench.order'),
          <Link key="o" to={`/orders/${job.orderId}`} className="whitespace-nowrap text-lg font-bold text-blue-800 underline">
            {job.orderReference}
          </Link>,
        ],
        [t('printers.bench.product'), <span key="p" className="break-keep">{job.productName}</span>],
        [t('printers.bench.plate'), <span key="u" className="break-keep">{t('printers.bench.plateValue', { units: job.units, perPlate: job.unitsPerPlate })}</span>],
        started ? [t('printers.bench.startedAt'), time(started)] : [t('printers.bench.plannedStart'), time(job.startsAt)],
        [t('printers.bench.plannedEnd'), time(job.endsAt)],
      ]}
    />
  )
}

function ProgressLine({ progress, timeZone }: { progress: NonNullable<BenchData['current']>['progress']; timeZone: string }) {
  const t = useT()
  const label = t('printers.bench.elapsed', { pct: progress.elapsedPct })
  return (
    <div data-testid="bench-progress">
      <div className="h-3 w-full overflow-hidden rounded-full bg-slate-200" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={progress.elapsedPct} aria-label={label}>
        <div className={`h-full ${progress.overdue ? 'bg-red-600' : 'bg-blue-700'}`} style={{ width: `${progress.elapsedPct}%` }} />
      </div>
      <p className="mt-1 text-sm text-slate-700 break-keep">
        {label} ·{' '}
        {progress.overdue ? (
          <strong className="text-red-800">{t('printers.bench.overdue')}</strong>
        ) : (
          <span>{t('printers.bench.minutesLeft', { minutes: progress.minutesLeft })}</span>
        )}{' '}
        <span className="sr-only">{formatDateTime(progress.plannedEnd, timeZone)}</span>
      </p>
    </div>
  )
}

function StartForm({ job, lastResult }: { job: Job; lastResult: Result }) {
  const t = useT()
  const busy = useIsPending({ intent: 'job-start' })
  const [form, fields] = useForm<z.input<typeof JobStartSchema>>({
    defaultNoValidate: false,
    id: 'job-start',
    lastResult,
    constraint: getZodConstraint(JobStartSchema),
    defaultValue: { jobId: job.id, version: job.version },
  })
  return (
    <Form method="post" {...getFormProps(form)}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input {...getInputProps(fields.jobId, { type: 'hidden' })} />
      <input {...getInputProps(fields.version, { type: 'hidden' })} />
      <button type="submit" name="intent" value="job-start" disabled={busy} className={buttonClass('primary', 'mt-2 w-full text-lg')}>
        ▶ {t('printers.bench.start')}
      </button>
    </Form>
  )
}

function SpoolSelect({ spools, meta }: { spools: Spool[]; meta: Parameters<typeof getSelectProps>[0] }) {
  const t = useT()
  const locale = useLocale()
  return (
    <SelectField
      label={t('printers.bench.spool')}
      options={[
        { value: '', label: t('printers.bench.spoolFifo') },
        ...spools.map((s) => ({ value: s.id, label: `${s.brand} · ${s.batch} · ${spoolLabel(s.id)} · ${formatGrams(locale, s.remainingMg)}` })),
      ]}
      errors={meta.errors}
      {...getSelectProps(meta)}
    />
  )
}

/** Record output: good units default to the plate, failed to 0, grams to the plan, spool to FIFO — one tap. */
function RecordForm({ job, spools, lastResult, mg }: { job: Job; spools: Spool[]; lastResult: Result; mg?: number }) {
  const t = useT()
  const locale = useLocale()
  const busy = useIsPending()
  const saving = useIsPending({ intent: 'job-finish' })
  const [form, fields] = useForm<z.input<typeof JobOutputSchema>>({
    defaultNoValidate: false,
    id: 'job-finish',
    lastResult,
    constraint: getZodConstraint(JobOutputSchema),
    defaultValue: { jobId: job.id, version: job.version, goodUnits: job.units, scrapUnits: 0, grams: mgToGramsString(mg ?? job.plannedMg), spoolId: '' },
  })
  return (
    <Form method="post" className="space-y-3 rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200" aria-labelledby="record-title" {...getFormProps(form)}>
      <h4 id="record-title" className="font-semibold break-keep">
        {t('printers.bench.record')}
      </h4>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input {...getInputProps(fields.jobId, { type: 'hidden' })} />
      <input {...getInputProps(fields.version, { type: 'hidden' })} />
      <div className="grid grid-cols-2 gap-3">
        <Field label={t('printers.bench.good')} inputMode="numeric" max={job.unitsPerPlate} errors={fields.goodUnits.errors} {...getInputProps(fields.goodUnits, { type: 'number' })} />
        <Field label={t('printers.bench.failed')} inputMode="numeric" max={job.unitsPerPlate} errors={fields.scrapUnits.errors} {...getInputProps(fields.scrapUnits, { type: 'number' })} />
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field
          label={t('printers.bench.grams')}
          inputMode="decimal"
          hint={t('printers.bench.gramsHint', { grams: formatGrams(locale, job.plannedMg, { unit: false }) })}
          errors={fields.grams.errors}
          {...getInputProps(fields.grams, { type: 'text' })}
        />
        <SpoolSelect spools={spools} meta={fields.spoolId} />
      </div>
      <button type="submit" name="intent" value="job-finish" disabled={busy} className={buttonClass('primary', 'w-full text-lg')}>
        {saving ? t('common.saving') : `✓ ${t('printers.bench.record')}`}
      </button>
    </Form>
  )
}

/** A failed print: behind a disclosure (works without JS), the plate defaults to failed units. Two taps. */
function FailForm({ job, spools, lastResult }: { job: Job; spools: Spool[]; lastResult: Result }) {
  const t = useT()
  const busy = useIsPending()
  const [form, fields] = useForm<z.input<typeof JobOutputSchema>>({
    defaultNoValidate: false,
    id: 'job-fail',
    lastResult,
    constraint: getZodConstraint(JobOutputSchema),
    defaultValue: { jobId: job.id, version: job.version, goodUnits: 0, scrapUnits: job.units, grams: mgToGramsString(job.plannedMg), spoolId: '', note: '' },
  })
  return (
    <details className="group rounded-lg ring-1 ring-red-200" open={lastResult ? true : undefined}>
      <summary className="flex min-h-touch cursor-pointer list-none items-center justify-center gap-2 rounded-lg px-4 py-2 font-semibold text-red-800 break-keep hover:bg-red-50">
        ⚠ {t('printers.bench.problem')}
      </summary>
      <Form method="post" className="space-y-3 p-3" {...getFormProps(form)}>
        <p className="text-sm text-slate-700 break-keep">{t('printers.bench.problemHint')}</p>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input {...getInputProps(fields.jobId, { type: 'hidden' })} />
        <input {...getInputProps(fields.version, { type: 'hidden' })} />
        <div className="grid grid-cols-2 gap-3">
          <Field label={t('printers.bench.good')} inputMode="numeric" max={job.unitsPerPlate} errors={fields.goodUnits.errors} {...getInputProps(fields.goodUnits, { type: 'number' })} />
          <Field label={t('printers.bench.failed')} inputMode="numeric" max={job.unitsPerPlate} errors={fields.scrapUnits.errors} {...getInputProps(fields.scrapUnits, { type: 'number' })} />
        </div>
        <Field label={t('printers.bench.grams')} inputMode="decimal" errors={fields.grams.errors} {...getInputProps(fields.grams, { type: 'text' })} />
        <SpoolSelect spools={spools} meta={fields.spoolId} />
        <Field label={t('printers.bench.note')} errors={fields.note.errors} {...getInputProps(fields.note, { type: 'text' })} />
        <button type="submit" name="intent" value="job-fail" disabled={busy} className={buttonClass('danger', 'w-full')}>
          {t('printers.bench.fail')}
        </button>
      </Form>
    </details>
  )
}

function SpoolToLoad({ load }: { load: NonNullable<BenchData['load']> }) {
  const t = useT()
  const locale = useLocale()
  const grams = (mg: number) => formatGrams(locale, mg, { unit: false })
  const s = load.spool
  return (
    <BenchSection
      id="bench-load"
      testId="bench-spool"
      className="space-y-2"
      title={
        <>
          {t('printers.bench.load')} <span className="text-sm font-normal text-slate-600">· {t(`printers.bench.loadFor.${load.for}`)}</span>
        </>
      }
    >
      <p className="flex items-center gap-2">
        <Swatch hex={load.colourHex} />
        <span className="font-semibold break-keep">
          {load.material} · {load.colour}
        </span>
        <span className="text-sm text-slate-600 whitespace-nowrap">{t('printers.bench.needed', { grams: grams(load.neededMg) })}</span>
      </p>
      {s ? (
        <div className="rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200">
          <p className="text-sm text-slate-600 break-keep">{t('printers.bench.fifoSpool')}</p>
          <p className="font-semibold break-keep">{t('printers.bench.spoolLine', { brand: s.brand, batch: s.batch || '—' })}</p>
          <p className="flex flex-wrap items-center gap-x-3 text-sm">
            <Link to={`/inventory/spools/${s.id}`} className="inline-flex min-h-touch items-center whitespace-nowrap font-mono text-blue-800 underline" data-testid="bench-spool-label">
              {t('printers.bench.spoolLabel', { label: spoolLabel(s.id) })}
            </Link>
            <span className="whitespace-nowrap">{t('printers.bench.remaining', { grams: grams(s.remainingMg) })}</span>
            {s.location ? <span className="break-keep">{t('printers.bench.location', { location: s.location })}</span> : null}
          </p>
          {load.thenFrom.length > 0 ? (
            <p className="text-sm text-slate-700 break-keep">
              {t('printers.bench.thenFrom', { spools: load.thenFrom.map((x) => `${x.brand} · ${x.batch || '—'} · ${spoolLabel(x.id)}`).join(', ') })}
            </p>
          ) : null}
        </div>
      ) : (
        <p className="text-amber-900 break-keep">{t('printers.bench.noSpool')}</p>
      )}
      {load.shortMg > 0 && s ? (
        <p className="text-sm font-semibold text-red-800 break-keep" role="alert">
          {t('printers.bench.short', { grams: grams(load.shortMg) })}
        </p>
      ) : null}
    </BenchSection>
  )
}

function MaintenanceDue({ items }: { items: MaintenanceDueItem[] }) {
  const t = useT()
  const due = items.filter((i) => i.status === 'overdue' || i.status === 'due_soon')
  return (
    <BenchSection id="bench-maintenance" testId="bench-maintenance" className="space-y-2" title={t('printers.maintenance')}>
      {due.length === 0 ? (
        <p className="text-slate-700 break-keep">{t('printers.bench.maintenanceOk')}</p>
      ) : (
        <div className="flex flex-wrap gap-2">
          {due.map((i) => (
            <DueBadge key={i.type} status={i.status}>
              {t(`printers.type.${i.type}`)} · {t(`printers.due.${i.status}`)}
            </DueBadge>
          ))}
        </div>
      )}
      <a href="#maintenance" className="link-touch">
        {t('printers.bench.maintenanceDetails')}
      </a>
    </BenchSection>
  )
}

/** One block of the bench (now, next, spool, maintenance): a section named by its heading. */
function BenchSection({ id, testId, className, title, children }: { id: string; testId: string; className: string; title: ReactNode; children: ReactNode }) {
  return (
    <section aria-labelledby={id} data-testid={testId} className={className}>
      <h3 id={id} className="text-lg font-semibold break-keep">
        {title}
      </h3>
      {children}
    </section>
  )
}
