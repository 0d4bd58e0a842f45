import { z } from 'zod';
import { ColumnContract, DatasetContract } from '@/lib/contracts/schema';
import { Schedule } from './schedule';
import { TableName } from './types';

const name = z.string().trim().min(1).max(80);

/** A connection as a steward enters it; the password is only ever sent, never read back. A `files`
 * connection is a place for uploads and has nothing else to enter. */
export const DatabaseConnectionInput = z.strictObject({
  name,
  kind: z.enum(['postgres', 'mysql']),
  host: z.string().trim().min(1).max(255).regex(/^[A-Za-z0-9._:-]+$/, 'a host name or IP address'),
  port: z.number().int().min(1).max(65_535),
  database: z.string().trim().min(1).max(128),
  user: z.string().trim().min(1).max(128),
  password: z.string().max(1024),
});
const FilesConnectionInput = z.strictObject({ name, kind: z.literal('files') });
export const ConnectionInput = z.discriminatedUnion('kind', [DatabaseConnectionInput, FilesConnectionInput]);
export type ConnectionInput = z.infer<typeof ConnectionInput>;

const identifier = z.string().regex(/^[a-z_][a-z0-9_]*$/, 'names are lower_snake_case');

/** Binding a dataset to a source table: the proposed contract as the steward completed it. */
export const BindInput = z
  .strictObject({
    connectionId: z.string().min(1).max(64),
    table: TableName,
    name: identifier.max(63),
    ownerId: z.string().min(1).optional(),
    contract: DatasetContract,
    primaryKey: z.array(identifier).min(1, 'a dataset loaded from a source needs a primary key').max(8),
    cursorColumn: identifier.nullable(),
    lookback: z.number().int().min(0).max(100_000_000).default(0),
    driftPolicy: z.enum(['block', 'additive']),
    schedule: Schedule.nullable().default(null),
  })
  .superRefine((input, ctx) => {
    const columns = new Set(input.contract.columns.map((c: ColumnContract) => c.name));
    for (const [i, key] of input.primaryKey.entries()) {
      if (!columns.has(key)) ctx.addIssue({ code: 'custom', path: ['primaryKey', i], message: `primary key column ${key} is not in the contract` });
    }
    if (input.cursorColumn !== null && !columns.has(input.cursorColumn)) {
      ctx.addIssue({ code: 'custom', path: ['cursorColumn'], message: `cursor column ${input.cursorColumn} is not in the contract` });
    }
  });
export type BindInput = z.infer<typeof BindInput>;

export const ScheduleRequest = z.strictObject({ schedule: Schedule.nullable() });

export const LoadRequest = z.strictObject({
  mode: z.enum(['full', 'incremental']).default('full'),
  trigger: z.enum(['manual', 'api']).default('api'),
});

/** Keyset pages: `cursor` is opaque (base64url of the last key seen), `limit` 1..100, 20 by default. */
/** Query-string form of a request (URLSearchParams → plain object) for the zod schemas above. */
export const queryOf = (url: string) => Object.fromEntries(new URL(url).searchParams);
