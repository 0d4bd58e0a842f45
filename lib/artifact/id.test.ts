/* eslint-disable @typescript-eslint/no-explicit-any -- the table breaks artifacts at arbitrary depths, which needs untyped access */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { exampleArtifact } from './example';
import { ArtifactId, artifactId, canonicalContent, verifyArtifact } from './id';
import { Artifact, MAX_ARTIFACT_BYTES, withoutLayout } from './schema';

/** The same object with every key order reversed, recursively. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversedKeys(v)]));
}

/** A deep copy that survives a trip through JSON text, as an artifact does when it is stored. */
const throughJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('ArtifactId', () => {
  it('accepts 64 lowercase hex digits only', () => {
    const hex = 'a'.repeat(64);
    expect(ArtifactId.parse(hex)).toBe(hex);
    expect(ArtifactId.isValid(hex)).toBe(true);
    for (const bad of ['A'.repeat(64), 'a'.repeat(63), 'a'.repeat(65), 'g'.repeat(64), '', ` ${hex}`]) {
      expect(ArtifactId.parse(bad)).toBeNull();
      expect(ArtifactId.isValid(bad)).toBe(false);
    }
    expect(ArtifactId.isValid(42)).toBe(false);
  });
});

describe('artifactId', () => {
  it('is the sha-256 of the RFC 8785 canonical content', async () => {
    const { content } = exampleArtifact();
    const canonical = canonicalContent(content);
    expect(canonical.startsWith('{"author":{"id":"u_ana","name":"Ana Analyst"},"cells":[')).toBe(true);
    expect(canonical).not.toMatch(/\s"|":\s/u);
    expect(await artifactId(content)).toBe(createHash('sha256').update(canonical, 'utf8').digest('hex'));
  });

  it('writes numbers and non-ASCII text the RFC 8785 way', () => {
    const { content } = exampleArtifact();
    content.parameters = { ratio: 1e-7, big: 1e21, whole: 2.0, city: 'Zürich €\u2028' };
    expect(canonicalContent(content)).toContain('"parameters":{"big":1e+21,"city":"Zürich €\u2028","ratio":1e-7,"whole":2}');
  });

  it('does not depend on key order', async () => {
    const { content } = exampleArtifact();
    const reordered = reversedKeys(content) as typeof content;
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(content));
    expect(await artifactId(reordered)).toBe(await artifactId(content));
  });

  it('changes with any content, down to one preview value', async () => {
    const base = exampleArtifact().content;
    const changed = exampleArtifact().content;
    changed.models[1]!.preview.rows[0]![2] = '19.91';
    expect(await artifactId(changed)).not.toBe(await artifactId(base));
  });

  it('refuses content without a JSON form', async () => {
    const { content } = exampleArtifact();
    content.timings.c_orders = Number.NaN;
    await expect(artifactId(content)).rejects.toThrow(/NaN/u);
  });
});

