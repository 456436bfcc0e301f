/** The push settings' texts, in their own chunk. */
const en = {
  'push.new_messages': 'New messages',
  'push.claim_updates': 'Claim status changes',
  'push.warranty_expiring': 'Warranties about to expire',
  'push.system_alerts': 'System alerts',
  'push.checking': 'Checking this device…',
  'push.denied': 'Notifications are blocked for this site. Allow them in the browser’s site settings, then reload the page.',
  'push.no-key':
    'VAPID key not configured (npm run vapid-keys), so push cannot be turned on. Set VAPID_PUBLIC_KEY in this element’s vapid-key attribute.',
  'push.off': 'Push notifications are off on this device.',
  'push.on': 'Push notifications are on for this device.',
  'push.unsupported': 'This browser does not support push notifications.',
  'push.insecure-context': 'Push notifications need https (or localhost).',
  'push.ios-home-screen-required':
    'On iPhone and iPad, add this console to the Home Screen (Share → Add to Home Screen) and open it from there to turn on notifications.',
  'push.readFailed': 'Could not read this device’s subscription: {error}',
  'push.turningOn': 'Turning on… answer the browser’s prompt if it asks.',
  'push.saving': 'Saving…',
  'push.testing': 'Sending a test notification…',
  'push.testNone': 'Test sent to no device: this subscription is no longer active.',
  'push.testResult': 'Test notification: {results}',
  'push.turningOff': 'Turning off…',
  'push.turnedOff': 'Turned off on this device.',
  'push.title': 'Push notifications',
  'push.enable': 'Enable push on this device',
  'push.legend': 'Notify me about',
  'push.test': 'Send test notification',
  'push.disable': 'Turn off on this device'
}

const frCA: Record<keyof typeof en, string> = {
  'push.new_messages': 'Nouveaux messages',
  'push.claim_updates': 'Changements de statut des réclamations',
  'push.warranty_expiring': 'Garanties sur le point d’expirer',
  'push.system_alerts': 'Alertes système',
  'push.checking': 'Vérification de cet appareil…',
  'push.denied':
    'Les notifications sont bloquées pour ce site. Autorisez-les dans les réglages du site du navigateur, puis rechargez la page.',
  'push.no-key':
    'Clé VAPID non configurée (npm run vapid-keys) : les notifications push ne peuvent pas être activées. Mettez VAPID_PUBLIC_KEY dans l’attribut vapid-key de cet élément.',
  'push.off': 'Les notifications push sont désactivées sur cet appareil.',
  'push.on': 'Les notifications push sont activées sur cet appareil.',
  'push.unsupported': 'Ce navigateur ne prend pas en charge les notifications push.',
  'push.insecure-context': 'Les notifications push exigent https (ou localhost).',
  'push.ios-home-screen-required':
    'Sur iPhone et iPad, ajoutez cette console à l’écran d’accueil (Partager → Sur l’écran d’accueil) et ouvrez-la de là pour activer les notifications.',
  'push.readFailed': 'Impossible de lire l’abonnement de cet appareil : {error}',
  'push.turningOn': 'Activation… répondez à la demande du navigateur s’il y en a une.',
  'push.saving': 'Enregistrement…',
  'push.testing': 'Envoi d’une notification de test…',
  'push.testNone': 'Test envoyé à aucun appareil : cet abonnement n’est plus actif.',
  'push.testResult': 'Notification de test : {results}',
  'push.turningOff': 'Désactivation…',
  'push.turnedOff': 'Désactivées sur cet appareil.',
  'push.title': 'Notifications push',
  'push.enable': 'Activer les notifications push sur cet appareil',
  'push.legend': 'M’aviser pour',
  'push.test': 'Envoyer une notification de test',
  'push.disable': 'Désactiver sur cet appareil'
}

export const PUSH_TEXTS = { en, 'fr-CA': frCA }
