// Behaviour area: a client that dies without a goodbye (SIGKILL: no `stopped`, no close frame;
// the kernel closes its TCP connection) disappears from the counts (docs/protocol.md#f41).
import assert from 'node:assert/strict'
import { test } from 'node:test'

import { Session, divergence, isReference, randomIdHex, useTracker, waitForEvent, waitUntil, withDeadline } from '../harness.mjs'

const h = useTracker()

function counts (d) {
  return { complete: d.complete, incomplete: d.incomplete }
}

test('a Client in a child process, SIGKILLed after joining, disappears from the counts within 10 s; the other member stays', { timeout: 45_000 }, async t => {
  const s = new Session(h.tracker, t)
  const infoHash = randomIdHex()

  // A member that stays, in this process.
  const stayer = s.client({ infoHash, label: 'stayer' })
  assert.deepEqual(counts(await s.start(stayer)), { complete: 0, incomplete: 1 })

  const victimId = randomIdHex()
  const child = s.peerProcess({ infoHash, clients: [{ label: `victim-${process.pid}-${Date.now()}`, peerId: victimId }], lifetimeMs: 40_000 })
  const joined = await withDeadline(waitForEvent(child, 'message', {
    filter: m => m.event === 'update',
    timeoutMs: 20_000,
    label: 'child announce reply'
  }), 21_000, 'child join')
  assert.deepEqual({ complete: joined.complete, incomplete: joined.incomplete }, { complete: 0, incomplete: 2 }, 'child joined')
  // Its offer reached the stayer, which answered: a real peer, mid-session.
  await waitUntil(() => stayer.connectedPeers.size === 1, { timeoutMs: 15_000, label: 'stayer <-> child data channel' })
  assert.deepEqual(counts(await s.counts(infoHash)), { complete: 0, incomplete: 2 }, 'scrape sees both')

  process.kill(child.pid, 'SIGKILL')
  const exit = await withDeadline(child.exited, 5000, 'child exit after SIGKILL')
  assert.equal(exit.signal, 'SIGKILL')

  const killedAt = Date.now()
  // Poll with scrapes from other sockets, bounded: at most 10 s.
  const after = await waitUntil(async () => {
    const c = await s.counts(infoHash)
    return c.incomplete === 1 && c
  }, {
    timeoutMs: 10_000,
    intervalMs: 250,
    label: isReference
      ? divergence('', 'the reference removes socket.peerId when the server-side socket emits close; the child had one peer_id, so it must go')
      : 'the SIGKILLed client removed from the counts'
  })
  t.diagnostic(`removed ${Date.now() - killedAt} ms after SIGKILL`)
  assert.deepEqual(counts(after), { complete: 0, incomplete: 1 }, 'only the stayer is left')

  // The stayer is still a working member: a newcomer's offer reaches it.
  const newcomer = s.client({ infoHash, label: 'newcomer' })
  assert.deepEqual(counts(await s.start(newcomer)), { complete: 0, incomplete: 2 }, 'newcomer joins a swarm of one')
  await waitUntil(() => newcomer.connectedPeers.size === 1, { timeoutMs: 15_000, label: 'newcomer connects to the stayer' })
  const [p] = newcomer.connectedPeers
  assert.equal(p.id, stayer.peerId, 'the newcomer\'s only offer went to the stayer, not to the dead peer')
})
