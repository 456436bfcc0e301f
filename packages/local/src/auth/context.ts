import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ServiceContext } from '../http/service.ts'
import type { AuthConfig } from './config.ts'
import type { AuthRateLimits } from './rate-limits.ts'

export interface AuthContext {
  service: ServiceContext
  config: AuthConfig
  limits: AuthRateLimits
}

export type AuthHandler = (
  auth: AuthContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  params: Record<string, string>
) => Promise<void>
