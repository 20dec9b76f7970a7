import type { LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { Card, PageHeader } from '~/components/ui/layout'
import { requireUser } from '~/utils/auth.server'
import { env } from '~/utils/env.server'
import { useT } from '~/utils/i18n'
import { openApiDocument } from '~/utils/openapi'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

/** The API documentation for people, rendered from the same OpenAPI document the machines read. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request)
  const endpoints = Object.entries(openApiDocument.paths).flatMap(([path, ops]) =>
    (['get', 'post', 'put'] as const).flatMap((method) => {
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
  const e = env()
  return { title: openApiDocument.info.title, version: openApiDocument.info.version, endpoints, mqtt: { on: Boolean(e.MQTT_URL), prefix: e.VIBRATION_MQTT_PREFIX } }
}

const JSON_EXAMPLE = `{"seq": 42, "t0": "2026-12-07T09:30:00.000+09:00", "rateHz": 1360, "values": [0.012, -0.034, 0.051]}`
const TIMES_EXAMPLE = `{"seq": 43, "t0": "2026-12-07T09:30:01.506+09:00", "times": [0, 0.000736, 0.001470], "values": [0.020, -0.011, 0.007]}`

/** Live vibration streams (issue #19 item 4): not HTTP, so not in the OpenAPI document; described here for gateways. */
function MqttSection({ on, prefix }: { on: boolean; prefix: string }) {
  const t = useT()
  const code = 'block overflow-x-auto whitespace-pre rounded bg-slate-100 p-3 font-mono text-sm'
  return (
    <Card className="mt-6">
      <section aria-labelledby="mqtt-streams" data-testid="api-mqtt">
        <h2 id="mqtt-streams" className="text-lg font-semibold">
          {t('api.docs.mqtt.title')}
        </h2>
        <p className="mt-2 text-slate-700">{on ? t('api.docs.mqtt.on') : t('api.docs.mqtt.off')}</p>
        <h3 className="mt-4 font-semibold">{t('api.docs.mqtt.topic')}</h3>
        <code className={code}>{`${prefix}/{machine}/{sensor}`}</code>
        <p className="mt-2 text-sm text-slate-700">{t('api.docs.mqtt.topicHint')}</p>
        <h3 className="mt-4 font-semibold">{t('api.docs.mqtt.payload')}</h3>
        <code className={code}>{JSON_EXAMPLE}</code>
        <p className="mt-2 text-sm text-slate-700">{t('api.docs.mqtt.times')}</p>
        <code className={code}>{TIMES_EXAMPLE}</code>
        <p className="mt-2 text-sm text-slate-700">{t('api.docs.mqtt.binary')}</p>
        <h3 className="mt-4 font-semibold">{t('api.docs.mqtt.rules')}</h3>
        <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-slate-700">
          {(['qos', 'seq', 'gap', 'malformed', 'machines', 'windows'] as const).map((k) => (
            <li key={k}>{t(`api.docs.mqtt.rule.${k}`)}</li>
          ))}
        </ul>
      </section>
    </Card>
  )
}

export default function ApiDocs() {
  const { title, version, endpoints, mqtt } = useLoaderData<typeof loader>()
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
      <MqttSection on={mqtt.on} prefix={mqtt.prefix} />
    </>
  )
}
