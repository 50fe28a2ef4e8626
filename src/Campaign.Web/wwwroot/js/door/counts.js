// Live counts from the server (every device, every instance: nothing kept in the server's memory); each answer also
// names the package revision, so a cancellation elsewhere reaches this phone's list within one poll.
import { Offline } from './api.js';

const COUNTS_EVERY_MS = 3000;

export const createCounts = ({ api, slug, $, onRevision, onProblem }) => {
  const show = counts => {
    if (!counts) return;
    $('count-in').textContent = String(counts.in);
    $('count-expected').textContent = String(counts.expected);
    if (counts.revision) onRevision(counts.revision);
  };

  const poll = async () => {
    try {
      const answer = await api(`/api/checkin/${encodeURIComponent(slug)}/counts`);
      onProblem(answer);
      if (answer.ok) show(answer.data);
    } catch (e) {
      if (!(e instanceof Offline)) throw e;
    }
  };

  let timer;
  return {
    show,
    poll,
    start: () => {
      timer = setInterval(poll, COUNTS_EVERY_MS);
    },
    stop: () => clearInterval(timer),
  };
};
