/**
 * Who a request acted as, for the access log (server.mjs). The server gives every request an id in a header only it
 * sets (like the client IP); the app notes the principal under that id when it authenticates; the server takes it when
 * the response ends. (AsyncLocalStorage would do the same, but on Node 20 it puts a hook on every promise.)
 */
const REQUEST_ID_HEADER = 'x-mes-request-id'

const principals = new Map<string, string>()
/** What a GET request computed once for all its loaders (the root's and the page's), dropped with its principal. */
const memos = new Map<string, Map<string, Promise<unknown>>>()

/** A user id, or `token:<id>` for an API token — never a password, cookie or token value. */
export function notePrincipal(request: Request, principal: string) {
  const id = request.headers.get(REQUEST_ID_HEADER)
  if (id) principals.set(id, principal)
}

/**
 * `compute()` once per GET/HEAD request and `key`: the root's loader and the page's run side by side and both ask who is
 * signed in. A request the server did not number (tests calling a loader directly) and any other method — an action
 * may change what is computed — compute every time.
 */
export function oncePerRequest<T>(request: Request, key: string, compute: () => Promise<T>): Promise<T> {
  const id = request.method === 'GET' || request.method === 'HEAD' ? request.headers.get(REQUEST_ID_HEADER) : null
  if (!id) return compute()
  let byKey = memos.get(id)
  if (!byKey) memos.set(id, (byKey = new Map()))
  let value = byKey.get(key) as Promise<T> | undefined
  if (!value) byKey.set(key, (value = compute()))
  return value
}

/** server.mjs, once per response (finished or aborted): the principal for the log; the request's memos are dropped. */
export function takePrincipal(id: string): string | null {
  const p = principals.get(id) ?? null
  principals.delete(id)
  memos.delete(id)
  return p
}
