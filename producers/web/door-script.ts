import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

/**
 * The door page's scripts, inline and allowed by their hashes in the CSP like the other pages' (see
 * inline-assets.ts). The page works without them (search by name and typed codes post forms); with them it
 * scans QR codes, keeps the guest list and a queue of check-ins on the phone (localStorage), and sends the
 * queue whenever it is online, so a flaky connection at the door loses nothing.
 *
 * Scanning uses the browser's BarcodeDetector where there is one, else jsQR (a small pure-JS decoder,
 * bundled inline: the page loads nothing from elsewhere). `window.rsvpDoor.decode(imageData)` and
 * `window.rsvpDoor.scanned(text)` are what the camera loop calls; tests call them too.
 */
export const doorPageScript = `
(() => {
  const root = document.getElementById("door");
  if (!root) return;
  const words = JSON.parse(document.getElementById("door-words").textContent);
  const say = (key, values) => {
    let s = words[key] || key;
    for (const [k, v] of Object.entries(values || {})) s = s.split("{{" + k + "}}").join(String(v));
    return s;
  };
  const eventId = root.dataset.event;
  const listUrl = root.dataset.list;
  const checkInUrl = root.dataset.checkin;
  const listKey = "rsvp-door-list:" + eventId;
  const queueKey = "rsvp-door-queue:" + eventId;
  const $ = (id) => document.getElementById(id);
  const load = (key, fallback) => {
    try { return JSON.parse(localStorage.getItem(key) || "null") || fallback; } catch { return fallback; }
  };
  const store = (key, value) => { try { localStorage.setItem(key, JSON.stringify(value)); } catch {} };
  let list = load(listKey, null);
  let queue = load(queueKey, []);
  const lang = document.documentElement.lang;
  // Day-month order and a 24-hour clock for English too, as everywhere else (i18n/index.ts localeOf).
  const clock = (iso) => new Date(iso).toLocaleTimeString(lang === "de" ? "de-DE" : "en-GB", { hour: "2-digit", minute: "2-digit", timeZone: root.dataset.zone });
  const fold = (s) => s.normalize("NFD").replace(/[\\u0300-\\u036f]/g, "").toLowerCase();

  // ——— what the door shows ———
  const result = $("door-result");
  const show = (tone, text, guest) => {
    result.className = "door-result " + tone;
    result.hidden = false;
    result.replaceChildren();
    const p = document.createElement("p");
    p.className = "door-big";
    p.textContent = text;
    result.append(p);
    if (guest) result.append(guestActions(guest));
    result.focus();
  };
  // The browser may think it is online while nothing gets through (a captive or dead network): a failed
  // request says offline too, until one gets through.
  let unreachable = false;
  const counts = () => {
    if (!list) return;
    let arrived = 0, expected = 0;
    for (const g of list.guests) if (g.state === "coming") { arrived += g.arrived; expected += g.party; }
    $("door-arrived").textContent = say("arrived", { arrived, expected });
    const pending = queue.length;
    const offline = !navigator.onLine || unreachable;
    $("door-sync").textContent = (offline ? say("offline") + " " : "") + (pending ? say(pending === 1 ? "pending_one" : "pending_other", { count: pending }) : say("synced"));
    $("door-sync").className = offline ? "door-offline" : "note";
    if (list.at) $("door-age").textContent = say("listAge", { time: clock(list.at) });
  };
  const guestActions = (g) => {
    const box = document.createElement("div");
    box.className = "door-actions";
    if (g.state !== "coming" || g.arrived >= g.party) return box;
    const all = document.createElement("button");
    all.type = "button";
    all.textContent = say(g.party - g.arrived === 1 && g.party === 1 ? "checkInAll_one" : "checkInAll_other", { count: g.party });
    all.addEventListener("click", () => checkIn(g, g.party, pendingCode));
    box.append(all);
    if (g.party > 1) {
      const label = document.createElement("label");
      label.textContent = say("seatsLabel");
      const select = document.createElement("select");
      for (let n = g.arrived + 1; n <= g.party; n++) {
        const o = document.createElement("option");
        o.value = String(n); o.textContent = String(n);
        select.append(o);
      }
      label.append(select);
      const some = document.createElement("button");
      some.type = "button";
      some.className = "secondary";
      some.textContent = say("checkInSome");
      some.addEventListener("click", () => checkIn(g, Number(select.value), pendingCode));
      box.append(label, some);
    }
    return box;
  };
  const describe = (g) => {
    if (g.state === "cancelled") return show("bad", say("cancelled", { name: g.name }));
    if (g.state !== "coming") return show("bad", say("notAttending", { name: g.name }));
    if (g.arrived >= g.party) return show("warn", say("alreadyName", { name: g.name, time: g.at ? clock(g.at) : "?" }));
    show("ok", g.name + " · " + say(g.party === 1 ? "party_one" : "party_other", { count: g.party }) + (g.arrived ? " · " + say("partyArrived", { arrived: g.arrived, party: g.party }) : ""), g);
  };

  // ——— check-in, queued on the phone and sent when online ———
  const checkIn = (g, seats, code) => {
    g.arrived = Math.max(g.arrived, Math.min(seats, g.party));
    g.at = new Date().toISOString();
    const item = queue.find((q) => q.guestId === g.guestId);
    if (item) item.seats = Math.max(item.seats, g.arrived);
    else queue.push({ guestId: g.guestId, seats: g.arrived, code: code || null });
    store(listKey, list); store(queueKey, queue);
    show("ok", g.arrived >= g.party ? say("welcome", { name: g.name, party: g.party }) : say("welcomeSome", { name: g.name, arrived: g.arrived, party: g.party }), g);
    counts();
    renderSearch();
    sync();
  };
  let syncing = false;
  let revoked = false;
  const sync = async () => {
    if (syncing || revoked || !navigator.onLine) return counts();
    syncing = true;
    try {
      while (queue.length > 0) {
        const item = queue[0];
        const body = item.code ? { code: item.code, seats: item.seats } : { guestId: item.guestId, seats: item.seats };
        const res = await fetch(checkInUrl, { method: "POST", headers: { "content-type": "application/json", accept: "application/json" }, body: JSON.stringify(body) });
        unreachable = false;
        if (res.status >= 500) break;
        // The host revoked this link (or it expired): say so loudly, and keep what waits on this phone.
        if (res.status === 410 || res.status === 404) { revoked = true; show("bad", say("revoked")); break; }
        const answer = await res.json().catch(() => ({}));
        if (answer.result === "invalid") show("bad", say("forged"));
        queue = queue.filter((q) => q !== item);
        store(queueKey, queue);
      }
    } catch {
      // Offline after all: the queue stays, and goes on the next try.
      unreachable = true;
    } finally {
      syncing = false;
      counts();
    }
  };
  const refresh = async () => {
    if (!navigator.onLine) return counts();
    try {
      const res = await fetch(listUrl, { headers: { accept: "application/json" }, cache: "no-store" });
      unreachable = false;
      if (!res.ok) return;
      const fresh = await res.json();
      // What this phone checked in but has not sent yet stays checked in.
      for (const q of queue) {
        const g = fresh.guests.find((x) => x.guestId === q.guestId);
        if (g && g.arrived < q.seats) { g.arrived = q.seats; g.at = g.at || new Date().toISOString(); }
      }
      list = fresh;
      store(listKey, list);
      renderSearch();
    } catch { unreachable = true; } finally { counts(); }
  };

  // ——— codes: scanned, photographed or typed ———
  const scanned = (text) => {
    const value = String(text || "").trim();
    if (!list) return show("bad", say("notOnList"));
    const full = /^C\\.([A-Za-z0-9_-]+)\\.([A-Za-z0-9_-]+)\\.[A-Za-z0-9_-]{18}$/.exec(value);
    if (full) {
      if (full[1] !== eventId) return show("bad", say("otherEvent"));
      const g = list.guests.find((x) => x.guestId === full[2]);
      if (!g) return show("bad", say("notOnList"));
      if (g.state === "coming" && g.party === 1 && g.arrived === 0) return checkIn(g, 1, value);
      pendingCode = value;
      return describe(g);
    }
    const short = value.toUpperCase().replace(/[\\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
    if (/^[0-9A-Z]{8}$/.test(short)) {
      const g = list.guests.find((x) => x.code.replace("-", "") === short);
      if (!g) return show("bad", say("notOnList"));
      return describe(g);
    }
    show("bad", say("notCode"));
  };
  let pendingCode = null;
  const decode = async (image) => {
    if ("BarcodeDetector" in window) {
      try {
        const found = await new window.BarcodeDetector({ formats: ["qr_code"] }).detect(image);
        if (found[0]) return found[0].rawValue;
      } catch {}
    }
    if (typeof window.jsQR !== "function") return null;
    let data = image;
    if (!(image instanceof ImageData)) {
      const canvas = document.createElement("canvas");
      canvas.width = image.videoWidth || image.naturalWidth || image.width;
      canvas.height = image.videoHeight || image.naturalHeight || image.height;
      const ctx = canvas.getContext("2d", { willReadFrequently: true });
      ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
      data = ctx.getImageData(0, 0, canvas.width, canvas.height);
    }
    const code = window.jsQR(data.data, data.width, data.height);
    return code ? code.data : null;
  };
  window.rsvpDoor = { decode, scanned, sync, refresh };

  const video = $("door-video");
  let stream = null;
  const stop = () => {
    if (stream) for (const track of stream.getTracks()) track.stop();
    stream = null;
    video.hidden = true;
    $("door-scan").textContent = say("scan");
  };
  const loop = async () => {
    if (!stream) return;
    if (video.readyState >= 2) {
      const text = await decode(video);
      if (text) { scanned(text); await new Promise((r) => setTimeout(r, 1500)); }
    }
    requestAnimationFrame(loop);
  };
  $("door-scan").addEventListener("click", async () => {
    if (stream) return stop();
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
      video.srcObject = stream;
      video.hidden = false;
      await video.play();
      $("door-scan").textContent = say("stopScan");
      loop();
    } catch {
      stop();
      show("warn", say("noCamera"));
    }
  });
  $("door-file").addEventListener("change", async (e) => {
    const file = e.target.files && e.target.files[0];
    if (!file) return;
    // A data URL, not a blob: one: the page's policy allows images from itself and data: only.
    const url = await new Promise((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result);
      reader.readAsDataURL(file);
    });
    const img = new Image();
    img.src = url;
    await img.decode();
    const text = await decode(img);
    e.target.value = "";
    if (text) scanned(text); else show("bad", say("notCode"));
  });
  $("door-code-form").addEventListener("submit", (e) => {
    e.preventDefault();
    scanned($("door-code").value);
    $("door-code").value = "";
  });

  // ——— search by name ———
  const results = $("door-results");
  const renderSearch = () => {
    const q = fold($("door-q").value.trim());
    results.replaceChildren();
    if (!list || q.length === 0) return;
    const hits = list.guests.filter((g) => fold(g.name).includes(q)).slice(0, 20);
    if (hits.length === 0) {
      const li = document.createElement("li");
      li.textContent = say("noMatch");
      results.append(li);
    }
    for (const g of hits) {
      const li = document.createElement("li");
      const b = document.createElement("button");
      b.type = "button";
      b.className = "secondary door-pick";
      const state = g.state === "cancelled" ? say("cancelled", { name: g.name }) : g.state !== "coming" ? say("notAttending", { name: g.name }) : g.name + " · " + say(g.party === 1 ? "party_one" : "party_other", { count: g.party }) + (g.arrived ? " · " + say("partyArrived", { arrived: g.arrived, party: g.party }) : "");
      b.textContent = state;
      b.addEventListener("click", () => { pendingCode = null; describe(g); });
      li.append(b);
      results.append(li);
    }
  };
  $("door-search").addEventListener("submit", (e) => { e.preventDefault(); renderSearch(); });
  $("door-q").addEventListener("input", renderSearch);

  root.classList.add("door-live");
  // The service worker keeps this page for a reload with no connection (door-worker.ts); its scope is the
  // page's own path. Without one (an old browser, a private window) the page works as long as it stays open.
  if ("serviceWorker" in navigator && root.dataset.worker && root.dataset.scope)
    navigator.serviceWorker.register(root.dataset.worker, { scope: root.dataset.scope }).catch(() => {});
  window.addEventListener("online", () => { sync().then(refresh); });
  window.addEventListener("offline", counts);
  setInterval(() => { sync().then(refresh); }, 10000);
  counts();
  refresh().then(sync);
})();
`;

