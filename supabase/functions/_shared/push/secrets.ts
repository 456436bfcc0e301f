import { PushError } from './errors.ts'
import type { PushPlatform, PushTarget } from './types.ts'
import type { Vault } from './vault.ts'

/** How a subscription's secrets sit in push_subscriptions: every value sealed by the vault. */
export interface SealedSubscription {
  platform: PushPlatform
  endpoint: string | null
  keys: { sealed?: string } | null
  push_token: string | null
}

export async function sealTarget(
  vault: Vault,
  target: PushTarget,
  owner: string
): Promise<Omit<SealedSubscription, 'platform'> & { token_hash: string }> {
  if (target.platform === 'web') {
    return {
      endpoint: await vault.seal(target.endpoint, owner),
      keys: { sealed: await vault.seal(JSON.stringify(target.keys), owner) },
      push_token: null,
      token_hash: await vault.fingerprint(`web:${target.endpoint}`)
    }
  }
  return {
    endpoint: null,
    keys: null,
    push_token: await vault.seal(target.token, owner),
    token_hash: await vault.fingerprint(`${target.platform}:${target.token}`)
  }
}

export async function openTarget(vault: Vault, row: SealedSubscription, owner: string): Promise<PushTarget> {
  if (row.platform === 'web') {
    if (!row.endpoint || !row.keys?.sealed) throw new PushError('DECRYPT_FAILED', 'web subscription without sealed endpoint/keys')
    const keys = JSON.parse(await vault.open(row.keys.sealed, owner)) as { p256dh: string; auth: string }
    return { platform: 'web', endpoint: await vault.open(row.endpoint, owner), keys }
  }
  if (!row.push_token) throw new PushError('DECRYPT_FAILED', `${row.platform} subscription without a sealed token`)
  return { platform: row.platform, token: await vault.open(row.push_token, owner) }
}
