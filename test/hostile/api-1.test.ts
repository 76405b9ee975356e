/** The hostile-input suite, part 1 of 3 of the OpenAPI document's operations (test/helpers/hostile-api-part.ts). */
import { fuzzApiPart } from '../helpers/hostile-api-part';

fuzzApiPart(1, 'test/hostile/api-1.test.ts');
