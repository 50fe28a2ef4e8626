// Door scanner: wires the modules in ./door (camera, verdict, queue, package, search, counts). Texts come from the
// page's data-text-* attributes (localized on the server). The page also works as the service worker's offline shell:
// then it knows its door only from the address and the check-in package kept on this phone.
import { createApi, Offline, SCAN_TIMEOUT_MS } from './door/api.js';
import { openStore } from './door/store.js';
import { createPackage } from './door/package.js';
import { createQueue } from './door/queue.js';
import { createVerdict } from './door/verdict.js';
import { createCamera } from './door/camera.js';
import { createSearch } from './door/search.js';
import { createCounts } from './door/counts.js';
import { createWalkIn } from './door/walk-in.js';
import { nonceOf } from './ticket-check.js';

const root = document.getElementById('scanner');
const $ = id => document.getElementById(id);
const text = key => root.dataset['text' + key[0].toUpperCase() + key.slice(1)] || '';
const format = (template, ...values) => values.reduce((s, v, i) => s.replace(`{${i}}`, String(v)), template);

const IGNORE_SAME_CODE_MS = 5000; // the same code in front of the camera is not sent again for a while
const UNDO_MS = 5 * 60 * 1000; // a door link takes back its own admissions for 5 minutes (the server holds it)
const FLUSH_EVERY_MS = 5000;
const CLOSE_CHECK_MS = 30000;
const DAY_MS = 24 * 60 * 60 * 1000;

const path = location.pathname;
const segment = () => decodeURIComponent(path.split('/')[2] || '');
const isDoor = path.startsWith('/door/');
const doorToken = root.dataset.doorToken || (isDoor ? segment() : '');
const undoAny = root.dataset.undo === 'any';
let slug = root.dataset.screening || (path.startsWith('/checkin/') ? segment() : '');
let screeningId = root.dataset.screeningId || '';
let doorName = root.dataset.doorName || null;

const codeInput = $('code-input');
const apiStatus = $('api-status');
const packageStatus = $('package-status');
const queueStatus = $('queue-status');
const timeOf = ms => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

const store = await openStore(path);

if (root.dataset.shell === 'true') {
  // Opened with no network: the service worker gave this page; the door comes from the package kept here.
  const kept = await store.get('package', 'current');
  if (!kept) {
    packageStatus.textContent = text('shellMissing');
    packageStatus.hidden = false;
    throw new Error('No check-in package on this phone for this address.');
  }
  slug = kept.slug;
  screeningId = String(kept.screening);
  doorName = kept.door || null;
  $('scanner-when').textContent = doorName || '';
}

const api = createApi(doorToken);
const verdict = createVerdict({ $, text });
let doorClosed = false;
let offline = false;

const showProblem = answer => {
  if (answer.ok) {
    apiStatus.hidden = true;
    apiStatus.textContent = '';
    return;
  }
  if (answer.status === 401 || answer.status === 403) doorClosed = true;
  apiStatus.textContent = answer.data.error || `HTTP ${answer.status}`;
  apiStatus.hidden = false;
};

const pkg = createPackage({
  api,
  store,
  slug,
  screeningId,
  onForeign: () => {
    packageStatus.textContent = text('packageForeign');
    packageStatus.hidden = false;
    root.dataset.package = 'refused';
  },
});

const showPackageState = () => {
  if (root.dataset.package === 'refused') return;
  const current = pkg.current();
  const old = offline && current && pkg.stale();
  packageStatus.textContent = old ? format(text('packageOld'), timeOf(current.fetchedAt)) : '';
  packageStatus.hidden = !old;
};

const counts = createCounts({ api, slug, $, onRevision: revision => pkg.seen(revision), onProblem: showProblem });

const conflictReason = (outcome, data) => ({
  already_checked_in: () => format(text('conflictAlready'), data.checkedInAtLocal || '', data.door || ''),
  cancelled: () => text('conflictCancelled'),
  wrong_screening: () => text('conflictWrong'),
  door_closed: () => text('conflictClosed'),
  full: () => text('conflictFull'),
  closed: () => text('conflictWalkInClosed'),
  walk_in_invalid: () => data.message || text('conflictInvalid'),
}[outcome] || (() => text('conflictInvalid')))();

// Conflicts hold names: in memory only, gone with the page.
const addConflict = (entry, data) => {
  const li = document.createElement('li');
  li.className = 'conflict';
  li.dataset.outcome = data.outcome;
  const time = document.createElement('time');
  time.textContent = timeOf(Date.parse(entry.scannedAt));
  li.append(time, ' ', [data.name, conflictReason(data.outcome, data)].filter(Boolean).join(' · '));
  $('conflict-list').append(li);
  $('conflicts').hidden = false;
};

const queue = createQueue({
  api,
  store,
  onAnswer: data => counts.show(data.counts),
  onConflict: addConflict,
  onProblem: showProblem,
  onChange: n => {
    queueStatus.textContent = n ? format(text(new Intl.PluralRules(document.documentElement.lang || 'en').select(n) === 'one' ? 'queuedOne' : 'queued'), n) : '';
    queueStatus.hidden = n === 0;
  },
});

