import type { IncomingMessage, ServerResponse } from 'node:http'

const EXPOSED =
  'Content-Range, Content-Location, Content-Length, Content-Type, ETag, Preference-Applied, X-Supabase-Api-Version, Range-Unit, X-Total-Count, Link, Location'

/** Supabase's gateway answers every origin; pages on other localhost ports must work. */
export function applyCors(req: IncomingMessage, res: ServerResponse): boolean {
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*')
  res.setHeader('Vary', 'Origin')
  res.setHeader('Access-Control-Expose-Headers', EXPOSED)
  if (req.method !== 'OPTIONS') return false
  res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS')
  res.setHeader(
    'Access-Control-Allow-Headers',
    req.headers['access-control-request-headers'] ?? 'authorization, x-client-info, apikey, content-type'
  )
  res.setHeader('Access-Control-Max-Age', '86400')
  res.writeHead(204)
  res.end()
  return true
}
