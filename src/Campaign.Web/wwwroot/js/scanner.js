// Door scanner: camera (jsQR), keyboard-wedge scanners, name search, live counts and an offline queue.
// Texts come from the page's data-text-* attributes (localized on the server); nothing here is shown in English only.
import { checkCode, importKeys } from './ticket-check.js';

const root = document.getElementById('scanner');

const IGNORE_SAME_CODE_MS = 5000; // after its verdict, the same code in front of the camera is not sent again
const VERDICT_MS = 1800;
const DECODE_EVERY_MS = 120; // throttled: phones stay cool and the battery lasts the evening
const DECODE_MAX_WIDTH = 640;
const COUNTS_EVERY_MS = 3000;
const FLUSH_EVERY_MS = 10000;

const slug = root.dataset.screening;
const doorToken = root.dataset.doorToken || '';
const doorName = root.dataset.doorName || null;
const canUndo = root.dataset.canUndo === 'true';
const text = key => root.dataset['text' + key[0].toUpperCase() + key.slice(1)] || '';
const plural = n => new Intl.PluralRules(document.documentElement.lang || 'en').select(n);
const format = (template, ...values) => values.reduce((s, v, i) => s.replace(`{${i}}`, String(v)), template);

const $ = id => document.getElementById(id);
const video = $('camera');
const canvas = $('frame');
const cameraStatus = $('camera-status');
const cameraButton = $('camera-start');
const verdict = $('verdict');
const codeForm = $('manual-code');
const codeInput = $('code-input');
const searchInput = $('search-input');
const searchResults = $('search-results');
const queueStatus = $('queue-status');
const apiStatus = $('api-status');

// ---- API ------------------------------------------------------------------------------------------------------

class Offline extends Error {}

const headers = json => {
  const h = { Accept: 'application/json' };
  if (json) h['Content-Type'] = 'application/json';
  if (doorToken) h['X-Door-Token'] = doorToken;
  return h;
};

/** Answers {ok, status, data}; throws Offline when the request never reached the server. */
const api = async (path, body) => {
  let response;
  try {
    response = await fetch(path, body === undefined
      ? { headers: headers(false), cache: 'no-store', credentials: 'same-origin' }
      : { method: 'POST', headers: headers(true), body: JSON.stringify(body), cache: 'no-store', credentials: 'same-origin' });
  } catch {
    throw new Offline();
  }
  let data = {};
  try {
    data = await response.json();
  } catch {
    // A proxy's HTML error page: keep the status only.
  }
  return { ok: response.ok, status: response.status, data };
};

/** 401/403 (door link revoked or expired), 429 (too many scans): the server's own words, shown until things work again. */
const showProblem = answer => {
  if (answer.ok) {
    apiStatus.hidden = true;
    apiStatus.textContent = '';
    return;
  }
  apiStatus.textContent = answer.data.error || `HTTP ${answer.status}`;
  apiStatus.hidden = false;
};

const showCounts = counts => {
  if (!counts) return;
  $('count-in').textContent = String(counts.in);
  $('count-expected').textContent = String(counts.expected);
};

const newScanId = () => {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
};

// ---- Verdict: full screen, colour, sound, vibration ---------------------------------------------------------------

let audio;
const beep = ok => {
  try {
    audio ??= new (window.AudioContext || window.webkitAudioContext)();
    if (audio.state === 'suspended') audio.resume();
    const tones = ok ? [880] : [220, 180];
    tones.forEach((frequency, i) => {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.type = ok ? 'sine' : 'square';
      osc.frequency.value = frequency;
      gain.gain.value = 0.15;
      osc.connect(gain).connect(audio.destination);
      const start = audio.currentTime + i * 0.18;
      osc.start(start);
      osc.stop(start + (ok ? 0.15 : 0.16));
    });
  } catch {
    // No WebAudio: the colour still tells.
  }
  if (navigator.vibrate) navigator.vibrate(ok ? 80 : [150, 80, 150]);
};

let verdictTimer;
const hideVerdict = () => {
  clearTimeout(verdictTimer);
  verdict.hidden = true;
  restoreFocus();
};

const undoButton = ticket => {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'secondary undo';
  button.textContent = text('undo');
  button.addEventListener('click', async event => {
    event.stopPropagation();
    button.disabled = true;
    await undo(ticket);
  });
  return button;
};

