// Behaviour area: a peer_id that reconnects on a new socket while its old socket is still
// open (docs/protocol.md#identity, #f42). All sockets here come from 127.0.0.1, i.e. from the
// same client address, so our tracker rebinds the peer_id to the new connection; the
// reference keeps the peer bound to the old socket, and the old socket's close then removes
// the peer although it is alive on the new one.
import assert from 'node:assert/strict'
import { test } from 'node:test'

import { Session, divergence, isReference, randomIdHex, sleep, useTracker, waitUntil } from '../harness.mjs'

const h = useTracker()

function counts (d) {
  return { complete: d.complete, incomplete: d.incomplete }
}

test(`same peer_id on a new socket while the old one is open: ${isReference ? 'the reference keeps the OLD socket (offers go there; its close removes the peer)' : 'rebound to the new socket (offers go there; the old socket\'s close does not remove it)'} (F42)`, { timeout: 45_000 }, async t => {
  const s = new Session(h.tracker, t)
  const infoHash = randomIdHex()
  const peerId = randomIdHex()

  const oldSide = s.client({ infoHash, peerId, label: 'old-socket' })
  assert.deepEqual(counts(await s.start(oldSide)), { complete: 0, incomplete: 1 })
  // The same peer (same peer_id) announces again over a second connection, e.g. after a
  // network change, while the first connection has not been closed yet.
  const newSide = s.client({ infoHash, peerId, label: 'new-socket' })
  assert.deepEqual(counts(await s.start(newSide)), { complete: 0, incomplete: 1 }, 'same peer_id counted once')

  // A third peer joins; its one deliverable offer goes to peerId: over which socket?
  const other = s.client({ infoHash, label: 'other' })
  assert.deepEqual(counts(await s.start(other)), { complete: 0, incomplete: 2 })
  await waitUntil(() => other.connectedPeers.size === 1, { timeoutMs: 15_000, label: 'other connects to peerId' })
  await sleep(300) // let any stray offer arrive on the other socket
  const viaOld = oldSide.peersSeen.length
  const viaNew = newSide.peersSeen.length
  if (isReference) {
    assert.equal(viaOld, 1, divergence('', 'the offer went to the OLD socket (peer.socket is never updated)'))
    assert.equal(viaNew, 0, divergence('', 'nothing on the new socket'))
  } else {
    assert.equal(viaNew, 1, divergence('the offer went to the NEW socket (peer_id rebound)', ''))
    assert.equal(viaOld, 0, divergence('nothing on the old, superseded socket', ''))
  }

  // The old connection closes (no `stopped`).
  await s.destroyClient(oldSide)
  if (isReference) {
    const r = await waitUntil(async () => {
      const c = await s.counts(infoHash)
      return c.incomplete === 1 && c
    }, { timeoutMs: 10_000, intervalMs: 250, label: 'reference: old socket close removes peerId' })
    assert.deepEqual(counts(r), { complete: 0, incomplete: 1 },
      divergence('', 'the old socket\'s close removed the peer although it is alive on the new socket'))
  } else {
    // Our tracker must keep it: check for a while (bounded) that the count does not drop.
    for (let i = 0; i < 6; i++) {
      await sleep(250)
      assert.deepEqual(counts(await s.counts(infoHash)), { complete: 0, incomplete: 2 },
        divergence('the old socket\'s close does not remove the rebound peer_id', ''))
    }
  }
})
