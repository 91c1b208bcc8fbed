// Shared by the three pages, and by the self-test when another site embeds it: the tracker's
// address is where this file came from, not the page's.
export const trackerBase = new URL(import.meta.url).origin;

/** The tracker's settings: rendered into its own pages, fetched when embedded elsewhere. */
export async function loadSettings() {
  const inline = document.getElementById("hivecast-settings");
  if (inline) return JSON.parse(inline.textContent);
  const response = await fetch(`${trackerBase}/pages/settings.json`);
  return response.json();
}

/** The announce URL players should use: public-url when configured, else this tracker's address. */
export function announceUrl(settings) {
  return settings.announceUrl || `${trackerBase.replace(/^http/, "ws")}/`;
}

/** A DOM element; text only, never HTML, so nothing a stream URL or a reason holds can run. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
}

/** 20 characters, as the protocol's info_hash and peer_id: random ASCII letters here. */
export function randomId() {
  const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  return Array.from(bytes, (b) => letters[b % letters.length]).join("");
}

/** 40 hex digits as the protocol's 20-character binary string. */
export function hexToBinaryString(hex) {
  let out = "";
  for (let i = 0; i < 40; i += 2) out += String.fromCharCode(parseInt(hex.slice(i, i + 2), 16));
  return out;
}

export function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}
