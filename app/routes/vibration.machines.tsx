import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useOutlet } from '@remix-run/react'
import { z } from 'zod'
import { Button } from '~/components/ui/button'
import { FormErrors } from '~/components/ui/field'
import { FlagCard } from '~/components/ui/flag-card'
import { Card, PageHeader } from '~/components/ui/layout'
import { DataTable } from '~/components/ui/table'
import { MachineFields } from '~/components/vibration/machine-fields'
import { MachineSchema, type MachineFormInput } from '~/components/vibration/schemas'
import { RetentionCard } from '~/components/vibration/retention'
import { VibrationTabs } from '~/components/vibration/ui'
import { createMachine, listMachines } from '~/models/vibration/machines.server'
import { recentRetentionRuns, runRetention } from '~/models/vibration/retention.server'
import { setStreamCreatesMachines, streamCreatesMachines } from '~/models/vibration/stream/machines.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { env } from '~/utils/env.server'
import { useT } from '~/utils/i18n'
import { can } from '~/utils/permissions'
import { readForm } from '~/utils/request.server'
import { redirectWithToast } from '~/utils/toast.server'
import { useIsPending } from '~/utils/use-is-pending'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'vibration:read')
  const canManage = can(user.role, 'vibration:manage')
  const [machines, streamMachines, retentionRuns] = await Promise.all([listMachines(), canManage ? streamCreatesMachines() : null, canManage ? recentRetentionRuns() : null])
  const e = env()
  return { machines, streamMachines, retention: retentionRuns ? { runs: retentionRuns, days: e.VIBRATION_RAW_RETENTION_DAYS } : null, timeZone: e.SHOP_TIME_ZONE, canManage, canUpload: can(user.role, 'vibration:upload') }
}

/**
 * The page's forms: a new machine (intent "create"), whether live streams may create the machines they name, and the
 * raw-data retention job run now.
 */
const StreamMachinesSchema = z.object({ intent: z.literal('stream-machines'), enabled: z.literal('on').optional() })
const RetentionSchema = z.object({ intent: z.literal('retention') })

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, 'vibration:manage')
  const form = await readForm(request)
  // The page's second form: whether live streams may create the machines they name.
  if (form.get('intent') === 'stream-machines') {
    const flag = parseWithZod(form, { schema: StreamMachinesSchema })
    if (flag.status !== 'success') return data(flag.reply(), { status: 400 })
    const enabled = flag.value.enabled === 'on'
    await setStreamCreatesMachines(actorOf(user, request), enabled)
    return redirectWithToast('/vibration/machines', { type: 'success', key: enabled ? 'vibration.stream.createMachinesSavedOn' : 'vibration.stream.createMachinesSavedOff' })
  }
  if (form.get('intent') === 'retention') {
    const run = parseWithZod(form, { schema: RetentionSchema })
    if (run.status !== 'success') return data(run.reply(), { status: 400 })
    const done = await runRetention({ now: new Date(), days: env().VIBRATION_RAW_RETENTION_DAYS, trigger: 'manual', actor: actorOf(user, request) })
    // A failed run is stored (the table shows why) and said in the toast; what it finished before failing stays done.
    if (done.status === 'failed') return redirectWithToast('/vibration/machines', { type: 'error', key: 'vibration.retention.failedToast', params: { error: done.error ?? '' } })
    return redirectWithToast('/vibration/machines', { type: 'success', key: 'vibration.retention.ran', params: { weeks: done.partitionsDropped, blocks: done.blocksRemoved, kept: done.blocksKept } })
  }
  const submission = parseWithZod(form, { schema: MachineSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const result = await createMachine(actorOf(user, request), submission.value)
  if (!result.ok) return data(submission.reply({ fieldErrors: { name: ['vibration.error.nameTaken'] } }), { status: 409 })
  return redirectWithToast('/vibration/machines', { type: 'success', key: 'vibration.machines.created', params: { name: result.machine.name } })
}

const linkClass = 'link-row'

/** The new-machine form beside the list (managers only). */
function NewMachineCard() {
  const lastResult = useActionData<typeof action>()
  const isPending = useIsPending()
  const t = useT()
  const [form, fields] = useForm<MachineFormInput>({ defaultNoValidate: false, id: 'new-machine', lastResult, constraint: getZodConstraint(MachineSchema), defaultValue: { signalUnit: 'unknown', baselineMinutes: 10 } })
  return (
    <Card>
      <h2 className="text-lg font-semibold">{t('vibration.machines.new')}</h2>
      <Form method="post" className="mt-4 space-y-4" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="create" />
        <MachineFields fields={fields} />
        <Button type="submit" className="w-full" disabled={isPending}>
          {t('common.create')}
        </Button>
      </Form>
    </Card>
  )
}

export default function MachinesPage() {
  const { machines, streamMachines, retention, timeZone, canManage, canUpload } = useLoaderData<typeof loader>()
  const t = useT()
  // The flat-route name nests /vibration/machines/:machineId under this route: its edit page takes the list's place.
  const outlet = useOutlet()
  if (outlet) return outlet
  return (
    <>
      <PageHeader title={t('vibration.machines.title')} />
      <VibrationTabs canUpload={canUpload} />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <DataTable
            testId="machines"
            rows={machines}
            rowKey={(m) => m.id}
            empty={t('vibration.machines.empty')}
            columns={[
              {
                key: 'name',
                header: t('vibration.machine.name'),
                cell: (m) => (
                  // A manager edits the machine; everyone else browses its data.
                  <Link to={canManage ? `/vibration/machines/${m.id}` : `/vibration?machine=${m.id}`} className={linkClass}>
                    {m.name}
                  </Link>
                ),
              },
              { key: 'location', header: t('vibration.machine.location'), cell: (m) => m.location },
              { key: 'unit', header: t('vibration.machine.unit'), cell: (m) => t(`vibration.unit.${m.signalUnit}`) },
              { key: 'sensors', header: t('vibration.machine.sensors'), cell: (m) => m.sensors.join(', ') },
              { key: 'recordings', header: t('vibration.machine.recordings'), numeric: true, cell: (m) => m.recordingCount },
              {
                key: 'diagnosis',
                header: <span className="sr-only">{t('vibration.nav.diagnosis')}</span>,
                cell: (m) => (
                  <Link to={`/vibration/diagnosis/${m.id}`} className={linkClass}>
                    {t('vibration.nav.diagnosis')}
                  </Link>
                ),
              },
            ]}
          />
        </Card>
        {canManage ? <NewMachineCard /> : null}
      </div>
      {streamMachines !== null ? (
        <FlagCard
          intent="stream-machines"
          enabled={streamMachines}
          testId="stream-machines"
          title={t('vibration.stream.createMachines')}
          label={t('vibration.stream.createMachinesOn')}
          hint={t('vibration.stream.createMachinesHint')}
          save={t('common.save')}
        />
      ) : null}
      {retention ? <RetentionCard days={retention.days} runs={retention.runs} timeZone={timeZone} canRun={canManage} /> : null}
    </>
  )
}
