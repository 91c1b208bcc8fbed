// The self-test's page: a form, the steps as they run, and data-check-result="pass|fail" on
// <body> at the end. It runs on /check, or embedded in the operator's own page (then into
// <div id="hivecast-check">, created if missing) with that site's Origin.
import { announceUrl, el, loadSettings, trackerBase } from "./common.js";
import { runChecks } from "./checks.js";

function form(settings, params, onRun) {
  const token = el("input", { type: "text", id: "check-token", placeholder: "token signed for this path" });
  token.value = params.get("token") ?? "";
  const infoHash = el("input", { type: "text", id: "check-info-hash", placeholder: "40 hex digits; empty = random" });
  infoHash.value = params.get("info_hash") ?? "";
  const run = el("button", { type: "submit" }, "Run again");
  const f = el("form", {},
    el("label", {}, "Token (signed URLs", settings.signedUrls ? " are on: required)" : " are off: leave empty)", token),
    el("label", {}, "info_hash (only if an allowlist refuses others)", infoHash),
    run);
  f.addEventListener("submit", (event) => {
    event.preventDefault();
    onRun(token.value.trim(), infoHash.value.trim());
  });
  return f;
}

function render(list, step) {
  let node = list.querySelector(`[data-step="${step.id}"]`);
  if (!node) {
    node = el("div", { "data-step": step.id });
    list.append(node);
  }
  node.className = `step ${step.status}`;
  node.setAttribute("data-status", step.status);
  node.replaceChildren(el("span", { class: "status" }, step.status), step.title);
  for (const line of step.details ?? []) node.append(el("p", { class: "detail" }, line));
}

async function main() {
  const settings = await loadSettings();
  const params = new URLSearchParams(location.search);
  const embed = document.getElementById("embed");
  if (embed) {
    embed.textContent = `<div id="hivecast-check"></div>\n<script type="module" src="${trackerBase}/pages/check.js"></script>`;
  }
  let root = document.getElementById("hivecast-check");
  if (!root) {
    root = el("div", { id: "hivecast-check" });
    document.body.append(root);
  }
  const list = el("div", { class: "steps" });
  const run = async (token, infoHash) => {
    delete document.body.dataset.checkResult;
    list.replaceChildren();
    const passed = await runChecks({ url: announceUrl(settings), token, infoHash, iceServers: settings.iceServers },
      (step) => render(list, step));
    document.body.dataset.checkResult = passed ? "pass" : "fail";
  };
  root.replaceChildren(form(settings, params, run), list);
  await run(params.get("token") ?? "", params.get("info_hash") ?? "");
}

main();
