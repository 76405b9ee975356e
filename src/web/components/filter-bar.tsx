import type { ComponentChildren } from 'preact';
import { fieldId } from './form';

export interface FilterBarProps {
  /** The list page itself; fields become query parameters (GET), so results are linkable. */
  action: string;
  children: ComponentChildren;
  submitLabel: string;
  /** Accessible name of the search landmark (defaults to the submit label). */
  label?: string;
  /** A "clear filters" link, shown next to the button. */
  reset?: { href: string; label: string };
}

/**
 * A GET form laid out as a responsive row of fields (one column on phones) with its own
 * submit button, so it works without JavaScript. Put `TextField`, `SearchInput` and
 * `SelectField` (optionally `autoSubmit`) inside; hidden inputs keep other parameters.
 */
export function FilterBar({ action, children, submitLabel, label, reset }: FilterBarProps) {
  return (
    <form class="filter-bar" method="get" action={action} role="search" aria-label={label ?? submitLabel}>
      <div class="filter-fields">{children}</div>
      <div class="filter-actions">
        <button type="submit" class="btn btn-secondary">{submitLabel}</button>
        {reset ? <a class="filter-reset" href={reset.href}>{reset.label}</a> : null}
      </div>
    </form>
  );
}

export interface SearchInputProps {
  name: string;
  label: string;
  value?: string | null;
  placeholder?: string;
  hint?: string;
}

/** A search box (type=search) with a visible label, for filter bars. */
export function SearchInput({ name, label, value, placeholder, hint }: SearchInputProps) {
  const id = fieldId(name);
  return (
    <div class="field field--search">
      <label class="field-label" for={id}>{label}</label>
      {hint ? <p class="field-hint" id={`${id}-hint`}>{hint}</p> : null}
      <input
        class="input input--search"
        type="search"
        id={id}
        name={name}
        value={value ?? undefined}
        placeholder={placeholder}
        autocomplete="off"
        spellcheck={false}
        enterKeyHint="search"
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
    </div>
  );
}
