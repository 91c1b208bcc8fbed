import { announceUrl, loadSettings, trackerBase } from "./common.js";

const LIVE_PERIOD_MS = 2000;

function snippets(url, iceServers) {
  const core = `{ announceTrackers: [${JSON.stringify(url)}],\n      rtcConfig: { iceServers: ${JSON.stringify(
    iceServers.map((urls) => ({ urls })))} } }`;
  return {
    hlsjs: `import Hls from "hls.js";
import { HlsJsP2PEngine } from "p2p-media-loader-hlsjs";

const HlsWithP2P = HlsJsP2PEngine.injectMixin(Hls);
const hls = new HlsWithP2P({
  p2p: {
    core: ${core},
    onHlsJsCreated(hls) {
      // Offload figures: bytes by source, batched, one beacon every 5 s at most and one on pagehide.
      const pending = { p2p: 0, http: 0 };
      hls.p2pEngine.addEventListener("onChunkDownloaded", (bytes, source) => { pending[source] += bytes; });
      const send = () => {
        if (!pending.p2p && !pending.http) return;
        navigator.sendBeacon(${JSON.stringify(trackerBase + "/beacon")},
          JSON.stringify({ stream: STREAM_URL.slice(0, 256), p2p: pending.p2p, http: pending.http }));
        pending.p2p = pending.http = 0;
      };
      setInterval(send, 5000);
      addEventListener("pagehide", send);
    },
  },
});
hls.attachMedia(video);
hls.loadSource(STREAM_URL);`,
    shaka: `import shaka from "shaka-player";
import { ShakaP2PEngine } from "p2p-media-loader-shaka";

ShakaP2PEngine.registerPlugins(shaka);
const player = new shaka.Player();
await player.attach(video);
const engine = new ShakaP2PEngine({
  core: ${core},
}, shaka);
engine.bindShakaPlayer(player);
await player.load(STREAM_URL);`,
    webtorrent: `const client = new WebTorrent();
client.add(magnetURI, { announce: [${JSON.stringify(url)}] }, (torrent) => { /* ... */ });`,
  };
}

async function showLive() {
  try {
    const response = await fetch("/pages/live.json", { cache: "no-store" });
    if (response.status === 404) {
      document.getElementById("live").hidden = true;
      document.getElementById("live-off").hidden = false;
      return false;
    }
    const live = await response.json();
    document.getElementById("live-connections").textContent = live.connections;
    document.getElementById("live-swarms").textContent = live.swarms;
    document.getElementById("live-messages").textContent = live.messagesPerSecond;
    document.getElementById("live-nodes").textContent = live.clusterNodes;
    document.body.dataset.liveConnections = live.connections;
  } catch {
    // the next round tries again
  }
  return true;
}

async function main() {
  const settings = await loadSettings();
  const url = announceUrl(settings);
  document.getElementById("announce-url").textContent = url;
  document.getElementById("token-note").hidden = !settings.signedUrls;
  const code = snippets(settings.signedUrls ? `${url}?token=TOKEN` : url, settings.iceServers);
  document.getElementById("snippet-hlsjs").textContent = code.hlsjs;
  document.getElementById("snippet-shaka").textContent = code.shaka;
  document.getElementById("snippet-webtorrent").textContent = code.webtorrent;
  if (await showLive()) {
    const timer = setInterval(async () => { if (!(await showLive())) clearInterval(timer); }, LIVE_PERIOD_MS);
  }
}

main();
