// Quick exit (ADR 0024). Without this file "Leave this page quickly" is a plain link (one more history entry). With it
// the page is replaced (location.replace), so Back does not come back here, and Esc pressed twice within a second does
// the same, except while a dialog or the menu is open (there Esc closes that). The explanation under the control is
// shown once: on the first page of a visit, remembered in sessionStorage only (this tab, until it is closed; no cookie,
// nothing sent to the server). "Got it" hides it at once.
const link = document.getElementById('quick-exit-link');
const note = document.getElementById('quick-exit-note');
const seenKey = 'quick-exit-note-seen';

function leave() {
  try { sessionStorage.removeItem(seenKey); } catch { /* storage refused: nothing to remove */ }
  // Blank the page at once: the next site may take a moment to answer.
  document.title = '';
  document.body.hidden = true;
  window.location.replace(link.href);
}

function somethingOpen() {
  return document.querySelector('dialog[open], [aria-modal="true"], details.site-menu[open]') !== null;
}

if (link) {
  link.addEventListener('click', event => {
    // A middle click or a modified click (new tab) is the visitor's own choice: leave it to the browser.
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    leave();
  });

  let lastEscape = -Infinity;
  // Capture: seen before the menu's own handler closes the menu on the same key.
  document.addEventListener('keydown', event => {
    if (event.key !== 'Escape' || event.repeat) return;
    if (somethingOpen()) {
      lastEscape = -Infinity;
      return;
    }
    const now = performance.now();
    if (now - lastEscape <= 1000) {
      event.preventDefault();
      leave();
    } else {
      lastEscape = now;
    }
  }, true);
}

if (note) {
  let seen = false;
  try {
    seen = sessionStorage.getItem(seenKey) === '1';
    sessionStorage.setItem(seenKey, '1');
  } catch { /* no storage: shown on every page, which is the safe side */ }
  note.hidden = seen;
  document.getElementById('quick-exit-note-dismiss')?.addEventListener('click', () => {
    note.hidden = true;
    link?.focus();
  });
}
