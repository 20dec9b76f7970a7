import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import type { z } from 'zod'
import { Button } from '~/components/ui/button'
import { FormErrors } from '~/components/ui/field'
import { Card, PageHeader } from '~/components/ui/layout'
import { MachineFields } from '~/components/vibration/machine-fields'
import { EditMachineSchema } from '~/components/vibration/schemas'
import { VibrationTabs } from '~/components/vibration/ui'
import { getMachine, listSensors, updateMachine } from '~/models/vibration/machines.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { useT } from '~/utils/i18n'
import { readForm } from '~/utils/request.server'
import { redirectWithToast } from '~/utils/toast.server'
import { useIsPending } from '~/utils/use-is-pending'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, 'vibration:manage')
  const machine = await getMachine(params.machineId ?? '')
  if (!machine) throw new Response('Machine not found', { status: 404 })
  return { machine, sensors: await listSensors(machine.id) }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, 'vibration:manage')
  const machine = await getMachine(params.machineId ?? '')
  if (!machine) throw new Response('Machine not found', { status: 404 })
  const submission = parseWithZod(await readForm(request), { schema: EditMachineSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const { version, ...input } = submission.value
  const result = await updateMachine(actorOf(user, request), machine.id, version, input)
  if (!result.ok && result.reason === 'name_taken') return data(submission.reply({ fieldErrors: { name: ['vibration.error.nameTaken'] } }), { status: 409 })
  if (!result.ok && result.reason === 'conflict') return data(submission.reply({ formErrors: ['error.conflict'] }), { status: 409 })
  if (!result.ok) throw new Response('Machine not found', { status: 404 })
  return redirectWithToast('/vibration/machines', { type: 'success', key: 'vibration.machines.saved', params: { name: input.name } })
}

export default function MachinePage() {
  const { machine, sensors } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const isPending = useIsPending()
  const t = useT()
  const [form, fields] = useForm<z.input<typeof EditMachineSchema>>({
    defaultNoValidate: false,
    id: 'edit-machine',
    lastResult,
    constraint: getZodConstraint(EditMachineSchema),
    defaultValue: {
      name: machine.name,
      location: machine.location,
      description: machine.description,
      nominalRpm: machine.nominalRpm ?? undefined,
      signalUnit: machine.signalUnit,
      isoGroup: machine.isoGroup ?? undefined,
      isoFoundation: machine.isoFoundation ?? undefined,
      baselineMinutes: Math.round(machine.baselineSeconds / 60),
      sensors: sensors.join(', '),
      version: machine.version,
    },
  })
  return (
    <>
      <PageHeader title={`${t('vibration.machines.edit')}: ${machine.name}`} />
      <VibrationTabs canUpload />
      <Card className="max-w-xl">
        <Form method="post" className="space-y-4" {...getFormProps(form)}>
          <FormErrors id={form.errorId} errors={form.errors} />
          <input {...getInputProps(fields.version, { type: 'hidden' })} />
          <MachineFields fields={fields} />
          <Button type="submit" disabled={isPending}>
            {t('common.save')}
          </Button>
        </Form>
      </Card>
    </>
  )
}
