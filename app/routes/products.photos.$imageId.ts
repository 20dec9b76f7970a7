import type { LoaderFunctionArgs } from '@remix-run/node'
import { getImageBytes } from '~/models/products.server'
import { requireUser } from '~/utils/auth.server'
import { imageHeaders } from '~/utils/images.server'

/** Serves a stored photo (product or order) to signed-in users: `?size=thumb` (default) or `?size=display`. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, 'orders:read')
  const size = new URL(request.url).searchParams.get('size') === 'display' ? 'display' : 'thumb'
  const image = await getImageBytes(params.imageId ?? '', size)
  if (!image) throw new Response('Image not found', { status: 404, headers: { 'X-Content-Type-Options': 'nosniff' } })
  return new Response(new Uint8Array(image.bytes), { status: 200, headers: imageHeaders(image.mime, image.bytes.byteLength) })
}