/** kind: ok (green), warn (amber), bad (red). */
const showVerdict = (kind, title, name, detail, ticket) => {
  clearTimeout(verdictTimer);
  verdict.classList.remove('ok', 'warn', 'bad');
  verdict.classList.add(kind);
  verdict.dataset.kind = kind;
  $('verdict-title').textContent = title;
  $('verdict-name').textContent = name || '';
  $('verdict-detail').textContent = detail || '';
  const actions = $('verdict-actions');
  actions.replaceChildren();
  if (canUndo && kind === 'ok' && ticket) actions.append(undoButton(ticket));
  verdict.hidden = false;
  performance.mark('scanner:verdict');
  beep(kind === 'ok');
  verdictTimer = setTimeout(hideVerdict, actions.childElementCount ? VERDICT_MS * 2 : VERDICT_MS);
};
verdict.addEventListener('click', hideVerdict);

const titles = {
  admitted: () => text('admitted'),
  already_checked_in: () => text('already'),
  cancelled: () => text('cancelled'),
  wrong_screening: () => text('wrong'),
  invalid: () => text('invalid'),
  undone: () => text('undone'),
};
const kinds = { admitted: 'ok', already_checked_in: 'warn', undone: 'warn' };

const showResult = result => {
  showCounts(result.counts);
  const kind = kinds[result.outcome] || 'bad';
  const title = (titles[result.outcome] || titles.invalid)();
  // The name is the headline for a welcome; for the others the server's message carries time and door.
  const detail = result.outcome === 'admitted' ? '' : result.message;
  showVerdict(kind, title, result.name, detail, result.ticket);
};

// ---- Offline queue: scans that could not be sent wait in localStorage, with their scan id ---------------------------

const queueKey = `campaign.scanner.queue.${slug}`;
const readQueue = () => {
  try {
    return JSON.parse(localStorage.getItem(queueKey) || '[]');
  } catch {
    return [];
  }
};
const writeQueue = queue => {
  try {
    if (queue.length) localStorage.setItem(queueKey, JSON.stringify(queue));
    else localStorage.removeItem(queueKey);
  } catch {
    // Storage full or disabled (private mode): the scan stays in memory for this page only.
  }
  memoryQueue = queue;
  queueStatus.textContent = queue.length ? format(text(plural(queue.length) === 'one' ? 'queuedOne' : 'queued'), queue.length) : '';
  queueStatus.hidden = queue.length === 0;
};
let memoryQueue = readQueue();

let flushing = false;
const flush = async () => {
  if (flushing) return;
  flushing = true;
  try {
    let queue = readQueue();
    if (!queue.length && memoryQueue.length) queue = memoryQueue;
    while (queue.length) {
      const scan = queue[0];
      const answer = await api('/api/checkin', scan); // throws Offline: stop, try later
      if (answer.status === 429 || answer.status === 401 || answer.status === 403 || answer.status >= 500) {
        showProblem(answer);
        break;
      }
      // Answered (the server treats this scan id as the scan made earlier) or refused for good (400): done with it.
      if (answer.ok) showCounts(answer.data.counts);
      queue = queue.slice(1);
      writeQueue(queue);
    }
  } catch (e) {
    if (!(e instanceof Offline)) throw e;
  } finally {
    flushing = false;
  }
};

// ---- Offline check of a code's signature: the screening's public keys, kept for offline use (ticket-check.js) -----

const keysKey = `campaign.scanner.keys.${slug}`;
let offlineKeys = null; // { screening: 'hex', keys: Map(kid -> CryptoKey) }

const loadKeys = async () => {
  let json = null;
  try {
    const answer = await api(`/api/checkin/${encodeURIComponent(slug)}/keys`);
    if (answer.ok) {
      json = answer.data;
      try {
        localStorage.setItem(keysKey, JSON.stringify(json));
      } catch {
        // Not kept: this page still has them in memory.
      }
    }
  } catch (e) {
    if (!(e instanceof Offline)) throw e;
  }
  try {
    json ??= JSON.parse(localStorage.getItem(keysKey) || 'null');
    offlineKeys = (await importKeys(json)) ?? offlineKeys;
  } catch {
    // No usable keys: offline scans are saved unchecked.
  }
};

/** 'valid' (genuine, this screening), 'wrong' (genuine, another screening), 'invalid', or null (cannot tell here). */
const checkOffline = code => checkCode(offlineKeys, code);

// ---- Scanning ---------------------------------------------------------------------------------------------------

const ignoredUntil = new Map();
let inFlight = false;

