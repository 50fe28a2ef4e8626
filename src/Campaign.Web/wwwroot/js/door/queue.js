// Scans decided on the phone wait here (IndexedDB: code, scan id, time, door, nonce; never a name) until the server
// answers them, and so do walk-ins added offline (name and party size: the one name kept on the phone, deleted with the
// entry once the server answered it). An entry is removed only once answered; the server's refusals become conflicts,
// held in memory only.
import { Offline } from './api.js';

export const createQueue = ({ api, store, onAnswer, onConflict, onProblem, onChange }) => {
  let entries = [];
  let seen = new Set();
  let flushing = null;

  const changed = () => onChange(entries.length);

  const sendOne = async entry => {
    const { nonce, kind, ...scan } = entry;
    const walkIn = kind === 'walk-in';
    const answer = await api(walkIn ? '/api/checkin/walk-in' : '/api/checkin', { ...scan, decidedOffline: true }, { timeout: 10000 });
    if (answer.ok) {
      onAnswer(answer.data);
      if (answer.data.outcome !== (walkIn ? 'walk_in_admitted' : 'admitted')) onConflict(entry, answer.data);
      return true;
    }
    if (answer.status === 403 && answer.data.outcome === 'door_closed') {
      onConflict(entry, { outcome: 'door_closed', message: answer.data.error });
      return true;
    }
    if (answer.status === 400) {
      onConflict(entry, { outcome: walkIn ? 'walk_in_invalid' : 'invalid', message: answer.data.error, name: walkIn ? entry.name : undefined });
      return true;
    }
    onProblem(answer); // 401/403/429/5xx: kept, tried again later
    return false;
  };

  const run = async () => {
    try {
      for (const entry of [...entries]) {
        if (!(await sendOne(entry))) break;
        entries = entries.filter(e => e.scanId !== entry.scanId);
        await store.delete('queue', entry.scanId);
        changed();
      }
    } catch (e) {
      if (!(e instanceof Offline)) throw e;
    }
  };

  // One flush at a time; .finally always runs after the assignment, even when there is nothing to send.
  const flush = () => {
    flushing ??= run().finally(() => {
      flushing = null;
    });
    return flushing;
  };

  return {
    load: async () => {
      entries = (await store.values('queue')).sort((a, b) => a.scannedAt.localeCompare(b.scannedAt));
      seen = new Set(await store.keys('seen'));
      changed();
    },
    add: async entry => {
      entries.push(entry);
      await store.put('queue', entry.scanId, entry);
      changed();
    },
    /** Admitted on this phone (online or offline): a second scan here is amber, compared by nonce. */
    markSeen: async nonce => {
      if (!nonce) return;
      seen.add(nonce);
      await store.put('seen', nonce, true);
    },
    forget: async nonce => {
      seen.delete(nonce);
      await store.delete('seen', nonce);
    },
    wasSeen: nonce => !!nonce && seen.has(nonce),
    size: () => entries.length,
    flush,
    clearMemory: () => {
      entries = [];
      seen = new Set();
      changed();
    },
  };
};
