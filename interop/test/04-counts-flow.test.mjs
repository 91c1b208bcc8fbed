// Behaviour area: seeder/leecher counts as the real Client drives them (docs/protocol.md#j66, the
// flow of bittorrent-tracker's own test/server.js, here with real WebRTC offers), plus the
// `left` and update rules of docs/protocol.md#decisions.
import assert from 'node:assert/strict'
import { test } from 'node:test'

import { Session, divergence, isReference, randomIdHex, sleep, useTracker, waitForEvent, waitUntil, withDeadline } from '../harness.mjs'

const h = useTracker()

function counts (d) {
  return { complete: d.complete, incomplete: d.incomplete }
}

async function announce (s, client, method) {
  const p = s.nextUpdate(client)
  client[method]()
  return counts(await p)
}

test('J66 counts flow: start 0/1, complete 1/0, scrape 1/0 (downloaded numeric), 2nd start 1/1, 3rd start 1/2, stop 2nd 1/1, stop 3rd 1/0', { timeout: 45_000 }, async t => {
  const s = new Session(h.tracker, t)
  const infoHash = randomIdHex()
  // No getAnnounceOpts: the Node Client sends no `left` at all here; both trackers count
  // that as incomplete until `completed`.
  const c1 = s.client({ infoHash, label: 'client1' })
  const c2 = s.client({ infoHash, label: 'client2' })
  const c3 = s.client({ infoHash, label: 'client3' })

  assert.deepEqual(await announce(s, c1, 'start'), { complete: 0, incomplete: 1 }, 'client1 start')
  assert.deepEqual(await announce(s, c1, 'complete'), { complete: 1, incomplete: 0 }, 'client1 complete')

  const scraped = waitForEvent(c1, 'scrape', { timeoutMs: 10_000, label: 'client1 scrape' })
  c1.scrape()
  const sc = await scraped
  assert.equal(sc.infoHash, infoHash)
  assert.deepEqual(counts(sc), { complete: 1, incomplete: 0 }, 'scrape after complete')
  assert.equal(typeof sc.downloaded, 'number', 'scrape downloaded is a number')
  assert.equal(sc.downloaded, 1, 'one completion seen (reference: downloaded = complete = 1)')

  assert.deepEqual(await announce(s, c2, 'start'), { complete: 1, incomplete: 1 }, 'client2 start')
  assert.deepEqual(await announce(s, c3, 'start'), { complete: 1, incomplete: 2 }, 'client3 start')
  // Let the WebRTC signalling settle first: an answer sent *after* a `stopped` is itself an
  // announce, and the reference re-registers the answerer from it (a ghost member); with real
  // WebRTC (bittorrent-tracker's own test mocks it) client2 could still be answering
  // client3's offer when it stops. client3's offers reach client1 and client2.
  await waitUntil(() => c3.connectedPeers.size === 2 && c2.connectedPeers.size >= 2, {
    timeoutMs: 20_000, label: 'client2/client3 WebRTC connections open (all answers sent)'
  })
  // `stopped` gets a reply with the counts after removal (the client emits `update`).
  assert.deepEqual(await announce(s, c2, 'stop'), { complete: 1, incomplete: 1 }, 'client2 stop')
  assert.deepEqual(await announce(s, c3, 'stop'), { complete: 1, incomplete: 0 }, 'client3 stop')

  assert.deepEqual(counts(await s.counts(infoHash)), { complete: 1, incomplete: 0 }, 'final scrape')
  for (const c of [c1, c2, c3]) assert.deepEqual(c.warnings.map(w => w.message), [], `${c.label}: no warnings`)
})

test('a repeated `started` from a member is not counted twice; a repeated `completed` changes nothing (C18, C20)', { timeout: 30_000 }, async t => {
  const s = new Session(h.tracker, t)
  const infoHash = randomIdHex()
  const c1 = s.client({ infoHash })
  const c2 = s.client({ infoHash })
  assert.deepEqual(await announce(s, c1, 'start'), { complete: 0, incomplete: 1 })
  assert.deepEqual(await announce(s, c2, 'start'), { complete: 0, incomplete: 2 })
  assert.deepEqual(await announce(s, c1, 'start'), { complete: 0, incomplete: 2 }, 'started again')
  assert.deepEqual(await announce(s, c1, 'complete'), { complete: 1, incomplete: 1 })
  assert.deepEqual(await announce(s, c1, 'complete'), { complete: 1, incomplete: 1 }, 'completed again')
})

