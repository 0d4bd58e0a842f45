// Test support: scratch source databases on the real servers of this machine, dropped afterwards.
import { randomUUID } from 'node:crypto';
import mysql from 'mysql2/promise';
import postgres from 'postgres';
import type { SourceTarget } from './types';

export type ScratchSource = { target: SourceTarget; exec(sql: string): Promise<void>; drop(): Promise<void> };

const scratchName = () => `assay_src_${randomUUID().replaceAll('-', '').slice(0, 10)}`;

export const POSTGRES_ADMIN = process.env.SOURCE_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const MYSQL_ADMIN = process.env.SOURCE_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

export async function scratchPostgres(): Promise<ScratchSource> {
  const name = scratchName();
  const admin = postgres(POSTGRES_ADMIN, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES_ADMIN);
  const source = postgres({ host: url.hostname, port: Number(url.port || 5432), user: url.username, database: name, max: 1, onnotice: () => {} });
  return {
    target: { kind: 'postgres', host: url.hostname, port: Number(url.port || 5432), database: name, user: url.username, password: 'pg-secret-never-shown-4711' },
    exec: async (sql) => void (await source.unsafe(sql)),
    drop: async () => {
      await source.end();
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** A MariaDB/MySQL database with its own user and password, so a wrong password really is refused. */
export async function scratchMysql(): Promise<ScratchSource> {
  const name = scratchName();
  const password = `my-secret-never-shown-${randomUUID().slice(0, 8)}`;
  const admin = await mysql.createConnection({ uri: MYSQL_ADMIN, multipleStatements: true });
  await admin.query(`CREATE DATABASE ${name}; CREATE USER '${name}'@'%' IDENTIFIED BY '${password}'; CREATE USER '${name}'@'localhost' IDENTIFIED BY '${password}';
    GRANT ALL ON ${name}.* TO '${name}'@'%'; GRANT ALL ON ${name}.* TO '${name}'@'localhost';`);
  const url = new URL(MYSQL_ADMIN);
  const source = await mysql.createConnection({ host: url.hostname, port: Number(url.port || 3306), user: url.username, database: name, multipleStatements: true });
  return {
    target: { kind: 'mysql', host: url.hostname, port: Number(url.port || 3306), database: name, user: name, password },
    exec: async (sql) => void (await source.query(sql)),
    drop: async () => {
      await source.end();
      await admin.query(`DROP DATABASE IF EXISTS ${name}; DROP USER IF EXISTS '${name}'@'%'; DROP USER IF EXISTS '${name}'@'localhost';`);
      await admin.end();
    },
  };
}
