import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { NewSpoolSchema } from '~/components/inventory/schemas'
import { SpoolFields } from '~/components/inventory/spool-fields'
import { InventoryTabs } from '~/components/inventory/ui'
import { Button } from '~/components/ui/button'
import { Field, FormErrors, SelectField } from '~/components/ui/field'
import { Card, PageHeader } from '~/components/ui/layout'
import { localDate } from '~/domain/time/zoned'
import { createSpool, spoolFacets } from '~/models/inventory/spools.server'
import { listFilaments } from '~/models/inventory/filaments.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { env } from '~/utils/env.server'
import { translateErrors } from '~/utils/forms'
import { useT } from '~/utils/i18n'
import { readForm } from '~/utils/request.server'
import { redirectWithToast } from '~/utils/toast.server'

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
  const v = submission.value
  const result = await createSpool(actorOf(user, request), {
    filamentId: v.filamentId,
    batch: v.batch,
    initialNetMg: v.initialNetGrams,
    remainingMg: v.remainingGrams,
    tareMg: v.tareGrams,
    location: v.location,
    receivedOn: v.receivedOn ?? null,
  })
  if (!result.ok) return data(submission.reply({ fieldErrors: { filamentId: ['inventory.error.unknownFilament'] } }), { status: 400 })
  const s = result.spool
  return redirectWithToast(`/inventory/spools/${s.id}`, { type: 'success', key: 'inventory.spools.created', params: { name: `${s.material} ${s.colourName}` } })
}

export default function NewSpoolPage() {
  const { filaments, facets, preselect, today } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const navigation = useNavigation()
  const t = useT()
  const errors = (lastResult?.error ?? {}) as Record<string, string[] | undefined>
  const sent = (lastResult?.initialValue ?? {}) as Record<string, string | undefined>
  return (
    <>
      <PageHeader title={t('inventory.spools.new')} />
      <InventoryTabs />
      <Card className="max-w-3xl">
        <FormErrors errors={translateErrors(t, errors[''])} />
        <Form method="post" className="space-y-4">
          <SelectField
            label={t('inventory.filament')}
            name="filamentId"
            required
            defaultValue={sent.filamentId ?? preselect}
            errors={translateErrors(t, errors.filamentId)}
            options={[
              { value: '', label: t('inventory.check.choose') },
              ...filaments.map((f) => ({ value: f.id, label: `${f.material} · ${f.colourName} · ${f.brand}` })),
            ]}
          />
          <SpoolFields defaults={{ receivedOn: today, ...sent }} errors={errors} batches={facets.batches} locations={facets.locations} />
          <Field
            label={t('inventory.remaining')}
            name="remainingGrams"
            inputMode="decimal"
            defaultValue={sent.remainingGrams ?? ''}
            hint={t('inventory.remainingHint')}
            errors={translateErrors(t, errors.remainingGrams)}
          />
          <Button type="submit" disabled={navigation.state === 'submitting'}>
            {t('common.create')}
          </Button>
        </Form>
      </Card>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
