import type { ComponentChildren } from 'preact';
import { useUiText } from './ui-locale';

/**
 * Form building blocks, GOV.UK style: label → hint → error → control, one column.
 * Every control gets `id="field-<name>"` (dots and other non-id characters become '-'),
 * so `ErrorSummary` links land on it. Errors are announced with a visually hidden "Lỗi:" prefix
 * and tied to the control with `aria-describedby` + `aria-invalid`.
 */

/** The id a field named `name` renders with (`address.province` → `field-address-province`). */
export function fieldId(name: string): string {
  return `field-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

function describedBy(...ids: (string | false | undefined | null)[]): string | undefined {
  const list = ids.filter((x): x is string => typeof x === 'string' && x.length > 0);
  return list.length ? list.join(' ') : undefined;
}

type Width = 'xs' | 'sm' | 'md' | 'lg';

// ─── Hidden fields ──────────────────────────────────────────────────────────

export function CsrfField({ token }: { token: string | null }) {
  if (!token) return null;
  return <input type="hidden" name="_csrf" value={token} />;
}

// ─── Error summary ──────────────────────────────────────────────────────────

export interface ErrorSummaryProps {
  /** Field name → message, as returned by validation. */
  errors: Record<string, string>;
  /** Field name → label, to prefix each message ("Mã số thuế: …"). */
  labels?: Record<string, string>;
  title: string;
  /** Move focus to the summary when the page loads (needs the client script). Default true. */
  focusOnLoad?: boolean;
}

export function ErrorSummary({ errors, labels, title, focusOnLoad = true }: ErrorSummaryProps) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div
      class="error-summary"
      role="alert"
      tabIndex={-1}
      data-module={focusOnLoad ? 'error-summary' : undefined}
    >
      <h2 class="error-summary-title">{title}</h2>
      <ul class="error-summary-list">
        {entries.map(([name, message]) => (
          <li key={name}>
            <a href={`#${fieldId(name)}`}>
              {labels?.[name] ? `${labels[name]}: ${message}` : message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

// ─── Field shell (label, hint, error) ───────────────────────────────────────

interface ShellProps {
  id: string;
  label: ComponentChildren;
  hint?: ComponentChildren;
  error?: string;
  optionalLabel?: string;
  required?: boolean;
  children: ComponentChildren;
  className?: string;
}

function FieldError({ id, error }: { id: string; error: string }) {
  const { t } = useUiText();
  return (
    <p class="field-error-message" id={`${id}-error`}>
      <span class="visually-hidden">{`${t('form.errorPrefix')}: `}</span>
      {error}
    </p>
  );
}

function FieldShell({ id, label, hint, error, optionalLabel, required, children, className }: ShellProps) {
  const classes = ['field', error ? 'field--error' : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <div class={classes}>
      <label class="field-label" for={id}>
        {label}
        {!required && optionalLabel ? <span class="field-optional"> ({optionalLabel})</span> : null}
      </label>
      {hint ? <p class="field-hint" id={`${id}-hint`}>{hint}</p> : null}
      {error ? <FieldError id={id} error={error} /> : null}
      {children}
    </div>
  );
}

// ─── Text input ─────────────────────────────────────────────────────────────

export interface TextFieldProps {
  name: string;
  label: string;
  value?: string | number | null;
  error?: string;
  hint?: string;
  required?: boolean;
  type?: 'text' | 'email' | 'tel' | 'url' | 'password' | 'number' | 'date' | 'search';
  autocomplete?: string;
  inputMode?: 'text' | 'numeric' | 'decimal' | 'tel' | 'email' | 'url' | 'search' | 'none';
  maxLength?: number;
  /** Shown after the label when the field is not required, e.g. "không bắt buộc". */
  optionalLabel?: string;
  /** Fixed width for short answers (codes, years); full width by default. */
  width?: Width;
  placeholder?: string;
  /** Codes, usernames, tax numbers: no spell check. */
  spellcheck?: boolean;
}

export function TextField(p: TextFieldProps) {
  const id = fieldId(p.name);
  const classes = ['input', p.width ? `input--${p.width}` : '', p.error ? 'input--error' : ''].filter(Boolean).join(' ');
  return (
    <FieldShell id={id} label={p.label} hint={p.hint} error={p.error} optionalLabel={p.optionalLabel} required={p.required}>
      <input
        class={classes}
        id={id}
        name={p.name}
        // Preact's typings split <input> by type (password has no role); the union is safe here.
        type={(p.type ?? 'text') as 'text'}
        value={p.value ?? undefined}
        required={p.required || undefined}
        autocomplete={p.autocomplete}
        inputMode={p.inputMode}
        maxLength={p.maxLength}
        placeholder={p.placeholder}
        spellcheck={p.spellcheck}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(p.hint && `${id}-hint`, p.error && `${id}-error`)}
      />
    </FieldShell>
  );
}

// ─── Textarea ───────────────────────────────────────────────────────────────

export interface TextAreaProps {
  name: string;
  label: string;
  value?: string | null;
  error?: string;
  hint?: string;
  required?: boolean;
  rows?: number;
  maxLength?: number;
  optionalLabel?: string;
}

export function TextArea(p: TextAreaProps) {
  const id = fieldId(p.name);
  return (
    <FieldShell id={id} label={p.label} hint={p.hint} error={p.error} optionalLabel={p.optionalLabel} required={p.required}>
      <textarea
        class={p.error ? 'textarea input--error' : 'textarea'}
        id={id}
        name={p.name}
        rows={p.rows ?? 5}
        required={p.required || undefined}
        maxLength={p.maxLength}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(p.hint && `${id}-hint`, p.error && `${id}-error`)}
      >
        {p.value ?? ''}
      </textarea>
    </FieldShell>
  );
}

