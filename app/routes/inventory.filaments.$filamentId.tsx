import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { filamentDefaults, FilamentFields } from '~/components/inventory/filament-fields'
import { filamentInput, filamentShape, version } from '~/components/inventory/schemas'
import { ArchiveForm, InventoryTabs, SpoolStatusBadge, Swatch, useGrams } from '~/components/inventory/ui'
import { Button, buttonClass } from '~/components/ui/button'
import { FormErrors } from '~/components/ui/field'
import { Badge, Card, PageHeader } from '~/components/ui/layout'
import { DataTable } from '~/components/ui/table'
import type { MessageKey } from '~/i18n'
import { changeFilament, getFilament } from '~/models/inventory/filaments.server'
import { listSpools } from '~/models/inventory/spools.server'
import { type Filament } from '~/models/inventory/shapes.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { resultFor } from '~/utils/forms'
import { useT } from '~/utils/i18n'
import { can } from '~/utils/permissions'
import { readForm } from '~/utils/request.server'
import { redirectWithToast } from '~/utils/toast.server'
import { useIsPending } from '~/utils/use-is-pending'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

const SaveFilament = z.object({
  intent: z.literal('save'),
  version,
  ...filamentShape,
})

const FilamentAction = z.discriminatedUnion('intent', [
  SaveFilament,
  z.object({ intent: z.literal('archive'), version }),
  z.object({ intent: z.literal('restore'), version }),
])

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'inventory:read')
  const filament = await getFilament(params.filamentId ?? '')
  if (!filament) throw new Response('Filament not found', { status: 404 })
  const spools = await listSpools({ filamentId: filament.id, status: 'all' })
  return { filament, spools, canWrite: can(user.role, 'inventory:write') }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, 'inventory:write')
  const id = params.filamentId ?? ''
  if (!(await getFilament(id))) throw new Response('Filament not found', { status: 404 })
  const submission = parseWithZod(await readForm(request), { schema: FilamentAction })
  if (submission.status !== 'success') return data({ result: submission.reply(), current: null as Filament | null }, { status: 400 })
  const v = submission.value
  const actor = actorOf(user, request)
  const result =
    v.intent === 'save'
      ? await changeFilament(actor, id, v.version, { input: filamentInput(v) })
      : await changeFilament(actor, id, v.version, { archived: v.intent === 'archive' })
  if (!result.ok) {
    if (result.reason === 'not_found') throw new Response('Filament not found', { status: 404 })
    if (result.reason === 'duplicate') {
      return data({ result: submission.reply({ fieldErrors: { brand: ['inventory.error.duplicateFilament'] } }), current: null }, { status: 409 })
    }
    if (result.reason === 'conflict') return data({ result: submission.reply({ formErrors: ['error.conflict'] }), current: result.current }, { status: 409 })
  }
  const f = result.filament
  const key: MessageKey = v.intent === 'save' ? 'inventory.filaments.saved' : v.intent === 'archive' ? 'inventory.filaments.archivedToast' : 'inventory.filaments.restoredToast'
  const url = `/inventory/filaments/${id}`
  const undo = v.intent === 'archive' ? { action: url, intent: 'restore', fields: { version: String(f.version) } } : undefined
  return redirectWithToast(url, { type: 'success', key, params: { name: `${f.material} ${f.colourName} (${f.brand})` }, undo })
}

export default function FilamentPage() {
  const loaded = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const grams = useGrams()
  // After a version conflict the form shows the newer values (a new form id) with the conflict above it.
  const f = actionData?.current ?? loaded.filament
  const savePending = useIsPending({ intent: 'save' })
  const conflict = actionData?.current ? actionData.result.error?.[''] : undefined
  const [form, fields] = useForm({
    id: `filament-${f.id}-${f.version}`,
    lastResult: conflict ? undefined : resultFor(actionData?.result, 'save'),
    constraint: getZodConstraint(SaveFilament),
    defaultNoValidate: false, // without JavaScript the browser checks the schema's limits; with it, the server answers
    defaultValue: { ...filamentDefaults(f), version: f.version },
  })
  return (
    <>
      <PageHeader
        title={
          <span className="flex items-center gap-3">
            <Swatch hex={f.colourHex} size="lg" />
            {f.material} · {f.colourName} ({f.brand}){f.archivedAt ? <Badge>{t('inventory.filaments.archived')}</Badge> : null}
          </span>
        }
      />
      <InventoryTabs />
      <div className="grid gap-6 lg:grid-cols-2" key={f.version}>
        {loaded.canWrite ? (
          <Card>
            <h2 className="text-lg font-semibold">{t('inventory.filaments.edit')}</h2>
            <FormErrors id={form.errorId} errors={conflict ?? form.errors} />
            <Form method="post" className="mt-4 space-y-4" {...getFormProps(form)}>
              <input {...getInputProps(fields.version, { type: 'hidden' })} />
              <FilamentFields fields={fields} />
              <Button type="submit" name="intent" value="save" disabled={savePending}>
                {t('common.save')}
              </Button>
            </Form>
            <ArchiveForm
              archived={Boolean(f.archivedAt)}
              version={f.version}
              labels={{ archive: t('inventory.filaments.archive'), restore: t('inventory.filaments.restore'), question: t('inventory.filaments.archiveQuestion') }}
            />
          </Card>
        ) : null}
        <Card>
          <div className="flex items-center justify-between gap-2">
            <h2 className="text-lg font-semibold">{t('inventory.filaments.spools')}</h2>
            {loaded.canWrite && !f.archivedAt ? (
              <Link to={`/inventory/spools/new?filamentId=${f.id}`} className={buttonClass('secondary')}>
                {t('inventory.filaments.addSpool')}
              </Link>
            ) : null}
          </div>
          <DataTable
            className="mt-3"
            rows={loaded.spools}
            rowKey={(s) => s.id}
            columns={[
              {
                header: t('inventory.batch'),
                cell: (s) => (
                  <Link to={`/inventory/spools/${s.id}`} className="flex min-h-touch items-center gap-2 text-blue-800 underline">
                    <Swatch hex={s.colourHex} />
                    {s.batch || t('inventory.noBatch')}
                  </Link>
                ),
              },
              { header: t('inventory.remaining'), numeric: true, cell: (s) => grams(s.remainingMg) },
              { header: t('inventory.status'), cell: (s) => <SpoolStatusBadge status={s.status} /> },
            ]}
          />
        </Card>
      </div>
    </>
  )
}

