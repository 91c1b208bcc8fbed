// webtorrent clients for the interop suites: every peer source but the tracker off, and the
// TCP listener it always opens pinned to loopback.
import net from 'node:net'

import WebTorrent from 'webtorrent'

import { RTC_CONFIG, withDeadline } from './harness.mjs'

/**
 * A webtorrent client with every peer source but the tracker off. webtorrent always opens a TCP
 * listener (its ConnPool) on all interfaces without a host option; only loopback may be used, so
 * while the client is constructed, `listen(port[, cb])` calls without a host are pinned to
 * 127.0.0.1.
 */
export function newLoopbackWebTorrent () {
  const original = net.Server.prototype.listen
  net.Server.prototype.listen = function (port, ...rest) {
    if (typeof port === 'number' && (rest.length === 0 || typeof rest[0] === 'function')) {
      return original.call(this, port, '127.0.0.1', ...rest)
    }
    return original.call(this, port, ...rest)
  }
  try {
    return new WebTorrent({
      dht: false,
      lsd: false,
      utPex: false,
      utp: false,
      natUpnp: false,
      natPmp: false,
      webSeeds: false,
      tracker: { rtcConfig: RTC_CONFIG }
    })
  } finally {
    net.Server.prototype.listen = original
  }
}

export function destroyWebTorrent (client) {
  return withDeadline(new Promise(resolve => client.destroy(() => resolve())), 10_000, 'webtorrent destroy')
    .catch(() => {})
}
