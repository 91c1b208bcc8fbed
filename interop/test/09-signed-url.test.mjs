// Behaviour area: signed announce URLs (the hardening issue's access control). The unmodified
// bittorrent-tracker Client (what WebTorrent and P2P Media Loader use) is given an announce URL
// with ?token=...; it must open its WebSocket with the query string intact, so the player side
// needs no change at all. The token is minted here with node:crypto from the documented format
// (HMAC-SHA256 of "hivecast-v1\n<path>\n<expiry>", base64url), as an operator's backend would.
import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { test } from 'node:test'

import { Session, isReference, randomIdHex, useTracker, waitForEvent } from '../harness.mjs'

const SECRET = 'interop-secret-0123456789abcdef'
const h = useTracker({ args: ['--access.url-secret', SECRET] })

function signedUrl (port, path, lifetimeSeconds = 600) {
  const expiry = Math.floor(Date.now() / 1000) + lifetimeSeconds
  const mac = createHmac('sha256', SECRET).update(`hivecast-v1\n${path.replace(/\/+$/, '')}\n${expiry}`).digest('base64url')
  return `ws://127.0.0.1:${port}${path}?token=${expiry}.${mac}`
}

test('Clients given signed announce URLs keep the query string, are let in and relay WebRTC through the tracker', { timeout: 45_000 }, async t => {
  const s = new Session(h.tracker, t)
  const infoHash = randomIdHex()
  // Two paths, so each Client has its own socket (the Client pools sockets per announce URL).
  // Being let in at all proves the Client sent the query string: the tracker checks the token.
  const a = s.client({ infoHash, url: signedUrl(h.tracker.port, '/live/a'), label: 'A' })
  const b = s.client({ infoHash, url: signedUrl(h.tracker.port, '/live/b'), label: 'B' })

  const first = await s.start(a)
  assert.equal(first.incomplete, 1, 'A is let in')
  const bConnected = waitForEvent(b, 'peer-connected', { timeoutMs: 30_000, label: 'B data channel open' })
  const second = await s.start(b)
  assert.equal(second.incomplete, 2, 'B is let in')
  await bConnected
  assert.deepEqual(a.errors, [], 'no client errors on A')
})

test('a Client whose announce URL has no token gets no reply (our tracker refuses the upgrade with 403)', { timeout: 30_000, skip: isReference && 'the reference has no signed URLs' }, async t => {
  const s = new Session(h.tracker, t)
  const c = s.client({ infoHash: randomIdHex(), url: `ws://127.0.0.1:${h.tracker.port}/live/unsigned`, label: 'unsigned' })
  const warned = waitForEvent(c, 'warning', { timeoutMs: 10_000, label: 'a warning from the refused socket' })
  let replies = 0
  c.on('update', () => { replies++ })
  c.start()
  await warned
  assert.equal(replies, 0, 'no announce reply without a token')
})
