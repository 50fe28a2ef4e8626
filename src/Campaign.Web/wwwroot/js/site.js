// Progressive enhancement only: every page works without this file.

// A new screening's time zone defaults to the browser's own zone.
for (const select of document.querySelectorAll('select[data-default-browser-zone]')) {
  if (select.dataset.defaultBrowserZone !== 'true') continue;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone && [...select.options].some(o => o.value === zone)) {
    select.value = zone;
  }
}

// Venue fields or online link, depending on the choice.
for (const toggle of document.querySelectorAll('input[name="IsOnline"]')) {
  const update = () => {
    const online = document.querySelector('input[name="IsOnline"]:checked')?.value === 'true';
    document.querySelectorAll('[data-place="venue"]').forEach(e => { e.hidden = online; });
    document.querySelectorAll('[data-place="online"]').forEach(e => { e.hidden = !online; });
  };
  toggle.addEventListener('change', update);
  update();
}

// Copy-to-clipboard buttons. The clipboard API exists only in secure contexts (https, localhost); elsewhere, or when
// the browser refuses, the text next to the button is selected so Ctrl+C / long-press copies it.
for (const button of document.querySelectorAll('button[data-copy]')) {
  button.hidden = false;
  const label = button.textContent;
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(button.dataset.copy);
      button.textContent = button.dataset.copied || 'Copied';
      setTimeout(() => { button.textContent = label; }, 2000);
    } catch {
      const shown = button.parentElement?.querySelector('code');
      if (shown) {
        const range = document.createRange();
        range.selectNodeContents(shown);
        const selection = window.getSelection();
        selection?.removeAllRanges();
        selection?.addRange(range);
      }
    }
  });
}

// The site menu is a <details> disclosure and works without this. With it: Escape closes it (focus back on the
// button), and a tap or click outside closes it, as people expect of a menu.
const menu = document.getElementById('site-menu');
if (menu) {
  const button = menu.querySelector('summary');
  document.addEventListener('keydown', event => {
    if (event.key === 'Escape' && menu.open) {
      menu.open = false;
      button?.focus();
    }
  });
  document.addEventListener('click', event => {
    if (menu.open && !menu.contains(event.target)) {
      menu.open = false;
    }
  });
}
