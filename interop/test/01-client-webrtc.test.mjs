// Behaviour area: signalling relay. Two bittorrent-tracker 11.x Clients with real WebRTC
// (@roamhq/wrtc) open a data channel through the tracker's offer/answer relay and exchange
// bytes both ways.
import assert from 'node:assert/strict'
import { test } from 'node:test'

import { Session, randomIdHex, useTracker, waitForEvent, waitUntil } from '../harness.mjs'

const h = useTracker()

test('two Clients in one swarm open a WebRTC data channel via the relayed offer/answer and exchange bytes both ways', { timeout: 45_000 }, async t => {
  const s = new Session(h.tracker, t)
  const infoHash = randomIdHex()
  const a = s.client({ infoHash, label: 'A' })
  const b = s.client({ infoHash, label: 'B' })

  const first = await s.start(a)
  assert.equal(first.complete, 0, 'A alone: complete')
  assert.equal(first.incomplete, 1, 'A alone: incomplete')
  assert.equal(first.interval, 120, 'announce reply advertises interval 120 s')

  // B joins: its offers are relayed to A (the only other member); A answers; the answer is
  // relayed back to B. Both emit `peer`, and both peers must reach `connect`.
  const aConnected = waitForEvent(a, 'peer-connected', { timeoutMs: 30_000, label: 'A data channel open' })
  const bConnected = waitForEvent(b, 'peer-connected', { timeoutMs: 30_000, label: 'B data channel open' })
  const second = await s.start(b)
  assert.equal(second.incomplete, 2, 'B joined: incomplete 2')
  const [peerOnA, peerOnB] = await Promise.all([aConnected, bConnected])

  assert.equal(peerOnA.id, b.peerId, 'A sees B\'s peer_id (offer carries the offerer\'s peer_id)')
  assert.equal(peerOnB.id, a.peerId, 'B sees A\'s peer_id (answer carries the answerer\'s peer_id)')

  const fromA = 'hello from A ' + randomIdHex()
  const fromB = 'hello from B ' + randomIdHex()
  const gotOnB = waitForEvent(peerOnB, 'data', { timeoutMs: 10_000, label: 'B receives' })
  const gotOnA = waitForEvent(peerOnA, 'data', { timeoutMs: 10_000, label: 'A receives' })
  peerOnA.write(fromA)
  peerOnB.write(fromB)
  const [onB, onA] = await Promise.all([gotOnB, gotOnA])
  assert.equal(Buffer.from(onB).toString(), fromA, 'bytes A -> B')
  assert.equal(Buffer.from(onA).toString(), fromB, 'bytes B -> A')

  // The relay gave each side exactly one connection to the other.
  await waitUntil(() => a.connectedPeers.size === 1 && b.connectedPeers.size === 1, {
    timeoutMs: 2000, label: 'one connection per side'
  })
  assert.deepEqual(a.errors, [], 'no client errors on A')
  assert.deepEqual(b.errors, [], 'no client errors on B')
})
