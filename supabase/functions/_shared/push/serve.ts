interface DenoServe {
  serve(handler: (request: Request) => Response | Promise<Response>): unknown
}

/** Deno.serve on Supabase's Edge Runtime (and on the local stack, which runs functions in Deno too). */
export function serve(handler: (request: Request) => Promise<Response>): void {
  const deno = (globalThis as { Deno?: DenoServe }).Deno
  if (!deno) throw new Error('push functions run under Deno.serve (Supabase Edge Runtime or the local functions host)')
  deno.serve(handler)
}
