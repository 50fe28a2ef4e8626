// The door's JSON API. A request the server does not answer in time counts as offline, so a Wi-Fi with no uplink
// never hangs the door: the caller decides on the phone instead.

export class Offline extends Error {}

export const SCAN_TIMEOUT_MS = 3000;

/** A function (path, body?, {timeout}) answering {ok, status, data}; throws Offline when no answer came in time. */
export const createApi = doorToken => async (path, body, { timeout = 8000 } = {}) => {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (doorToken) headers['X-Door-Token'] = doorToken;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeout);
  try {
    let response;
    try {
      response = await fetch(path, {
        method: body === undefined ? 'GET' : 'POST',
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
        credentials: 'same-origin',
        signal: controller.signal,
      });
    } catch {
      throw new Offline();
    }
    let data = {};
    try {
      data = await response.json();
    } catch (e) {
      if (controller.signal.aborted) throw new Offline();
      // A proxy's HTML error page: keep the status only.
    }
    return { ok: response.ok, status: response.status, data };
  } finally {
    clearTimeout(timer);
  }
};
