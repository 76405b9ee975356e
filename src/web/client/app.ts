/**
 * Progressive enhancements. Every page works without this file; each module only improves an
 * element that declares it with `data-module="name"` (several names may be space-separated).
 * Bundled by scripts/build.mjs to public/app.js.
 */

import './sheet-form';
import './dossier-upload';
import './scan';

type Module = (el: HTMLElement) => void;

// ─── confirm: ask before a destructive submit ───────────────────────────────
// On a button: <button data-module="confirm" data-confirm="Xóa chủ thể này?">
// On a form:   <form data-module="confirm" data-confirm="…"> (a submitter's own data-confirm wins)
const confirmModule: Module = (el) => {
  const ask = (message: string | undefined, event: Event) => {
    if (message && !window.confirm(message)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  };
  if (el instanceof HTMLFormElement) {
    el.addEventListener('submit', (event) => {
      const submitter = (event as SubmitEvent).submitter as HTMLElement | null;
      if (submitter?.dataset.module?.split(/\s+/).includes('confirm')) return; // asked on click
      ask(submitter?.dataset.confirm ?? el.dataset.confirm, event);
    });
  } else {
    el.addEventListener('click', (event) => ask(el.dataset.confirm, event));
  }
};

// ─── autosubmit: a filter select submits its form on change ─────────────────
// On a <select>, or on a form/container (then every select inside it).
const autosubmitModule: Module = (el) => {
  el.addEventListener('change', (event) => {
    const target = event.target;
    if (!(target instanceof HTMLSelectElement)) return;
    const form = target.form;
    if (!form) return;
    if (typeof form.requestSubmit === 'function') form.requestSubmit();
    else form.submit();
  });
};

// ─── file-size: show the chosen file and warn when it is too large ──────────
function formatBytes(bytes: number, locale: string): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  let text: string;
  try {
    text = new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value);
  } catch {
    text = value.toFixed(digits);
  }
  return `${text} ${units[unit]}`;
}

function fill(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, key: string) => params[key] ?? m);
}

const fileSizeModule: Module = (el) => {
  if (!(el instanceof HTMLInputElement) || el.type !== 'file') return;
  const input = el;
  const status = document.getElementById(`${input.id}-status`);
  const field = input.closest('.field');
  const max = Number(input.dataset.maxBytes);
  const locale = document.documentElement.lang || 'vi';
  const update = () => {
    const files = Array.from(input.files ?? []);
    const tooBig = Number.isFinite(max) && max > 0 ? files.find((f) => f.size > max) : undefined;
    if (tooBig) {
      const message = fill(input.dataset.msgTooLarge ?? '{name}: {size} > {max}', {
        name: tooBig.name, size: formatBytes(tooBig.size, locale), max: formatBytes(max, locale),
      });
      input.setCustomValidity(message);
      input.setAttribute('aria-invalid', 'true');
      field?.classList.add('field--error');
      if (status) {
        status.textContent = message;
        status.className = 'file-status file-status--error';
      }
      return;
    }
    input.setCustomValidity('');
    if (!input.classList.contains('input--error')) input.removeAttribute('aria-invalid');
    if (!field?.querySelector('.field-error-message')) field?.classList.remove('field--error');
    if (status) {
      status.className = 'file-status';
      status.textContent = files
        .map((f) => fill(input.dataset.msgSelected ?? '{name} ({size})', { name: f.name, size: formatBytes(f.size, locale) }))
        .join('; ');
    }
  };
  input.addEventListener('change', update);
  if (input.files?.length) update(); // the browser may restore a choice on back/forward
};

