/**
 * Every e2e test, in every file, ends by checking every page it opened in an app context
 * (test/helpers/page-guards.ts): console errors, CSP violations, failed requests and refusals
 * with no visible message fail the test. Registered for the whole e2e project, so no file can
 * forget it; a test that expects a failure says so with expectFailure(errors, /pattern/).
 */
import { afterEach } from 'vitest';
import { assertNoPageErrors } from '../helpers/page-guards';

afterEach(assertNoPageErrors);