const newScanId = () => {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
};

// ---- Verdicts ---------------------------------------------------------------------------------------------------

const titles = {
  admitted: 'admitted',
  already_checked_in: 'already',
  cancelled: 'cancelled',
  wrong_screening: 'wrong',
  invalid: 'invalid',
  undone: 'undone',
};
const kinds = { admitted: 'ok', already_checked_in: 'warn', undone: 'warn' };

let cameraOn = false;
const restoreFocus = () => {
  if (cameraOn) return;
  const active = document.activeElement;
  // Never away from someone typing a name (the search, "Add walk-in"): a camera that fails late would take their keys.
  if (active && active.closest && (active.closest('#search') || active.closest('#walk-in'))) return;
  codeInput.focus({ preventScroll: true });
};

const undo = async (ticket, nonce) => {
  try {
    const answer = await api('/api/checkin/undo', { screening: slug, ticket });
    if (answer.ok) {
      await queue.forget(nonce);
      showResult(answer.data);
    } else {
      verdict.show('bad', text('error'), '', answer.data.error || `HTTP ${answer.status}`);
    }
  } catch (e) {
    if (!(e instanceof Offline)) throw e;
    verdict.show('bad', text('offlineSearch'), '', '');
  }
  if (search.active()) await search.search();
};

const undoButton = (ticket, nonce) => {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'secondary undo';
  button.textContent = text('undo');
  button.addEventListener('click', async () => {
    button.disabled = true;
    await undo(ticket, nonce);
  });
  if (!undoAny) setTimeout(() => button.remove(), UNDO_MS - 5000);
  return button;
};

const showResult = (result, code) => {
  counts.show(result.counts);
  const kind = kinds[result.outcome] || 'bad';
  const title = text(titles[result.outcome] || 'invalid');
  // The name is the headline for a welcome; for the others the server's message carries time and door.
  const detail = result.outcome === 'admitted' ? '' : result.message;
  const nonce = code ? nonceOf(code) : null;
  const actions = result.outcome === 'admitted' && result.ticket ? [undoButton(result.ticket, nonce)] : [];
  if (result.outcome === 'admitted') queue.markSeen(nonce);
  root.dataset.decided = 'online';
  verdict.show(kind, title, result.name, detail, actions);
  restoreFocus();
};

/** No answer in time: decide here with the kept package, and queue what was admitted. */
const decideHere = async request => {
  offline = true;
  const d = await pkg.decide(request.code);
  root.dataset.decided = 'offline';
  showPackageState();
  const detail = text('offline');
  if (d.check === 'invalid') verdict.show('bad', text('invalid'), '', detail);
  else if (d.check === 'wrong') verdict.show('bad', text('wrong'), '', detail);
  else if (d.check === 'revoked') verdict.show('bad', text('revoked'), '', detail);
  else if (queue.wasSeen(d.nonce)) verdict.show('warn', text('alreadyHere'), '', detail);
  else {
    await queue.add({ ...request, nonce: d.nonce });
    await queue.markSeen(d.nonce);
    if (d.check === 'valid') verdict.show('ok', text('admitted'), '', detail);
    else verdict.show('warn', text('unchecked'), '', detail);
  }
  restoreFocus();
};

