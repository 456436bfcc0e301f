/** A v4 UUID from the platform's CSPRNG; the server dedupes sends on it. */
export function newClientId(): string {
  return crypto.randomUUID()
}
