// "Add walk-in": someone without a ticket (or a phone), by name and party size. Online the server takes the seats and
// admits the party at once; with no answer in time the party is let in here and the walk-in waits in the queue (its
// name stays on the phone only until it is sent), and the server takes the seats when it arrives, or refuses it as a
// conflict if the screening filled meanwhile.
import { Offline, SCAN_TIMEOUT_MS } from './api.js';

const VERDICTS = {
  walk_in_admitted: ['ok', 'walkInAdmitted'],
  full: ['bad', 'walkInFull'],
  closed: ['bad', 'walkInClosed'],
};

export const createWalkIn = ({ api, queue, verdict, counts, $, text, format, slug, doorName, newId, onProblem, onDecided }) => {
  const form = $('walk-in-form');
  const name = $('walk-in-name');
  const party = $('walk-in-party');
  const status = $('walk-in-status');

  const say = message => {
    status.textContent = message;
    status.hidden = !message;
  };

  const onAnswer = data => {
    counts.show(data.counts);
    const [kind, title] = VERDICTS[data.outcome] || ['bad', 'error'];
    onDecided('online');
    verdict.show(kind, text(title), data.name, data.message);
  };

  const onQueued = request => {
    onDecided('offline');
    verdict.show('warn', text('walkInQueued'), request.name, format(text('walkInQueuedDetail'), request.partySize));
  };

  const send = async request => {
    try {
      const answer = await api('/api/checkin/walk-in', request, { timeout: SCAN_TIMEOUT_MS });
      if (answer.ok) {
        onAnswer(answer.data);
        return true;
      }
      if (answer.status === 400) {
        say(answer.data.error || `HTTP ${answer.status}`);
        return false;
      }
      if (answer.status < 500) {
        onProblem(answer);
        say(answer.data.error || `HTTP ${answer.status}`);
        return false;
      }
    } catch (e) {
      if (!(e instanceof Offline)) throw e;
    }
    await queue.add({ kind: 'walk-in', ...request });
    onQueued(request);
    return true;
  };

  form.addEventListener('submit', async event => {
    event.preventDefault();
    const who = name.value.trim();
    if (!who) {
      say(text('walkInName'));
      name.focus();
      return;
    }
    const size = Number.parseInt(party.value || '1', 10);
    const max = Number.parseInt(party.max || '0', 10);
    if (!(size >= 1) || (max && size > max)) {
      say(format(text('walkInParty'), max || 1));
      party.focus();
      return;
    }
    say('');
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      const request = { screening: slug(), name: who, partySize: size, scanId: newId(), scannedAt: new Date().toISOString(), door: doorName() };
      if (await send(request)) {
        form.reset();
        $('walk-in').open = false;
      }
    } finally {
      button.disabled = false;
    }
  });
};
