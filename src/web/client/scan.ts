/**
 * "Quét mã QR" on the verification page (src/modules/verify/verify.pages.tsx, `data-module="scan"`).
 * Progressive: the page works without this file (type the code, or send a photo of the QR code
 * to /v/scan, which the server decodes).
 * - Where the browser has BarcodeDetector with QR codes and a camera: the camera button appears;
 *   it films with the rear camera and looks for a QR code a few times a second. Our own address
 *   (/v/…, /san-pham/…, /01/…) is opened; any other text is the code (typed into the box and
 *   checked); another site's address is shown with a warning, never opened.
 * - Elsewhere the photo form stays: choosing a photo sends it at once (scaled down first when
 *   large, so a phone on 3G uploads less).
 * Also: "Sửa mã" links focus the code box with its text selected.
 */
import { scanTarget, verifyPathOf } from '../../domain/scan-target';

interface DetectedBarcode { rawValue: string }
interface BarcodeDetectorLike { detect(source: CanvasImageSource): Promise<DetectedBarcode[]> }
interface BarcodeDetectorClass {
  new (options?: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats?: () => Promise<string[]>;
}

const SCAN_EVERY_MS = 250;
/** Photos larger than this are scaled down before they are sent. */
const PHOTO_SEND_MAX_BYTES = 1_500_000;
const PHOTO_MAX_SIDE = 1600;

async function qrDetector(): Promise<BarcodeDetectorLike | null> {
  const Detector = (window as unknown as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
  if (!Detector || !navigator.mediaDevices?.getUserMedia) return null;
  try {
    const formats = Detector.getSupportedFormats ? await Detector.getSupportedFormats() : ['qr_code'];
    return formats.includes('qr_code') ? new Detector({ formats: ['qr_code'] }) : null;
  } catch {
    return null;
  }
}

/** Open what a QR code says (see scanTarget); false when it must not be followed. */
function follow(text: string): boolean {
  const target = scanTarget(text, [location.host]);
  if (target.kind === 'path') {
    location.assign(target.path);
    return true;
  }
  if (target.kind === 'code') {
    const input = document.getElementById('verify-code') as HTMLInputElement | null;
    if (input) input.value = target.code;
    location.assign(verifyPathOf(target.code));
    return true;
  }
  return false;
}

function startCamera(root: HTMLElement, button: HTMLButtonElement, detector: BarcodeDetectorLike) {
  const live = root.querySelector<HTMLElement>('[data-scan-live]');
  const video = root.querySelector<HTMLVideoElement>('[data-scan-video]');
  const status = root.querySelector<HTMLElement>('[data-scan-status]');
  const label = button.querySelector('span');
  const startText = label?.textContent ?? '';
  let stream: MediaStream | null = null;
  let timer: number | undefined;
  const say = (text: string) => { if (status) status.textContent = text; };
  const stop = () => {
    window.clearTimeout(timer);
    stream?.getTracks().forEach((track) => track.stop());
    stream = null;
    if (video) video.srcObject = null;
    if (live) live.hidden = true;
    if (label) label.textContent = startText;
    button.setAttribute('aria-pressed', 'false');
  };
  const look = async () => {
    if (!stream || !video) return;
    try {
      const codes = video.readyState >= 2 ? await detector.detect(video) : [];
      const found = codes[0];
      if (found?.rawValue) {
        if (follow(found.rawValue)) { stop(); return; }
        say(`${root.dataset.msgForeign ?? ''} ${found.rawValue}`);
        stop();
        if (live) live.hidden = false;
        return;
      }
    } catch {
      // A frame that could not be read: try the next one.
    }
    timer = window.setTimeout(look, SCAN_EVERY_MS);
  };
  button.addEventListener('click', async () => {
    if (stream) { stop(); return; }
    if (live) live.hidden = false;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
    } catch {
      say(root.dataset.msgDenied ?? '');
      root.querySelector<HTMLElement>('[data-scan-photo]')?.removeAttribute('hidden');
      return;
    }
    if (label) label.textContent = root.dataset.msgStop ?? startText;
    button.setAttribute('aria-pressed', 'true');
    say(root.dataset.msgLooking ?? '');
    if (video) {
      video.srcObject = stream;
      await video.play().catch(() => {});
    }
    void look();
  });
  window.addEventListener('pagehide', stop);
}

/** A smaller JPEG of a large photo (null when the browser cannot, or it would not help). */
async function smaller(file: File): Promise<File | null> {
  if (file.size <= PHOTO_SEND_MAX_BYTES || typeof createImageBitmap !== 'function') return null;
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, PHOTO_MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.9));
  return blob && blob.size < file.size ? new File([blob], 'qr.jpg', { type: 'image/jpeg' }) : null;
}

function enhancePhotoForm(form: HTMLFormElement) {
  const input = form.querySelector<HTMLInputElement>('input[type="file"]');
  form.querySelector<HTMLElement>('[data-scan-photo-submit]')?.setAttribute('hidden', '');
  input?.addEventListener('change', async () => {
    const file = input.files?.[0];
    if (!file) return;
    try {
      const small = await smaller(file);
      if (small && typeof DataTransfer === 'function') {
        const dt = new DataTransfer();
        dt.items.add(small);
        input.files = dt.files;
      }
    } catch {
      // Send the photo as it is.
    }
    if (typeof form.requestSubmit === 'function') form.requestSubmit();
    else form.submit();
  });
}

export async function scanModule(root: HTMLElement): Promise<void> {
  document.querySelectorAll<HTMLAnchorElement>('a[href="#verify-code"]').forEach((a) => a.addEventListener('click', (event) => {
    const input = document.getElementById('verify-code') as HTMLInputElement | null;
    if (!input) return;
    event.preventDefault();
    input.scrollIntoView({ block: 'center' });
    input.focus();
    input.select();
  }));
  const photo = root.querySelector<HTMLFormElement>('[data-scan-photo]');
  if (photo) enhancePhotoForm(photo);
  const button = root.querySelector<HTMLButtonElement>('[data-scan-camera]');
  const detector = await qrDetector();
  if (!button || !detector) return;
  button.hidden = false;
  photo?.setAttribute('hidden', '');
  startCamera(root, button, detector);
}

function init() {
  document.querySelectorAll<HTMLElement>('[data-module~="scan"]').forEach((el) => {
    if (el.dataset.scanInit) return;
    el.dataset.scanInit = '1';
    scanModule(el).catch((err) => console.error('[ocop] module scan failed', err));
  });
}

if (typeof document !== 'undefined') {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
}
