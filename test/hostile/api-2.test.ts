/** The hostile-input suite, part 2 of 3 of the OpenAPI document's operations (test/helpers/hostile-api-part.ts). */
import { fuzzApiPart } from '../helpers/hostile-api-part';

fuzzApiPart(2, 'test/hostile/api-2.test.ts');
