import type { IncomingMessage } from 'node:http'

/**
 * The caller's address as Supabase's edge reports it: the socket's peer (nothing the client
 * sends is trusted), as plain IPv4 rather than the IPv4-mapped IPv6 form.
 */
export function clientIp(req: IncomingMessage): string {
  return (req.socket.remoteAddress ?? '').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '')
}
