/**
 * How the inspection pages show a failure: the shared form errors (translated codes), with the
 * service's field paths named as the form's fields (a check's product → the products list, the
 * proposal's product and reason → their fields), and a state that forbids the action
 * (invalid_transition) or a duplicate said on the form. `conflict` names the message of a 409
 * conflict where the page knows it (the team's second lead).
 */
import type { View } from '../../web/view';
import { formErrors, FORM_CODES } from '../../web/forms';
import { AppError, type FieldMessages } from '../../errors';
import type { MessageKey } from '../../core/i18n';

const FORM_FIELD: [RegExp, string][] = [
  [/^checks\.\d+\.productId$/, 'checks'],
  [/^proposal\.productId$/, 'proposalProductId'],
  [/^proposal\.reason$/, 'proposalReason'],
  [/^proposal$/, 'proposalProductId'],
];

export function inspectionFailure(view: View, e: unknown, conflict?: MessageKey) {
  const { fields: shown, message, status } = formErrors(e, view.locale, [...FORM_CODES, 'invalid_transition']);
  if (conflict && e instanceof AppError && e.code === 'conflict') return { fields: { form: view.t(conflict) } as FieldMessages, message, status };
  const fields: FieldMessages = {};
  for (const [path, text] of Object.entries(shown)) {
    const name = FORM_FIELD.find(([re]) => re.test(path))?.[1] ?? path;
    fields[name] ??= text;
  }
  return { fields: Object.keys(fields).length ? fields : { form: message }, message, status };
}
