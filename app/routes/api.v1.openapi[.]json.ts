import { openApiDocument } from '~/utils/openapi'

/** GET /api/v1/openapi.json: the OpenAPI 3.0 description of /api/v1 (public: it holds no data). */
export async function loader() {
  return Response.json(openApiDocument, { headers: { 'Cache-Control': 'no-cache' } })
}
