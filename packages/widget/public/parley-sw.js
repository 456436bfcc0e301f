/*
 * Parley service worker — host it on the dealer's own origin (e.g. /parley-sw.js).
 *
 * push: shows the notification the push functions sent ({title, body, tag, data}) and tells
 *   open pages about it. Every push shows a notification: browsers require it
 *   (userVisibleOnly) and revoke permission from sites that push silently.
 * notificationclick: focuses a window already on the notification's page (and tells it
 *   which conversation or claim to open), otherwise opens data.url — or, without one, this
 *   worker's scope with ?parley_conversation=<id> / ?parley_claim=<id>.
 * pushsubscriptionchange: resubscribes with the same key and tells open pages to register
 *   the new subscription (the worker has no user session to do it itself).
 *
 * Options as query parameters on the script URL: ?icon=/logo.png&badge=/badge.png
 */
/* eslint-env serviceworker */

const config = new URL(self.location.href).searchParams
const ICON = config.get('icon') || undefined
const BADGE = config.get('badge') || undefined

self.addEventListener('install', () => {
  self.skipWaiting()
})

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim())
})

function readPayload(data) {
  if (!data) return {}
  try {
    const parsed = data.json()
    return parsed && typeof parsed === 'object' ? parsed : {}
  } catch (_) {
    return { body: data.text() }
  }
}

async function broadcast(message) {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true })
  for (const client of windows) client.postMessage(message)
}

self.addEventListener('push', (event) => {
  const payload = readPayload(event.data)
  const data = payload.data && typeof payload.data === 'object' ? payload.data : {}
  // Parley's pushes carry their title; this is for one that does not, in the device's language.
  const fallback = /^fr/i.test(self.navigator?.language || '') ? 'Nouvelle notification' : 'New notification'
  const title = typeof payload.title === 'string' && payload.title ? payload.title : fallback
  const options = {
    body: typeof payload.body === 'string' ? payload.body : '',
    data,
    icon: ICON,
    badge: BADGE,
    timestamp: Date.now()
  }
  if (typeof payload.tag === 'string' && payload.tag) {
    // Same conversation or claim: replace the previous notification, but still alert.
    options.tag = payload.tag
    options.renotify = true
  }
  event.waitUntil(
    Promise.all([
      self.registration.showNotification(title, options),
      broadcast({ type: 'parley:push', payload: { title, body: options.body, data } })
    ])
  )
})

function targetUrl(data) {
  if (typeof data.url === 'string' && data.url) {
    try {
      return new URL(data.url, self.registration.scope)
    } catch (_) {
      // Fall through to the scope.
    }
  }
  const url = new URL(self.registration.scope)
  if (typeof data.conversation_id === 'string') url.searchParams.set('parley_conversation', data.conversation_id)
  else if (typeof data.claim_id === 'string') url.searchParams.set('parley_claim', data.claim_id)
  return url
}

function samePage(clientUrl, target) {
  try {
    const url = new URL(clientUrl)
    return url.origin === target.origin && url.pathname === target.pathname
  } catch (_) {
    return false
  }
}

async function openTarget(data) {
  const target = targetUrl(data)
  const message = { type: 'parley:notificationclick', data }
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true })
  const exact = windows.find((client) => client.url === target.href)
  const page = exact || windows.find((client) => samePage(client.url, target))
  if (page) {
    const focused = await page.focus()
    ;(focused || page).postMessage(message)
    return
  }
  const opened = await self.clients.openWindow(target.href)
  if (opened) opened.postMessage(message)
}

self.addEventListener('notificationclick', (event) => {
  event.notification.close()
  event.waitUntil(openTarget(event.notification.data || {}))
})

function keyOf(subscription, name) {
  const key = subscription.getKey(name)
  if (!key) return ''
  let binary = ''
  for (const byte of new Uint8Array(key)) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

self.addEventListener('pushsubscriptionchange', (event) => {
  event.waitUntil(
    (async () => {
      let subscription = event.newSubscription || null
      const applicationServerKey = event.oldSubscription?.options?.applicationServerKey
      if (!subscription && applicationServerKey) {
        subscription = await self.registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey }).catch(() => null)
      }
      await broadcast({
        type: 'parley:pushsubscriptionchange',
        subscription: subscription
          ? { endpoint: subscription.endpoint, keys: { p256dh: keyOf(subscription, 'p256dh'), auth: keyOf(subscription, 'auth') } }
          : null
      })
    })()
  )
})
