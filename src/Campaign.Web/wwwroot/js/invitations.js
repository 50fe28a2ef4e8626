// Invite page: while invitations wait in the outbox, poll their status and update the counts and each row's state.
// Without this file the page still shows the state as of loading it.
const section = document.querySelector('[data-invitation-status]');

const render = status => {
  const progress = section.querySelector('[data-progress]');
  if (progress) progress.textContent = status.summary;
  for (const key of ['queued', 'sent', 'failed', 'accepted', 'declined']) {
    const count = section.querySelector(`[data-count="${key}"]`);
    if (count) count.textContent = String(status[key]);
  }
  for (const item of status.invitations) {
    const cell = section.querySelector(`tr[data-invitation-id="${item.id}"] [data-state]`);
    if (cell) cell.textContent = item.failureReason ? `${item.stateText}: ${item.failureReason}` : item.stateText;
  }
};

const poll = async () => {
  let delay = 3000;
  try {
    const response = await fetch(section.dataset.invitationStatus, { headers: { Accept: 'application/json' }, cache: 'no-store' });
    if (!response.ok) return; // Signed out or gone: stop quietly.
    const status = await response.json();
    render(status);
    if (status.queued === 0) return;
  } catch {
    delay = 15000; // Offline for a moment: try again later.
  }
  setTimeout(poll, delay);
};

if (section && Number(section.dataset.queued) > 0) {
  setTimeout(poll, 2000);
}
