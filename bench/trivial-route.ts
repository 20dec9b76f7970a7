import { requireUser } from '../app/utils/auth.server'

/**
 * The trivial route benchmarks compare against: the session check and one value, nothing else (what the home page's
 * loader was before it became the dashboard).
 */
export const trivialRoute = {
  async loader({ request }: { request: Request }) {
    const user = await requireUser(request, 'dashboard:read')
    return { name: user.displayName }
  },
}
