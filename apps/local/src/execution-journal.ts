import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';

export const ExecutionStatusSchema = z.enum([
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'TIMED_OUT',
  'ABORTED',
]);
export type ExecutionStatus = z.infer<typeof ExecutionStatusSchema>;

export const ExecutionRecordSchema = z.object({
  executionArn: z.string(),
  name: z.string(),
  input: z.string(),
  status: ExecutionStatusSchema,
  startDate: z.string(),
  stopDate: z.string().optional(),
  output: z.string().optional(),
  error: z.string().optional(),
  cause: z.string().optional(),
  /**
   * When each waitForTaskToken state's wait ends (ISO time), by state name, while it waits: a run
   * resumed after a restart waits only for what is left, as the timer would on AWS.
   */
  taskDeadlines: z.record(z.string(), z.string()).optional(),
});
export type ExecutionRecord = z.infer<typeof ExecutionRecordSchema>;

/** Where executions are remembered, so that unfinished ones resume after a restart. */
export interface ExecutionJournal {
  save(record: ExecutionRecord): void;
  get(name: string): ExecutionRecord | undefined;
  unfinished(): ExecutionRecord[];
}

export class InMemoryExecutionJournal implements ExecutionJournal {
  private readonly records = new Map<string, ExecutionRecord>();

  save(record: ExecutionRecord): void {
    this.records.set(record.name, { ...record });
  }

  get(name: string): ExecutionRecord | undefined {
    const record = this.records.get(name);
    return record && { ...record };
  }

  unfinished(): ExecutionRecord[] {
    return [...this.records.values()].filter((record) => record.status === 'RUNNING');
  }
}

/** One JSON file per execution, written atomically (temporary file, then rename). */
export class FileExecutionJournal implements ExecutionJournal {
  private readonly cache = new InMemoryExecutionJournal();

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    for (const file of readdirSync(dir)) {
      if (!file.endsWith('.json')) continue;
      const parsed = ExecutionRecordSchema.safeParse(
        JSON.parse(readFileSync(join(dir, file), 'utf8')),
      );
      if (parsed.success) this.cache.save(parsed.data);
    }
  }

  save(record: ExecutionRecord): void {
    const file = join(this.dir, `${record.name}.json`);
    writeFileSync(`${file}.tmp`, JSON.stringify(record));
    renameSync(`${file}.tmp`, file);
    this.cache.save(record);
  }

  get(name: string): ExecutionRecord | undefined {
    return this.cache.get(name);
  }

  unfinished(): ExecutionRecord[] {
    return this.cache.unfinished();
  }
}