test('an update (no `event`) from a peer the tracker does not know is a join (C15; the Client re-announces this way after a reconnect)', { timeout: 30_000 }, async t => {
  const s = new Session(h.tracker, t)
  const infoHash = randomIdHex()
  const c1 = s.client({ infoHash })
  assert.deepEqual(await announce(s, c1, 'update'), { complete: 0, incomplete: 1 }, 'update as first announce')
  assert.deepEqual(counts(await s.counts(infoHash)), { complete: 0, incomplete: 1 })
})

test(`left:null (webtorrent before it has the metadata) counts as ${isReference ? 'a seeder on the reference (Number(null) = 0)' : 'incomplete (our decision, docs/protocol.md#completeness; the reference counts it as a seeder)'} (C19)`, { timeout: 30_000 }, async t => {
  const s = new Session(h.tracker, t)
  const infoHash = randomIdHex()
  // JSON.stringify keeps `null`: the announce carries "left":null, as webtorrent's magnet leecher sends.
  const c1 = s.client({ infoHash, getAnnounceOpts: () => ({ left: null }) })
  const got = await announce(s, c1, 'start')
  if (isReference) {
    assert.deepEqual(got, { complete: 1, incomplete: 0 }, divergence('', 'left:null counted as complete'))
  } else {
    assert.deepEqual(got, { complete: 0, incomplete: 1 }, divergence('left:null counted as incomplete', ''))
  }
  // `left: 0` later is a completion on both.
  const c2 = s.client({ infoHash, getAnnounceOpts: () => ({ left: 0 }) })
  const after = await announce(s, c2, 'start')
  assert.deepEqual(after, isReference ? { complete: 2, incomplete: 0 } : { complete: 1, incomplete: 1 },
    divergence('left:0 is complete, left:null stays incomplete', 'both counted complete'))
})

test(`an answer sent after \`stopped\` is still relayed, and ${isReference ? 'the reference RE-REGISTERS the stopped answerer (ghost member)' : 'does not re-add the stopped answerer (the reference re-registers it)'} (E33, F39)`, { timeout: 30_000 }, async t => {
  const s = new Session(h.tracker, t)
  const infoHash = randomIdHex()
  const c1 = s.client({ infoHash, label: 'answerer' })
  const c2 = s.client({ infoHash, label: 'offerer' })
  assert.deepEqual(await announce(s, c1, 'start'), { complete: 0, incomplete: 1 })

  // c1 stops the moment it receives c2's offer. The Client answers anyway once ICE gathering
  // is done (~100 ms later), so the tracker sees: c1 `stopped`, then c1's answer.
  const stopReply = new Promise(resolve => c1.once('peer', () => {
    const p = s.nextUpdate(c1)
    c1.stop()
    resolve(p)
  }))
  const answerReached = waitForEvent(c2, 'peer', { timeoutMs: 15_000, label: 'answer relayed to the offerer' })
  c2.start()
  assert.deepEqual(counts(await withDeadline(stopReply, 15_000, 'stop reply')), { complete: 0, incomplete: 1 }, 'reply to c1 `stopped`')
  const peer = await answerReached
  assert.equal(peer.id, c1.peerId, 'the offerer got the answer from c1')

  // Both trackers handle c1's messages in order; give the answer a moment to be processed.
  await sleep(300)
  const c = counts(await s.counts(infoHash))
  if (isReference) {
    assert.deepEqual(c, { complete: 0, incomplete: 2 },
      divergence('', 'the answer is processed as an announce (event update) and re-adds the stopped peer'))
  } else {
    assert.deepEqual(c, { complete: 0, incomplete: 1 },
      divergence('an answer is not a presence announce: a stopped peer stays stopped', ''))
  }
})
