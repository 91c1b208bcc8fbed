// Preload for `node --import ./register-wrtc.mjs ...`.
//
// @thaunknown/simple-peer 10 (used by bittorrent-tracker's Client and by webtorrent) imports
// RTCPeerConnection & co. statically from `webrtc-polyfill` and ignores the `wrtc` option.
// webrtc-polyfill needs node-datachannel's native build, which is not installed here
// (`npm install --ignore-scripts`). This registers a resolution hook that maps the bare
// specifier `webrtc-polyfill` to ./wrtc-shim.mjs, which re-exports @roamhq/wrtc.
import { register } from 'node:module'

register('./wrtc-resolve-hook.mjs', import.meta.url)
