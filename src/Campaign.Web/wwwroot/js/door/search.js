// The name search and check-in by button (online only: names never stay on the phone).
import { Offline } from './api.js';

export const createSearch = ({ api, slug, doorName, $, text, format, canUndoAny, onResults, onOffline, onUndo }) => {
  const input = $('search-input');
  const results = $('search-results');
  let serial = 0;

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

  const render = parties => {
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
          if (canUndoAny) li.append(' ', button(text('undo'), 'secondary outline', () => onUndo(ticket.id)));
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
    results.replaceChildren(...items);
  };

  const search = async () => {
    const q = input.value.trim();
    if (!q) {
      results.replaceChildren();
      return;
    }
    const mine = ++serial;
    try {
      const answer = await api(`/api/checkin/${encodeURIComponent(slug)}/guests?q=${encodeURIComponent(q)}`);
      if (mine !== serial) return; // an older answer arriving late
      if (answer.ok) render(answer.data.parties);
    } catch (e) {
      if (!(e instanceof Offline)) throw e;
      const p = document.createElement('p');
      p.className = 'muted';
      p.textContent = text('offlineSearch');
      results.replaceChildren(p);
    }
  };

  const manual = async tickets => {
    try {
      const answer = await api('/api/checkin/manual', { screening: slug, tickets, door: doorName });
      onResults(answer);
    } catch (e) {
      if (!(e instanceof Offline)) throw e;
      onOffline();
    }
    await search();
  };

  let timer;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(search, 300);
  });

  return { search, active: () => input.value.trim().length > 0 };
};
