/** The notification settings form as posted: `email_<kind>` and `text_<kind>` checkboxes, the two times. */
import { str, type FormBody } from '../../web/forms';

export function readSettingsForm(body: FormBody) {
  const checked = (prefix: string) => Object.keys(body).filter((k) => k.startsWith(prefix) && (body[k] === 'on' || body[k] === 'true')).map((k) => k.slice(prefix.length));
  return { emailOn: checked('email_'), textOn: checked('text_'), quietStart: str(body, 'quietStart') ?? '', quietEnd: str(body, 'quietEnd') ?? '' };
}