// The server takes exactly the issued code, ASCII a-z read as A-Z (docs/tickets.md). Here: drop the whitespace and line
// breaks a wedge scanner or a paste adds, take the code out of a pasted ticket link (/t/{code}), and upper-case ASCII
// letters only (toUpperCase would turn U+017F into S, a spelling the server refuses).
const normalize = raw => {
  const clean = raw.replace(/\s+/g, '');
  const link = /\/t\/([A-Za-z2-7]+)(?:[/?#]|$)/.exec(clean);
  return (link ? link[1] : clean).replace(/[a-z]/g, c => c.toUpperCase());
};

const ignoredUntil = new Map();
let inFlight = 0;

const scan = async (raw, fromCamera) => {
  const code = normalize(raw);
  if (!code || (fromCamera && inFlight)) return;
  const now = Date.now();
  if ((ignoredUntil.get(code) || 0) > now) return;
  for (const [c, until] of ignoredUntil) if (until <= now) ignoredUntil.delete(c);
  ignoredUntil.set(code, now + IGNORE_SAME_CODE_MS);
  inFlight++;
  const request = { screening: slug, code, scanId: newScanId(), scannedAt: new Date().toISOString(), door: doorName };
  try {
    const answer = await api('/api/checkin', request, { timeout: SCAN_TIMEOUT_MS });
    showProblem(answer);
    if (answer.ok) {
      offline = false;
      showPackageState();
      showResult(answer.data, code);
    } else if (answer.status >= 500) {
      await decideHere(request);
    } else {
      verdict.show('bad', text('error'), '', answer.data.error || `HTTP ${answer.status}`);
    }
  } catch (e) {
    if (!(e instanceof Offline)) throw e;
    await decideHere(request);
  } finally {
    ignoredUntil.set(code, Date.now() + IGNORE_SAME_CODE_MS);
    inFlight--;
  }
};

// Keyboard-wedge scanners type the code and press Enter; people type or paste it (a ticket link works too).
$('manual-code').addEventListener('submit', event => {
  event.preventDefault();
  const value = codeInput.value;
  codeInput.value = '';
  // A code typed or scanned on purpose is never ignored as a repeat.
  ignoredUntil.delete(normalize(value));
  scan(value, false);
});

// ---- Camera, search -------------------------------------------------------------------------------------------

const camera = createCamera({
  video: $('camera'),
  canvas: $('frame'),
  onCode: data => scan(data, true),
  onState: on => {
    cameraOn = on;
    root.dataset.camera = on ? 'on' : 'off';
    $('camera-status').textContent = on ? '' : text('nocamera');
    $('camera-start').hidden = on;
    restoreFocus();
  },
});
$('camera-start').addEventListener('click', camera.start);

const search = createSearch({
  api,
  slug,
  doorName,
  $,
  text,
  format,
  canUndoAny: undoAny,
  onUndo: ticket => undo(ticket, null),
  onOffline: () => verdict.show('bad', text('offlineSearch'), '', ''),
  onResults: answer => {
    showProblem(answer);
    if (!answer.ok) {
      verdict.show('bad', text('error'), '', answer.data.error || `HTTP ${answer.status}`);
      return;
    }
    const results = answer.data.results;
    const last = results[results.length - 1];
    counts.show(last?.counts);
    const admitted = results.filter(r => r.outcome === 'admitted');
    if (results.length === 1) showResult(results[0]);
    else if (admitted.length) verdict.show('ok', text('admitted'), admitted.map(r => r.name).join(', '), '');
    else showResult(last);
  },
});

createWalkIn({
  api,
  queue,
  verdict,
  counts,
  $,
  text,
  format,
  slug: () => slug,
  doorName: () => doorName,
  newId: newScanId,
  onProblem: showProblem,
  onDecided: where => {
    root.dataset.decided = where;
    if (where === 'offline') {
      offline = true;
      showPackageState();
    }
  },
});

// ---- Sync, refresh, closing -------------------------------------------------------------------------------------

const sync = async () => {
  const before = queue.size();
  await queue.flush();
  if (before && queue.size() < before) await counts.poll();
};

const refresh = async () => {
  try {
    const answer = await pkg.refresh();
    offline = false;
    if (answer.ok) root.dataset.package = 'ready';
    else showProblem(answer);
  } catch (e) {
    if (!(e instanceof Offline)) throw e;
    offline = true;
  }
  showPackageState();
};

/**
 * The screening is over (or cancelled) or this door link was closed: send what is queued first and show the answers,
 * then wipe the queue and package. At the latest a day after the door link expires, everything goes.
 */
const closeIfOver = async () => {
  const current = pkg.current();
  const now = Date.now();
  if (!doorClosed && !(current && (current.cancelled || now > Date.parse(current.endsAt)))) return;
  pkg.stopKeeping();
  await queue.flush();
  const expired = current && now > Date.parse(current.doorExpiresAt) + DAY_MS;
  if (queue.size() === 0 || expired) {
    await store.wipe();
    queue.clearMemory();
    queueStatus.textContent = text('closed');
    queueStatus.hidden = false;
    root.dataset.wiped = 'true';
  } else {
    queueStatus.textContent = format(text('closedWaiting'), queue.size());
    queueStatus.hidden = false;
  }
};

// Earlier versions kept the queue and keys in localStorage: move unsent scans over, then nothing of the door stays there.
const migrateLocalStorage = async () => {
  try {
    for (const key of Object.keys(localStorage)) {
      if (!key.startsWith('campaign.scanner.')) continue;
      if (key === `campaign.scanner.queue.${slug}`) {
        for (const old of JSON.parse(localStorage.getItem(key) || '[]')) await queue.add({ ...old, nonce: nonceOf(old.code || '') });
      }
      localStorage.removeItem(key);
    }
  } catch {
    // No localStorage: nothing to move.
  }
};

const registerWorker = async () => {
  if (!('serviceWorker' in navigator)) return;
  try {
    await navigator.serviceWorker.register('/scanner-sw.js', { scope: isDoor ? '/door/' : '/checkin/' });
    await navigator.serviceWorker.ready;
    root.dataset.offlineReady = 'true';
  } catch {
    // No service worker (plain http on a phone, private mode): the page works while it stays open.
  }
};

await queue.load();
await migrateLocalStorage();
if (await pkg.load()) root.dataset.package = 'ready';
camera.start(); // focuses the text box if there is no camera
refresh().then(sync).then(closeIfOver);
registerWorker();
counts.start();
setInterval(() => sync().then(closeIfOver), FLUSH_EVERY_MS);
setInterval(closeIfOver, CLOSE_CHECK_MS);
window.addEventListener('online', () => {
  offline = false;
  sync().then(refresh).then(counts.poll).then(closeIfOver);
});
window.addEventListener('offline', () => {
  offline = true;
  showPackageState();
});
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') counts.poll();
});