// ─── error-summary: focus it on load; links focus their field ───────────────
const errorSummaryModule: Module = (el) => {
  el.focus();
  el.addEventListener('click', (event) => {
    const link = (event.target as Element | null)?.closest?.('a');
    const hash = link?.getAttribute('href');
    if (!hash || !hash.startsWith('#')) return;
    const input = document.getElementById(hash.slice(1));
    if (!input) return;
    event.preventDefault();
    // Scroll the label (or the fieldset legend) into view, then focus without jumping again.
    const anchor = input.closest('fieldset')?.querySelector('legend') ?? document.querySelector(`label[for="${input.id}"]`) ?? input;
    anchor.scrollIntoView();
    (input as HTMLElement).focus({ preventScroll: true });
    history.replaceState(null, '', hash);
  });
};

// ─── phone navigation: below 640 px the back-office menu is a panel behind a button ──
/** Same breakpoint as public/app.css (the phone navigation block). */
const phoneNav = () => window.matchMedia('(max-width: 639.98px)');

// ─── nav-menus: one open menu at a time; Escape or a click elsewhere closes it ──
// On a phone the menus are the unfolded groups of the panel (nav-toggle), so this stays out of it.
const navMenusModule: Module = (el) => {
  const menus = Array.from(el.querySelectorAll<HTMLDetailsElement>('details'));
  const closeAll = (except?: HTMLDetailsElement) => menus.forEach((d) => { if (d !== except) d.open = false; });
  menus.forEach((d) => d.addEventListener('toggle', () => { if (d.open && !phoneNav().matches) closeAll(d); }));
  document.addEventListener('click', (event) => {
    if (!phoneNav().matches && !el.contains(event.target as Node)) closeAll();
  });
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || phoneNav().matches) return;
    const open = menus.find((d) => d.open);
    if (!open) return;
    open.open = false;
    open.querySelector<HTMLElement>('summary')?.focus();
  });
};

// ─── nav-toggle: the phone menu button (<button aria-controls="main-nav" hidden>) ──
// Without script the link beside it opens the panel by its #anchor (CSS :target). With script the
// button replaces the link, opens the panel with every group unfolded, Escape closes it.
const navToggleModule: Module = (el) => {
  const panel = document.getElementById(el.getAttribute('aria-controls') ?? '');
  if (!(el instanceof HTMLButtonElement) || !panel) return;
  const button = el;
  const media = phoneNav();
  const groups = () => Array.from(panel.querySelectorAll<HTMLDetailsElement>('details'));
  const setOpen = (open: boolean) => {
    button.setAttribute('aria-expanded', String(open));
    panel.classList.toggle('nav-open', open);
    groups().forEach((d) => { d.open = open && media.matches; });
  };
  button.parentElement?.querySelectorAll<HTMLAnchorElement>('a.nav-toggle').forEach((a) => { a.hidden = true; });
  button.hidden = false;
  setOpen(location.hash === `#${panel.id}`);
  button.addEventListener('click', () => setOpen(button.getAttribute('aria-expanded') !== 'true'));
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || !media.matches || button.getAttribute('aria-expanded') !== 'true') return;
    setOpen(false);
    button.focus();
  });
  // Turned to landscape or resized past the breakpoint: the bar's menus start closed again.
  media.addEventListener('change', () => setOpen(false));
};

const modules: Record<string, Module> = {
  confirm: confirmModule,
  autosubmit: autosubmitModule,
  'file-size': fileSizeModule,
  'error-summary': errorSummaryModule,
  'nav-menus': navMenusModule,
  'nav-toggle': navToggleModule,
};

export function init(root: ParentNode = document): void {
  root.querySelectorAll<HTMLElement>('[data-module]').forEach((el) => {
    const done = new Set((el.dataset.moduleInit ?? '').split(' ').filter(Boolean));
    for (const name of (el.dataset.module ?? '').split(/\s+/)) {
      const mod = modules[name];
      if (!mod || done.has(name)) continue;
      done.add(name);
      try {
        mod(el);
      } catch (err) {
        // One broken enhancement must not take the others down; the HTML still works.
        console.error(`[ocop] module ${name} failed`, err);
      }
    }
    el.dataset.moduleInit = [...done].join(' ');
  });
}

document.documentElement.classList.add('js');
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => init());
else init();
