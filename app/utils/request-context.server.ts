/**
 * Who a request acted as, for the access log (server.mjs). The server gives every request an id in a header only it
 * sets (like the client IP); the app notes the principal under that id when it authenticates; the server takes it when
 * the response ends. (AsyncLocalStorage would do the same, but on Node 20 it puts a hook on every promise.)
 */
export const REQUEST_ID_HEADER = 'x-mes-request-id'

const principals = new Map<string, string>()

/** A user id, or `token:<id>` for an API token — never a password, cookie or token value. */
export function notePrincipal(request: Request, principal: string) {
  const id = request.headers.get(REQUEST_ID_HEADER)
  if (id) principals.set(id, principal)
}

/** server.mjs, once per response (finished or aborted). */
export function takePrincipal(id: string): string | null {
  const p = principals.get(id) ?? null
  principals.delete(id)
  return p
}