const cspHash = (source: string) => `'sha256-${createHash("sha256").update(source).digest("base64")}'`;

/** The page's fallback QR decoder: jsQR's browser build, and its hash for the door page's CSP. */
export interface DoorDecoder {
  /** The script; empty when it could not be found (the page then scans only with BarcodeDetector). */
  source: string;
  hash: string;
}

let decoder: Promise<DoorDecoder> | undefined;

/**
 * jsQR's browser build (the `jsqr` package, about 250 KB), read on the first door page and kept: a server that
 * never shows a door page never reads it. A Lambda bundle carries it as a file beside its index.mjs
 * (`door-decoder.js`, copied there when the web function is bundled: stacks/bundle-settings.ts), not inside
 * the bundle, which it would push past the 1 MB target; unbundled it is read from node_modules.
 * Its UMD wrapper sets window.jsQR when there is no module system; `</script` cannot occur in it.
 */
export function doorDecoder(): Promise<DoorDecoder> {
  decoder ??= (async () => {
    const source = await jsQrText();
    const safe = source.includes("</script") ? "" : source;
    return { source: safe, hash: safe ? cspHash(safe) : "" };
  })();
  return decoder;
}

/** The file name of the decoder beside a bundle (stacks/bundle-settings.ts copies it there). */
export const doorDecoderFile = "door-decoder.js";

