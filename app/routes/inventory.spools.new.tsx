import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { gramsField, spoolInput, spoolShape } from '~/components/inventory/schemas'
import { spoolDefaults, SpoolFields } from '~/components/inventory/spool-fields'
import { InventoryTabs } from '~/components/inventory/ui'
import { Button } from '~/components/ui/button'
import { Field, FormErrors, SelectField } from '~/components/ui/field'
import { Card, PageHeader } from '~/components/ui/layout'
import { localDate } from '~/domain/time/zoned'
import { createSpool, spoolFacets } from '~/models/inventory/spools.server'
import { listFilaments } from '~/models/inventory/filaments.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { env } from '~/utils/env.server'
import { useT } from '~/utils/i18n'
import { readForm } from '~/utils/request.server'
import { redirectWithToast } from '~/utils/toast.server'
import { useIsPending } from '~/utils/use-is-pending'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

const NewSpoolSchema = z.object({
  filamentId: z.string({ required_error: 'inventory.error.unknownFilament' }),
  ...spoolShape,
  remainingGrams: gramsField().optional(),
})

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, 'inventory:write')
  const [filaments, facets] = await Promise.all([listFilaments(), spoolFacets()])
  const preselect = new URL(request.url).searchParams.get('filamentId') ?? ''
  return { filaments, facets, preselect, today: localDate(new Date(), env().SHOP_TIME_ZONE) }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, 'inventory:write')
  const submission = parseWithZod(await readForm(request), { schema: NewSpoolSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const { filamentId, remainingGrams } = submission.value
  const result = await createSpool(actorOf(user, request), { filamentId, remainingMg: remainingGrams, ...spoolInput(submission.value) })
  if (!result.ok) return data(submission.reply({ fieldErrors: { filamentId: ['inventory.error.unknownFilament'] } }), { status: 400 })
  const s = result.spool
  return redirectWithToast(`/inventory/spools/${s.id}`, { type: 'success', key: 'inventory.spools.created', params: { name: `${s.material} ${s.colourName}` } })
}

export default function NewSpoolPage() {
  const { filaments, facets, preselect, today } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const isPending = useIsPending()
  const t = useT()
  const [form, fields] = useForm({
    id: 'new-spool',
    lastResult,
    constraint: getZodConstraint(NewSpoolSchema),
    defaultNoValidate: false, // without JavaScript the browser checks the schema's limits; with it, the server answers
    defaultValue: { filamentId: preselect, ...spoolDefaults({ receivedOn: today }), remainingGrams: '' },
  })
  return (
    <>
      <PageHeader title={t('inventory.spools.new')} />
      <InventoryTabs />
      <Card className="max-w-3xl">
        <FormErrors id={form.errorId} errors={form.errors} />
        <Form method="post" className="space-y-4" {...getFormProps(form)}>
          <SelectField
            label={t('inventory.filament')}
            errors={fields.filamentId.errors}
            options={[
              { value: '', label: t('inventory.check.choose') },
              ...filaments.map((f) => ({ value: f.id, label: `${f.material} · ${f.colourName} · ${f.brand}` })),
            ]}
            {...getSelectProps(fields.filamentId)}
          />
          <SpoolFields fields={fields} batches={facets.batches} locations={facets.locations} />
          <Field
            label={t('inventory.remaining')}
            inputMode="decimal"
            hint={t('inventory.remainingHint')}
            errors={fields.remainingGrams.errors}
            {...getInputProps(fields.remainingGrams, { type: 'text' })}
          />
          <Button type="submit" disabled={isPending}>
            {t('common.create')}
          </Button>
        </Form>
      </Card>
    </>
  )
}

