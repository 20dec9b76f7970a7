import type { LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { Card, PageHeader } from '~/components/ui/layout'
import { requireUser } from '~/utils/auth.server'
import { useT } from '~/utils/i18n'
import { openApiDocument } from '~/utils/openapi'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

/** The API documentation for people, rendered from the same OpenAPI document the machines read. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request)
  const endpoints = Object.entries(openApiDocument.paths).flatMap(([path, ops]) =>
    (['get', 'post'] as const).flatMap((method) => {
      const op = ops[method]
      if (!op) return []
      return [
        {
          id: op.operationId,
          method: method.toUpperCase(),
          path,
          summary: op.summary,
          description: op.description,
          scope: op.security.flatMap((s) => Object.values(s).flat()).join(', '),
          parameters: (op.parameters ?? []).map((p) => ({ name: p.name, description: p.description, required: !!p.required })),
          bodyTypes: op.requestBody ? Object.keys((op.requestBody as { content: Record<string, unknown> }).content) : [],
          responses: Object.entries(op.responses).map(([status, r]) => ({ status, description: r.description })),
        },
      ]
    }),
  )
  return { title: openApiDocument.info.title, version: openApiDocument.info.version, endpoints }
}

export default function ApiDocs() {
  const { title, version, endpoints } = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <>
      <PageHeader title={t('api.docs.title')} />
      <Card className="mb-6">
        <p className="text-slate-700">
          {title} {version}. {t('api.docs.intro')}{' '}
          <a href="/api/v1/openapi.json" className="font-mono text-blue-800 underline">
            /api/v1/openapi.json
          </a>
        </p>
      </Card>
      <div className="space-y-6">
        {endpoints.map((e) => (
          <Card key={e.id}>
            <section aria-labelledby={`op-${e.id}`} data-testid="api-endpoint">
              <h2 id={`op-${e.id}`} className="font-mono text-lg font-semibold">
                <span className="mr-2 rounded bg-slate-900 px-2 py-0.5 text-sm text-white">{e.method}</span>
                {e.path}
              </h2>
              <p className="mt-1 font-medium">{e.summary}</p>
              <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
                <dt className="text-slate-600">{t('api.docs.description')}</dt>
                <dd>{e.description}</dd>
                <dt className="text-slate-600">{t('tokens.scope')}</dt>
                <dd className="font-mono">{e.scope}</dd>
                {e.bodyTypes.length ? (
                  <>
                    <dt className="text-slate-600">Content-Type</dt>
                    <dd className="font-mono">{e.bodyTypes.join(', ')}</dd>
                  </>
                ) : null}
              </dl>
              {e.parameters.length ? (
                <table className="mt-3 w-full text-left text-sm">
                  <caption className="text-left font-medium">{t('api.docs.parameters')}</caption>
                  <tbody className="divide-y divide-slate-100">
                    {e.parameters.map((p) => (
                      <tr key={p.name}>
                        <td className="py-1 pr-3 font-mono whitespace-nowrap">
                          {p.name}
                          {p.required ? ' *' : ''}
                        </td>
                        <td className="py-1">{p.description}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
              <ul className="mt-3 space-y-0.5 text-sm">
                {e.responses.map((r) => (
                  <li key={r.status}>
                    <span className="font-mono font-semibold">{r.status}</span> {r.description}
                  </li>
                ))}
              </ul>
            </section>
          </Card>
        ))}
      </div>
    </>
  )
}
