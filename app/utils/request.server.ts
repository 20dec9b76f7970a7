/** The header the HTTP server sets (overwriting anything a client sent) with the peer's address. */
export const CLIENT_IP_HEADER = 'x-mes-client-ip'

export function clientIp(request: Request): string {
  return request.headers.get(CLIENT_IP_HEADER) ?? 'unknown'
}

/** Reads a form body; a malformed body is the client's error (400), never a 500. */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData()
  } catch {
    throw new Response('Malformed form data', { status: 400 })
  }
}
