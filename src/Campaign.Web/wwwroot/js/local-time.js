// Progressive enhancement: an online screening's time in the viewer's own zone, beside the host's. Without this file
// the page shows the host's zone only, which is always right.
const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

for (const box of document.querySelectorAll('[data-local-time]')) {
  const start = new Date(box.dataset.start);
  const end = new Date(box.dataset.end);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) continue;
  // Same zone as the host: nothing to add.
  if (!viewerZone || viewerZone === box.dataset.hostZone) continue;

  const day = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' });
  const time = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit', timeZoneName: 'short' });
  const sameDay = start.toDateString() === end.toDateString();
  const text = sameDay
    ? `${day.format(start)} – ${time.format(end)}`
    : `${day.format(start)} – ${day.format(end)} (${time.formatToParts(end).find(p => p.type === 'timeZoneName')?.value ?? ''})`;

  const element = box.querySelector('time');
  element.textContent = text;
  element.title = viewerZone;
  if (!box.querySelector('.local-time-label')) {
    const label = document.createElement('span');
    label.className = 'local-time-label';
    label.textContent = `${box.dataset.label} `;
    box.insertBefore(label, element);
  }
  box.hidden = false;
}
