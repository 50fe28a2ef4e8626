// The verdict: colour, words, sound and vibration. It stays until the next verdict replaces it, so the next scan is
// taken at once. The last scans on this phone are listed, in memory only (they hold names).

const RECENT = 10;

export const createVerdict = ({ $, text }) => {
  const panel = $('verdict');
  const recentList = $('recent-list');
  const recent = [];
  let audio;

  const beep = ok => {
    try {
      audio ??= new (window.AudioContext || window.webkitAudioContext)();
      if (audio.state === 'suspended') audio.resume();
      const tones = ok ? [880] : [220, 180];
      tones.forEach((frequency, i) => {
        const osc = audio.createOscillator();
        const gain = audio.createGain();
        osc.type = ok ? 'sine' : 'square';
        osc.frequency.value = frequency;
        gain.gain.value = 0.15;
        osc.connect(gain).connect(audio.destination);
        const start = audio.currentTime + i * 0.18;
        osc.start(start);
        osc.stop(start + (ok ? 0.15 : 0.16));
      });
    } catch {
      // No WebAudio: the colour still tells.
    }
    if (navigator.vibrate) navigator.vibrate(ok ? 80 : [150, 80, 150]);
  };

  const renderRecent = () => {
    recentList.replaceChildren(...recent.map(r => {
      const li = document.createElement('li');
      li.className = 'recent ' + r.kind;
      const time = document.createElement('time');
      time.textContent = r.at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
      const what = document.createElement('span');
      what.textContent = [r.title, r.name].filter(Boolean).join(' · ');
      li.append(time, ' ', what);
      return li;
    }));
  };

  /** kind: ok (green), warn (amber), bad (red); actions: buttons to show with it. */
  const show = (kind, title, name, detail, actions = []) => {
    panel.classList.remove('ok', 'warn', 'bad');
    panel.classList.add(kind);
    panel.dataset.kind = kind;
    $('verdict-title').textContent = title;
    $('verdict-name').textContent = name || '';
    $('verdict-detail').textContent = detail || '';
    $('verdict-actions').replaceChildren(...actions);
    panel.hidden = false;
    performance.mark('scanner:verdict');
    beep(kind === 'ok');
    recent.unshift({ kind, title, name, at: new Date() });
    recent.length = Math.min(recent.length, RECENT);
    renderRecent();
  };

  const clearRecent = () => {
    recent.length = 0;
    renderRecent();
  };

  return { show, clearRecent, text };
};
