import { encodeFrame, encodeUserBroadcast, type Frame, type UserBroadcast, userBroadcastAsJson, type Vsn } from './protocol.ts'

/**
 * One server push, encoded at most once per protocol version however many sockets get it:
 * fan-out to hundreds of subscribers must not re-serialize the same payload each time.
 */
export class Outgoing {
  readonly #build: (vsn: Vsn) => string | Buffer | undefined
  readonly #encoded = new Map<Vsn, string | Buffer | undefined>()

  constructor(build: (vsn: Vsn) => string | Buffer | undefined) {
    this.#build = build
  }

  static frame(frame: Frame): Outgoing {
    return new Outgoing((vsn) => encodeFrame(frame, vsn))
  }

  /** A user broadcast: binary kind 4 for vsn 2.0.0, a JSON `broadcast` for vsn 1.0.0. */
  static userBroadcast(topic: string, message: UserBroadcast): Outgoing {
    return new Outgoing((vsn) => {
      if (vsn === '2.0.0') return encodeUserBroadcast(topic, message)
      const payload = userBroadcastAsJson(message)
      return payload && encodeFrame({ joinRef: null, ref: null, topic, event: 'broadcast', payload }, vsn)
    })
  }

  for(vsn: Vsn): string | Buffer | undefined {
    if (!this.#encoded.has(vsn)) this.#encoded.set(vsn, this.#build(vsn))
    return this.#encoded.get(vsn)
  }
}
