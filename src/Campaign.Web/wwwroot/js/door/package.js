// The check-in package: public keys, revoked nonces and revision, fetched from the server and kept on the phone, so a
// scan with no answer is decided here. A package for another screening is refused.
import { checkCode, importKeys, nonceOf } from '../ticket-check.js';

const STALE_MS = 15 * 60 * 1000;

export const createPackage = ({ api, store, slug, screeningId, onForeign }) => {
  let current = null;
  let keys = null;
  let revoked = new Set();
  let newest = null; // the newest revision the server has named in a verdict or count
  let keeping = true;
  const expected = () => (screeningId || '').replace(/-/g, '').toLowerCase();

  const fits = p => p && typeof p.revision === 'string' && Array.isArray(p.revoked) && Array.isArray(p.keys)
    && String(p.screening).replace(/-/g, '').toLowerCase() === expected() && p.slug === slug;

  const use = async p => {
    keys = await importKeys({ screening: p.screening, keys: p.keys });
    revoked = new Set(p.revoked);
    current = p;
  };

  const refresh = async () => {
    const answer = await api(`/api/checkin/${encodeURIComponent(slug)}/package`);
    if (!answer.ok) return answer;
    if (!fits(answer.data)) {
      onForeign();
      return { ...answer, ok: false };
    }
    const { counts, ...kept } = answer.data;
    const p = { ...kept, fetchedAt: Date.now() };
    await use(p);
    newest = p.revision;
    if (keeping) await store.put('package', 'current', p);
    return answer;
  };

  return {
    /** Reads the kept package; true when there was one for this screening. */
    load: async () => {
      const kept = await store.get('package', 'current');
      if (kept && fits(kept)) {
        await use(kept);
        return true;
      }
      if (kept) {
        onForeign();
        await store.delete('package', 'current');
      }
      return false;
    },
    refresh,
    /** A verdict or count named the server's revision: fetch again when ours is older. */
    seen: async revision => {
      if (!revision) return;
      newest = revision;
      if (!current || current.revision !== revision) {
        try {
          await refresh();
        } catch {
          // Offline again: flagged as old until the next try.
        }
      }
    },
    current: () => current,
    /** True when the kept list is known to be older than the server's, or simply old. */
    stale: () => !!current && ((newest && newest !== current.revision) || Date.now() - current.fetchedAt > STALE_MS),
    stopKeeping: () => {
      keeping = false;
    },
    /** {check: 'valid'|'revoked'|'wrong'|'invalid'|null (cannot tell here), nonce} */
    decide: async code => {
      const check = await checkCode(keys, code);
      const nonce = nonceOf(code);
      if (check === 'valid' && revoked.has(nonce)) return { check: 'revoked', nonce };
      return { check, nonce };
    },
  };
};
