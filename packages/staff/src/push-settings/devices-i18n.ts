/** The other-devices list's texts, in the push settings chunk. */
const en = {
  'push.otherDevices': 'Your other devices',
  'push.noOtherDevices': 'No other device receives your notifications.',
  'push.platform.web': 'Web browser',
  'push.platform.ios': 'iPhone or iPad app',
  'push.platform.android': 'Android app',
  'push.deviceGone': 'no longer reachable',
  'push.lastUsed': 'last notified {date}',
  'push.neverUsed': 'never notified yet',
  'push.remove': 'Remove',
  'push.removeDevice': 'Remove {device}',
  'push.confirmRemove': 'Remove now'
}

const frCA: Record<keyof typeof en, string> = {
  'push.otherDevices': 'Vos autres appareils',
  'push.noOtherDevices': 'Aucun autre appareil ne reçoit vos notifications.',
  'push.platform.web': 'Navigateur Web',
  'push.platform.ios': 'Application iPhone ou iPad',
  'push.platform.android': 'Application Android',
  'push.deviceGone': 'n’est plus joignable',
  'push.lastUsed': 'dernier avis le {date}',
  'push.neverUsed': 'aucun avis reçu encore',
  'push.remove': 'Retirer',
  'push.removeDevice': 'Retirer {device}',
  'push.confirmRemove': 'Retirer maintenant'
}

export const DEVICE_TEXTS = { en, 'fr-CA': frCA }
