import { z } from 'zod';
import { TASKS, type Task } from '../../../core/pipeline/document';

/** One entry of public/samples/index.json. */
const sampleSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  file: z.string().regex(/^[\w.-]+$/, 'must be a plain file name'),
  description: z.string(),
  target: z.string().min(1),
  task: z.enum(TASKS as [Task, ...Task[]]),
  rows: z.number().int().nonnegative(),
  columns: z.number().int().nonnegative(),
  source: z.string(),
  licence: z.string(),
});

export type SampleEntry = z.infer<typeof sampleSchema>;

/** Validates index.json (it is our own file, but a stale cache or a broken deploy should fail plainly). */
export function parseSampleIndex(json: unknown): SampleEntry[] {
  const parsed = z.array(sampleSchema).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`The sample list is invalid at "${issue?.path.join('.') ?? ''}": ${issue?.message ?? 'unknown problem'}.`);
  }
  return parsed.data;
}

/** The sample's CSV as an absolute URL: the worker resolves relative URLs against its own script. */
export function sampleUrl(sample: Pick<SampleEntry, 'file'>, base: string): string {
  return new URL(`samples/${sample.file}`, base).href;
}