async function jsQrText(): Promise<string> {
  const places = [
    () => new URL(`./${doorDecoderFile}`, import.meta.url),
    () => createRequire(import.meta.url).resolve("jsqr/dist/jsQR.js"),
  ];
  for (const place of places) {
    try {
      return await readFile(place(), "utf8");
    } catch {
      // Not there: the next place.
    }
  }
  return "";
}

export const doorPageScriptHash = cspHash(doorPageScript);

/** The door page's own styles: the big result, the camera view, the offline banner. */
export const doorStyle = `
.door-result { border-radius: var(--r); padding: 16px; margin: 0 0 16px; border: 3px solid; }
.door-result:focus { outline: 3px solid var(--focus); }
.door-result.ok { background: var(--ok-soft); border-color: var(--ok); color: var(--ok); }
.door-result.warn { background: var(--wait-soft); border-color: var(--wait); color: var(--wait); }
.door-result.bad { background: var(--bad-soft); border-color: var(--bad); color: var(--bad); }
.door-big { font-size: 1.5rem; font-weight: 700; line-height: 1.3; margin: 0 0 8px; }
.door-actions button, .door-actions label { margin-top: 8px; }
.door-actions label { color: var(--text); }
#door-video { display: block; width: 100%; max-height: 60vh; background: #000; border-radius: var(--r); margin: 0 0 12px; object-fit: cover; }
#door-video[hidden] { display: none; }
.door-count { font-size: 1.25rem; font-weight: 700; margin: 0 0 4px; }
.door-offline { background: var(--wait-soft); color: var(--wait); border-radius: 8px; padding: 8px 12px; font-weight: 600; }
.door-list { list-style: none; padding: 0; }
.door-list li { margin: 0 0 8px; }
.door-pick { width: 100%; text-align: left; }
.door-js-only { display: none; }
.door-live .door-js-only { display: block; }
.door-live .door-nojs { display: none; }
`;
export const doorStyleHash = cspHash(doorStyle);
