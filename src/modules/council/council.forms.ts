import { ERROR_STATUS } from '../../errors';

/**
 * The errors a council form shows on the page it was posted from (re-rendered with the message):
 * every expected failure the user can act on, i.e. any 4xx except "not found" and "signed out"
 * (those go to their own pages).
 */
export const COUNCIL_FORM_CODES: readonly string[] = Object.entries(ERROR_STATUS)
  .filter(([code, status]) => status < 500 && code !== 'not_found' && code !== 'unauthenticated')
  .map(([code]) => code);
