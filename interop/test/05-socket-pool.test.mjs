// Behaviour area: one pooled WebSocket carrying several info_hashes (docs/protocol.md#j67, #a-transport-and-framing/#transport:
// bittorrent-tracker's Client pools sockets per announce URL), and what closing such a
// socket removes (F41, J68).
import assert from 'node:assert/strict'
import { test } from 'node:test'

import { Session, divergence, isReference, randomIdHex, useTracker, waitUntil } from '../harness.mjs'

const h = useTracker()

function counts (d) {
  return { complete: d.complete, incomplete: d.incomplete }
}

test('J67 socket pool: one socket, two info_hashes, same peer_id: two independent replies, each echoing its own info_hash', { timeout: 30_000 }, async t => {
  const s = new Session(h.tracker, t)
  const url = s.url('pool') // the same URL for both: the Client shares one socket
  const peerId = randomIdHex()
  const hash1 = randomIdHex()
  const hash2 = randomIdHex()
  const c1 = s.client({ infoHash: hash1, peerId, url, label: 'pool-1' })
  const c2 = s.client({ infoHash: hash2, peerId, url, label: 'pool-2' })
  assert.equal(c1._trackers[0].socket, c2._trackers[0].socket, 'both Clients use one pooled WebSocket')

  const replies1 = []
  const replies2 = []
  c1.on('update', d => replies1.push(d))
  c2.on('update', d => replies2.push(d))
  c1.start()
  c2.start()
  await waitUntil(() => replies1.length >= 1 && replies2.length >= 1, { timeoutMs: 10_000, label: 'a reply for each info_hash' })

  // The Client drops replies whose info_hash is not its own, so each Client's `update`
  // proves the tracker echoed that info_hash exactly.
  assert.equal(replies1[0].infoHash, hash1, 'reply for info_hash 1 echoes info_hash 1')
  assert.equal(replies2[0].infoHash, hash2, 'reply for info_hash 2 echoes info_hash 2')
  assert.deepEqual(counts(replies1[0]), { complete: 0, incomplete: 1 }, 'swarm 1 counts')
  assert.deepEqual(counts(replies2[0]), { complete: 0, incomplete: 1 }, 'swarm 2 counts')
  assert.equal(replies1.length, 1, 'exactly one reply for info_hash 1')
  assert.equal(replies2.length, 1, 'exactly one reply for info_hash 2')

  const r = await s.scrape([hash1, hash2])
  assert.deepEqual(counts(r[hash1]), { complete: 0, incomplete: 1 })
  assert.deepEqual(counts(r[hash2]), { complete: 0, incomplete: 1 })
  for (const c of [c1, c2]) assert.deepEqual(c.warnings.map(w => w.message), [], `${c.label}: no warnings`)
})

test('closing a pooled socket with the same peer_id in two swarms removes it from both (F41)', { timeout: 30_000 }, async t => {
  const s = new Session(h.tracker, t)
  const url = s.url('pool')
  const peerId = randomIdHex()
  const hash1 = randomIdHex()
  const hash2 = randomIdHex()
  const c1 = s.client({ infoHash: hash1, peerId, url })
  const c2 = s.client({ infoHash: hash2, peerId, url })
  await s.start(c1)
  await s.start(c2)
  // Client.destroy sends no `stopped`: only the socket close tells the tracker.
  await s.destroyClient(c1)
  await s.destroyClient(c2) // last consumer: the socket is closed now
  const gone = await waitUntil(async () => {
    const r = await s.scrape([hash1, hash2])
    return r[hash1].incomplete === 0 && r[hash2].incomplete === 0 && r
  }, { timeoutMs: 10_000, intervalMs: 250, label: 'both memberships removed after close' })
  assert.deepEqual(counts(gone[hash1]), { complete: 0, incomplete: 0 })
  assert.deepEqual(counts(gone[hash2]), { complete: 0, incomplete: 0 })
})

test(`closing a pooled socket with two peer_ids (one per info_hash, as P2P Media Loader while switching quality) removes ${isReference ? 'only the FIRST peer_id on the reference (the second stays as a ghost)' : 'both memberships (our decision, docs/protocol.md#leaving; the reference removes only the first peer_id)'} (F41, J68)`, { timeout: 30_000 }, async t => {
  const s = new Session(h.tracker, t)
  const url = s.url('pool')
  const hash1 = randomIdHex()
  const hash2 = randomIdHex()
  const first = s.client({ infoHash: hash1, url, label: 'first-peer-id' })
  const second = s.client({ infoHash: hash2, url, label: 'second-peer-id' })
  assert.equal(first._trackers[0].socket, second._trackers[0].socket, 'one pooled WebSocket')
  // Sequential, so the first peer_id the tracker sees on this socket is `first`'s.
  assert.deepEqual(counts(await s.start(first)), { complete: 0, incomplete: 1 })
  assert.deepEqual(counts(await s.start(second)), { complete: 0, incomplete: 1 })

  await s.destroyClient(first)
  await s.destroyClient(second) // socket closed, no `stopped` sent

  // The first peer_id goes on both trackers: wait until the close has been processed.
  await waitUntil(async () => (await s.counts(hash1)).incomplete === 0, {
    timeoutMs: 10_000, intervalMs: 250, label: 'first peer_id removed after close'
  })
  if (isReference) {
    // The reference handles a close in one synchronous pass over all the socket's swarms, so
    // once the first peer_id is gone the close has been processed completely.
    const r = await s.counts(hash2)
    assert.deepEqual(counts(r), { complete: 0, incomplete: 1 },
      divergence('', 'the second peer_id of a closed socket stays in its swarm (socket.peerId is only the first peer_id)'))
  } else {
    const r = await waitUntil(async () => {
      const c = await s.counts(hash2)
      return c.incomplete === 0 && c
    }, { timeoutMs: 10_000, intervalMs: 250, label: 'second peer_id removed after close' })
    assert.deepEqual(counts(r), { complete: 0, incomplete: 0 },
      divergence('every (info_hash, peer_id) created through a connection is removed when it closes', ''))
  }
})
