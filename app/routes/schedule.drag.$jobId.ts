import type { ActionFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import type { DragReply } from '~/domain/scheduling/gantt-drag'
import { isMessageKey } from '~/i18n/registry'
import { getJob } from '~/models/scheduling/job-queries.server'
import { requireUser } from '~/utils/auth.server'
import { getTranslator } from '~/utils/i18n.server'
import { readForm } from '~/utils/request.server'
import { action as jobAction } from './schedule.jobs.$jobId'


/**
 * A drop on the planning board (issue 17, item 2). A thin wrapper around the job page's action with intent `move` —
 * the very action the no-JS Move form posts to, so every check and refusal (overlap, maintenance, calendar, conflict)
 * is the same. What it adds: the job page's answer becomes JSON the board can show without leaving the board (its
 * redirect to the job page becomes `{ ok: true }`, keeping the toast cookie), and when the board has no version for the
 * job the current one is used.
 */
export async function action(args: ActionFunctionArgs) {
  const { request, params } = args
  await requireUser(request, 'schedule:plan')
  const { t } = await getTranslator(request)
  const id = params.jobId ?? ''
  const form = await readForm(request)
  const refuse = (message: string, status = 400) => data<DragReply>({ ok: false, message, suggestion: null }, { status })
  if (form.get('intent') !== 'move') return refuse(t('error.badRequest'))
  if (!form.get('version')) {
    const job = /^[0-9a-f-]{36}$/i.test(id) ? await getJob(id) : null
    if (!job) return refuse(t('schedule.drag.gone'), 404)
    form.set('version', String(job.version))
  }
  const headers = new Headers(request.headers)
  headers.delete('content-type')
  headers.delete('content-length')
  let result: Awaited<ReturnType<typeof jobAction>>
  try {
    result = await jobAction({ ...args, request: new Request(request.url, { method: 'POST', headers, body: form }) })
  } catch (e) {
    if (e instanceof Response && e.status === 404) return refuse(t('schedule.drag.gone'), 404)
    throw e
  }
  if (!('data' in result)) {
    const res = result as Response
    if (res.status < 300 || res.status >= 400) return refuse(t('error.badRequest'), res.status)
    const out = new Headers()
    for (const c of res.headers.getSetCookie()) out.append('Set-Cookie', c)
    return data<DragReply>({ ok: true }, { headers: out })
  }
  const reply = result.data
  const errors = Object.values(reply.error ?? {}).flat().filter((m): m is string => typeof m === 'string')
  const message = errors.map((m) => (isMessageKey(m) ? t(m) : m)).join(' ') || t('error.badRequest')
  const s = reply.suggestion
  return data<DragReply>(
    { ok: false, message, suggestion: s ? { start: s.fields.start ?? '', printerId: s.fields.printerId ?? '', label: s.label } : null },
    { status: result.init?.status ?? 400 },
  )
}