// The server takes exactly the issued code, ASCII a-z read as A-Z (docs/tickets.md). Here: drop the whitespace and line
// breaks a wedge scanner or a paste adds, take the code out of a pasted ticket link (/t/{code}), and upper-case ASCII
// letters only (toUpperCase would turn U+017F into S, a spelling the server refuses).
const normalize = raw => {
  const text = raw.replace(/\s+/g, '');
  const link = /\/t\/([A-Za-z2-7]+)(?:[/?#]|$)/.exec(text);
  return (link ? link[1] : text).replace(/[a-z]/g, c => c.toUpperCase());
};

const scan = async raw => {
  const code = normalize(raw);
  if (!code || inFlight) return;
  const now = Date.now();
  if ((ignoredUntil.get(code) || 0) > now) return;
  for (const [c, until] of ignoredUntil) if (until <= now) ignoredUntil.delete(c);
  inFlight = true;
  const request = { screening: slug, code, scanId: newScanId(), scannedAt: new Date().toISOString(), door: doorName };
  try {
    const answer = await api('/api/checkin', request);
    showProblem(answer);
    if (answer.ok) {
      showResult(answer.data);
    } else {
      showVerdict('bad', text('error'), '', answer.data.error || `HTTP ${answer.status}`);
    }
  } catch (e) {
    if (!(e instanceof Offline)) throw e;
    await offlineVerdict(request);
  } finally {
    ignoredUntil.set(code, Date.now() + IGNORE_SAME_CODE_MS);
    inFlight = false;
  }
};

/** No connection: check the signature here where possible, and keep genuine (or uncheckable) scans for later. */
const offlineVerdict = async request => {
  const check = await checkOffline(request.code);
  const detail = text('offlineChecked');
  if (check === 'invalid') {
    showVerdict('bad', text('invalid'), '', detail);
    return;
  }
  if (check === 'wrong') {
    showVerdict('bad', text('wrong'), '', detail);
    return;
  }
  const queue = readQueue();
  if (queue.some(q => q.code === request.code)) {
    showVerdict('warn', text('already'), '', text('offline'));
    return;
  }
  writeQueue([...queue, request]);
  showVerdict('warn', text('offline'), '', check === 'valid' ? text('offlineValid') : '');
};

// Keyboard-wedge scanners type the code and press Enter; people can type it too.
codeForm.addEventListener('submit', event => {
  event.preventDefault();
  const value = codeInput.value;
  codeInput.value = '';
  // A code typed or scanned on purpose is never ignored as a repeat.
  ignoredUntil.delete(normalize(value));
  scan(value);
});

let cameraOn = false;
const restoreFocus = () => {
  if (cameraOn) return;
  const active = document.activeElement;
  if (active === searchInput || (active && active.closest && active.closest('#search'))) return;
  codeInput.focus({ preventScroll: true });
};

// ---- Camera ------------------------------------------------------------------------------------------------------

const context = canvas.getContext('2d', { willReadFrequently: true });
let stream;
let decodeTimer;

const decodeFrame = () => {
  if (!cameraOn) return;
  if (video.readyState >= video.HAVE_CURRENT_DATA && video.videoWidth > 0 && !inFlight && verdict.hidden) {
    const scale = Math.min(1, DECODE_MAX_WIDTH / video.videoWidth);
    const width = Math.round(video.videoWidth * scale);
    const height = Math.round(video.videoHeight * scale);
    if (canvas.width !== width) canvas.width = width;
    if (canvas.height !== height) canvas.height = height;
    context.drawImage(video, 0, 0, width, height);
    const image = context.getImageData(0, 0, width, height);
    const found = window.jsQR(image.data, width, height, { inversionAttempts: 'dontInvert' });
    if (found && found.data) scan(found.data);
  }
  decodeTimer = setTimeout(decodeFrame, DECODE_EVERY_MS);
};

const noCamera = () => {
  cameraOn = false;
  root.dataset.camera = 'off';
  cameraStatus.textContent = text('nocamera');
  cameraButton.hidden = false;
  restoreFocus();
};

const startCamera = async () => {
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || typeof window.jsQR !== 'function') {
    noCamera();
    return;
  }
  try {
    stream?.getTracks().forEach(t => t.stop());
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
    video.srcObject = stream;
    await video.play();
    cameraOn = true;
    root.dataset.camera = 'on';
    cameraStatus.textContent = '';
    cameraButton.hidden = true;
    performance.mark('scanner:camera-playing');
    clearTimeout(decodeTimer);
    decodeFrame();
    stream.getVideoTracks()[0]?.addEventListener('ended', noCamera);
  } catch {
    noCamera();
  }
};
cameraButton.addEventListener('click', startCamera);

// ---- Name search, manual check-in and undo ---------------------------------------------------------------------

const manual = async tickets => {
  try {
    const answer = await api('/api/checkin/manual', { screening: slug, tickets, door: doorName });
    showProblem(answer);
    if (!answer.ok) {
      showVerdict('bad', text('error'), '', answer.data.error || `HTTP ${answer.status}`);
      return;
    }
    const results = answer.data.results;
    const last = results[results.length - 1];
    showCounts(last?.counts);
    const admitted = results.filter(r => r.outcome === 'admitted');
    if (results.length === 1) showResult(results[0]);
    else if (admitted.length) showVerdict('ok', text('admitted'), admitted.map(r => r.name).join(', '), '');
    else showResult(last);
  } catch (e) {
    if (!(e instanceof Offline)) throw e;
    showVerdict('bad', text('offlineSearch'), '', '');
  }
  await search();
};

const undo = async ticket => {
  try {
    const answer = await api('/api/checkin/undo', { screening: slug, ticket });
    showProblem(answer);
    if (answer.ok) showResult(answer.data);
    else showVerdict('bad', text('error'), '', answer.data.error || `HTTP ${answer.status}`);
  } catch (e) {
    if (!(e instanceof Offline)) throw e;
    showVerdict('bad', text('offlineSearch'), '', '');
  }
  if (searchInput.value.trim()) await search();
};

const button = (label, className, onClick) => {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = className;
  b.textContent = label;
  b.addEventListener('click', async () => {
    b.disabled = true;
    await onClick();
  });
  return b;
};

const renderParties = parties => {
  const items = parties.map(party => {
    const article = document.createElement('article');
    article.className = 'party';
    const heading = document.createElement('h2');
    heading.textContent = party.booker;
    const list = document.createElement('ul');
    for (const ticket of party.tickets) {
      const li = document.createElement('li');
      li.className = ticket.checkedIn ? 'ticket-in' : 'ticket-out';
      const name = document.createElement('span');
      name.className = 'guest-name';
      name.textContent = ticket.name;
      li.append(name, ' ');
      if (ticket.checkedIn) {
        const state = document.createElement('span');
        state.className = 'badge ok';
        state.textContent = format(text('isin'), ticket.checkedInAtLocal || '');
        li.append(state);
        if (canUndo) li.append(' ', button(text('undo'), 'secondary outline', () => undo(ticket.id)));
      } else {
        li.append(button(text('checkin'), 'secondary', () => manual([ticket.id])));
      }
      list.append(li);
    }
    article.append(heading, list);
    const waiting = party.tickets.filter(t => !t.checkedIn).map(t => t.id);
    if (waiting.length > 1) article.append(button(text('party'), '', () => manual(waiting)));
    return article;
  });
  if (!items.length) {
    const none = document.createElement('p');
    none.className = 'muted';
    none.textContent = text('nobody');
    items.push(none);
  }
  searchResults.replaceChildren(...items);
};

let searchSerial = 0;
const search = async () => {
  const q = searchInput.value.trim();
  if (!q) {
    searchResults.replaceChildren();
    return;
  }
  const serial = ++searchSerial;
  try {
    const answer = await api(`/api/checkin/${encodeURIComponent(slug)}/guests?q=${encodeURIComponent(q)}`);
    if (serial !== searchSerial) return; // an older answer arriving late
    showProblem(answer);
    if (answer.ok) renderParties(answer.data.parties);
  } catch (e) {
    if (!(e instanceof Offline)) throw e;
    const p = document.createElement('p');
    p.className = 'muted';
    p.textContent = text('offlineSearch');
    searchResults.replaceChildren(p);
  }
};

let searchTimer;
searchInput.addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(search, 300);
});

// ---- Counts from the server (every device, every instance: nothing kept in the server's memory) -----------------

const pollCounts = async () => {
  try {
    const answer = await api(`/api/checkin/${encodeURIComponent(slug)}/counts`);
    showProblem(answer);
    if (answer.ok) showCounts(answer.data);
  } catch (e) {
    if (!(e instanceof Offline)) throw e;
  }
};

// ---- Start ------------------------------------------------------------------------------------------------------

writeQueue(memoryQueue);
loadKeys();
setInterval(pollCounts, COUNTS_EVERY_MS);
setInterval(flush, FLUSH_EVERY_MS);
window.addEventListener('online', () => {
  flush();
  loadKeys();
  pollCounts();
});
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') pollCounts();
});
flush();
startCamera(); // focuses the text box if there is no camera

