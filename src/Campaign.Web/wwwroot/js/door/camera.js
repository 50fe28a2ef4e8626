// The camera: asks for the back camera at 1280x720 (ideal), decodes frames at up to 1280 px with jsQR, and reads
// inverted (light on dark) codes too: frames alternate between normal and inverted, so each costs one pass.

const DECODE_EVERY_MS = 150; // throttled: phones stay cool and the battery lasts the evening
const DECODE_MAX_WIDTH = 1280;

export const CONSTRAINTS = { video: { facingMode: 'environment', width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false };

const invertPixels = data => {
  for (let i = 0; i < data.length; i += 4) {
    data[i] = 255 - data[i];
    data[i + 1] = 255 - data[i + 1];
    data[i + 2] = 255 - data[i + 2];
  }
};

export const createCamera = ({ video, canvas, onCode, onState }) => {
  const context = canvas.getContext('2d', { willReadFrequently: true });
  let stream;
  let timer;
  let on = false;
  let invert = false;

  const decode = () => {
    if (!on) return;
    try {
      decodeFrame();
    } catch (error) {
      console.warn('scanner: a frame could not be decoded', error && error.name);
    }
    timer = setTimeout(decode, DECODE_EVERY_MS);
  };

  const decodeFrame = () => {
    if (video.readyState >= video.HAVE_CURRENT_DATA && video.videoWidth > 0) {
      const scale = Math.min(1, DECODE_MAX_WIDTH / video.videoWidth);
      const width = Math.round(video.videoWidth * scale);
      const height = Math.round(video.videoHeight * scale);
      if (canvas.width !== width) canvas.width = width;
      if (canvas.height !== height) canvas.height = height;
      context.drawImage(video, 0, 0, width, height);
      const image = context.getImageData(0, 0, width, height);
      invert = !invert;
      // jsQR's own 'onlyInvert' reads an inverted image it never made (a TypeError), so every other frame is inverted
      // here and decoded like any frame: one pass each.
      if (invert) invertPixels(image.data);
      const found = window.jsQR(image.data, width, height, { inversionAttempts: 'dontInvert' });
      if (found && found.data) onCode(found.data);
    }
  };

  const off = () => {
    on = false;
    onState(false);
  };

  const start = async () => {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || typeof window.jsQR !== 'function') {
      off();
      return;
    }
    try {
      stream?.getTracks().forEach(t => t.stop());
      stream = await navigator.mediaDevices.getUserMedia(CONSTRAINTS);
      video.srcObject = stream;
      await video.play();
      on = true;
      onState(true);
      performance.mark('scanner:camera-playing');
      clearTimeout(timer);
      decode();
      stream.getVideoTracks()[0]?.addEventListener('ended', off);
    } catch (error) {
      console.warn('scanner: camera failed', error && error.name, error && error.message);
      off();
    }
  };

  return { start, isOn: () => on };
};
