/** A test's own event pipeline: nothing is shared with another test, so nothing needs resetting. */
import { createApiClient } from '../../src/api/client';
import { createEventPipeline, type EventPipeline, type PipelineOptions } from '../../src/pipeline/pipeline';

export function testPipeline(options: Partial<PipelineOptions> = {}): EventPipeline {
  return createEventPipeline({ client: createApiClient('http://ioc.test/api/v1', null), ...options });
}