describe('verifyArtifact', () => {
  it('round-trips a realistic artifact through JSON text under its own id', async () => {
    const artifact = exampleArtifact();
    const id = await artifactId(artifact.content);
    const verified = await verifyArtifact(JSON.parse(JSON.stringify(artifact)), id);
    expect(verified).toEqual({ ok: true, artifact, id });
  });

  it('gives the same id whatever annotations say', async () => {
    const artifact = exampleArtifact();
    const annotated = exampleArtifact();
    annotated.annotations = { title: 'Renamed', hypothesis: 'Another idea', notes: 'long notes', tags: ['x'] };
    const [a, b] = await Promise.all([verifyArtifact(artifact), verifyArtifact(annotated)]);
    expect(a.ok && b.ok && a.id === b.id).toBe(true);
  });

  it('reports tampered content as a hash mismatch naming both ids', async () => {
    const artifact = exampleArtifact();
    const id = await artifactId(artifact.content);
    const tampered = throughJson(artifact);
    tampered.content.models[1]!.rowCount = 656;
    const verified = await verifyArtifact(tampered, id);
    expect(verified).toMatchObject({ ok: false, code: 'artifact_hash_mismatch' });
    expect(!verified.ok && verified.message).toContain(`not to the claimed id ${id}`);
  });

  it('reads only its own format, with a code of its own for any other', async () => {
    const future = { ...throughJson(exampleArtifact()), format: 'assay.experiment/v2' };
    expect(await verifyArtifact(future)).toEqual({
      ok: false,
      code: 'artifact_unknown_format',
      message: 'unknown artifact format "assay.experiment/v2": this version reads assay.experiment/v1',
    });
    const { format: _format, ...formatless } = exampleArtifact();
    expect(await verifyArtifact(formatless)).toMatchObject({ ok: false, code: 'artifact_invalid', message: expect.stringMatching(/^format: /u) });
  });

  it('refuses a claimed id that is no artifact id', async () => {
    expect(await verifyArtifact(exampleArtifact(), 'ABC')).toMatchObject({ ok: false, code: 'artifact_invalid' });
  });

  // Each row: how the artifact is broken, and the start of the message that names the field.
  const invalid: [string, (a: Record<string, any>) => unknown, RegExp][] = [
    ['not an object', () => [1, 2], /^an artifact is a JSON object$/u],
    ['null', () => null, /^an artifact is a JSON object$/u],
    ['a bad notebook id', (a) => ((a.content.notebook.id = 'notebook-1'), a), /^content\.notebook\.id: a notebook id/u],
    ['an unknown key in the content', (a) => ((a.content.extra = 1), a), /^content: Unrecognized key: "extra"/u],
    ['a too long preview value', (a) => ((a.content.models[0].preview.rows[0][0] = 'x'.repeat(1_001)), a), /^content\.models\.0\.preview\.rows\.0\.0: /u],
    [
      'a preview over 20 rows',
      (a) => ((a.content.models[1].preview.rows = Array.from({ length: 21 }, () => ['1', '2', '3'])), a),
      /^content\.models\.1\.preview\.rows: /u,
    ],
    ['a ragged preview row', (a) => (a.content.models[1].preview.rows[0].pop(), a), /^content\.models\.1\.preview\.rows\.0: a preview row has 2 values for 3 columns/u],
    ['a model no cell defines', (a) => ((a.content.models[0].name = 'ghost'), a), /^content\.models\.0\.name: no SQL cell defines the model ghost/u],
    ['a check of no check cell', (a) => ((a.content.checks[0].cellId = 'c_orders'), a), /^content\.checks\.0\.cellId: c_orders is not a check cell/u],
    ['a timing of no cell', (a) => ((a.content.timings.c_gone = 1), a), /^content\.timings\.c_gone: c_gone is not a cell/u],
    ['a negative timing', (a) => ((a.content.timings.c_orders = -1), a), /^content\.timings\.c_orders: /u],
    ['an unknown bundle', (a) => ((a.content.engine.bundle = 'wasm-coi'), a), /^content\.engine\.bundle: /u],
    ['a local createdAt', (a) => ((a.content.createdAt = '2026-11-25T11:00:00+01:00'), a), /^content\.createdAt: /u],
    ['a parent that is no artifact id', (a) => ((a.content.parent = 'abc'), a), /^content\.parent: an artifact id/u],
    ['a not reproducible without reasons', (a) => ((a.content.reproducible = { ok: false, reasons: [] }), a), /^content\.reproducible\.reasons: /u],
    ['a folded cell', (a) => ((a.content.cells[1].collapsed = true), a), /^content\.cells: cells in an artifact carry no layout state/u],
    ['a duplicate tag', (a) => ((a.annotations.tags = ['x', 'x']), a), /^annotations\.tags: a tag is listed twice/u],
    ['an empty title', (a) => ((a.annotations.title = '  '), a), /^annotations\.title: an experiment needs a title/u],
    ['a too long title', (a) => ((a.annotations.title = 't'.repeat(201)), a), /^annotations\.title: /u],
    ['notes outside the annotations', (a) => ((a.notes = 'n'), a), /^Unrecognized key: "notes"/u],
  ];
  it.each(invalid)('names the field of %s', async (_what, breakIt, message) => {
    const verified = await verifyArtifact(breakIt(throughJson(exampleArtifact())));
    expect(verified).toMatchObject({ ok: false, code: 'artifact_invalid' });
    expect(!verified.ok && verified.message).toMatch(message);
  });

  it('refuses an artifact over 5 MB even when every field is in bounds', async () => {
    const artifact = throughJson(exampleArtifact());
    const source = 'select 1'.padEnd(199_000, ' ');
    artifact.content.cells.push(
      ...Array.from({ length: 30 }, (_, i) => ({ id: `c_big${i}`, kind: 'sql' as const, name: `big_${i}`, source })),
    );
    expect(new TextEncoder().encode(JSON.stringify(artifact)).length).toBeGreaterThan(MAX_ARTIFACT_BYTES);
    expect(await verifyArtifact(artifact)).toEqual({ ok: false, code: 'artifact_invalid', message: 'the artifact is over 5 MB' });
  });

  it('lists at most three problems and counts the rest', async () => {
    const artifact = throughJson(exampleArtifact()) as Record<string, any>;
    artifact.content.author = {};
    artifact.content.seeds = { sandbox: 'x' };
    artifact.content.engine.bundle = 'wasm-coi';
    const verified = await verifyArtifact(artifact);
    expect(!verified.ok && verified.message.split('; ')).toHaveLength(3);
    expect(!verified.ok && verified.message).toMatch(/ \(and 1 more\)$/u);
  });
});

describe('withoutLayout', () => {
  it('drops the folded state so a collapsed cell records like an open one', () => {
    const artifact = exampleArtifact();
    const folded = artifact.content.cells.map((cell) => ({ ...cell, collapsed: true }));
    artifact.content.cells = withoutLayout(folded);
    expect(Artifact.safeParse(artifact).success).toBe(true);
    expect(artifact.content.cells).toEqual(exampleArtifact().content.cells);
  });
});