// ─── Select ─────────────────────────────────────────────────────────────────

export interface SelectOption { value: string; label: string }

export interface SelectFieldProps {
  name: string;
  label: string;
  value?: string | null;
  options: SelectOption[];
  error?: string;
  hint?: string;
  required?: boolean;
  /** First, empty option ("— Chọn tỉnh —", or "Tất cả" in a filter bar). */
  placeholder?: string;
  optionalLabel?: string;
  /** Submit the enclosing form when the choice changes (filter bars; needs the client script). */
  autoSubmit?: boolean;
  width?: Width;
}

export function SelectField(p: SelectFieldProps) {
  const id = fieldId(p.name);
  const current = p.value ?? '';
  const classes = ['select', p.width ? `input--${p.width}` : '', p.error ? 'input--error' : ''].filter(Boolean).join(' ');
  return (
    <FieldShell id={id} label={p.label} hint={p.hint} error={p.error} optionalLabel={p.optionalLabel} required={p.required}>
      <select
        class={classes}
        id={id}
        name={p.name}
        required={p.required || undefined}
        data-module={p.autoSubmit ? 'autosubmit' : undefined}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(p.hint && `${id}-hint`, p.error && `${id}-error`)}
      >
        {p.placeholder !== undefined ? <option value="" selected={current === ''}>{p.placeholder}</option> : null}
        {p.options.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === current}>{o.label}</option>
        ))}
      </select>
    </FieldShell>
  );
}

// ─── Checkbox ───────────────────────────────────────────────────────────────

export interface CheckboxProps {
  name: string;
  label: ComponentChildren;
  checked?: boolean;
  hint?: string;
  error?: string;
}

/** A single checkbox; submits `name=on` when ticked and nothing otherwise. */
export function Checkbox({ name, label, checked, hint, error }: CheckboxProps) {
  const id = fieldId(name);
  return (
    <div class={error ? 'field field--error checkbox' : 'field checkbox'}>
      {error ? <FieldError id={id} error={error} /> : null}
      <div class="checkbox-row">
        <input
          class="checkbox-input"
          type="checkbox"
          id={id}
          name={name}
          value="on"
          checked={checked || undefined}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={describedBy(hint && `${id}-hint`, error && `${id}-error`)}
        />
        <label class="checkbox-label" for={id}>{label}</label>
      </div>
      {hint ? <p class="field-hint checkbox-hint" id={`${id}-hint`}>{hint}</p> : null}
    </div>
  );
}

// ─── File upload ────────────────────────────────────────────────────────────

export interface FileFieldProps {
  name: string;
  label: string;
  /** e.g. ".xlsx,.csv" or "image/jpeg,image/png". */
  accept?: string;
  error?: string;
  hint?: string;
  required?: boolean;
  /** Warn in the browser before upload when the chosen file is larger (the server still checks). */
  maxBytes?: number;
  multiple?: boolean;
  optionalLabel?: string;
}

export function FileField(p: FileFieldProps) {
  const { t } = useUiText();
  const id = fieldId(p.name);
  return (
    <FieldShell id={id} label={p.label} hint={p.hint} error={p.error} optionalLabel={p.optionalLabel} required={p.required} className="field--file">
      <input
        class={p.error ? 'file-input input--error' : 'file-input'}
        type="file"
        id={id}
        name={p.name}
        accept={p.accept}
        multiple={p.multiple || undefined}
        required={p.required || undefined}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(p.hint && `${id}-hint`, p.error && `${id}-error`)}
        data-module="file-size"
        data-max-bytes={p.maxBytes !== undefined ? String(p.maxBytes) : undefined}
        data-msg-selected={t('file.selected')}
        data-msg-too-large={t('file.tooLarge')}
      />
      <p class="file-status" id={`${id}-status`} aria-live="polite" />
    </FieldShell>
  );
}

// ─── Buttons ────────────────────────────────────────────────────────────────

/** The row of buttons at the end of a form: primary first, then secondary actions and links. */
export function SubmitRow({ children }: { children: ComponentChildren }) {
  return <div class="submit-row">{children}</div>;
}
