/** The hostile-input suite, part 3 of 3 of the OpenAPI document's operations (test/helpers/hostile-api-part.ts). */
import { fuzzApiPart } from '../helpers/hostile-api-part';

fuzzApiPart(3, 'test/hostile/api-3.test.ts');
