import canonicalize from 'canonicalize';
import type { z } from 'zod';
import { ARTIFACT_FORMAT, ARTIFACT_ID, Artifact, type ArtifactContent } from './schema';

declare const brand: unique symbol;
/** sha-256 of the artifact's canonical content, 64 lowercase hex digits. */
export type ArtifactId = string & { readonly [brand]: 'ArtifactId' };

export const ArtifactId = {
  parse(value: string): ArtifactId | null {
    return ARTIFACT_ID.test(value) ? (value as ArtifactId) : null;
  },
  isValid(value: unknown): value is ArtifactId {
    return typeof value === 'string' && ARTIFACT_ID.test(value);
  },
};

/** RFC 8785 (JCS) text of the content: keys sorted by UTF-16 code units, no whitespace, numbers in
 * ECMAScript form. The same content gives the same bytes in any browser and in Node, whatever the key
 * order it was built with. */
export function canonicalContent(content: ArtifactContent): string {
  const text = canonicalize(content);
  if (text === undefined) throw new Error('the artifact content has no JSON form');
  return text;
}

/** The artifact id: sha-256 of the canonical content only. Annotations (title, hypothesis, notes, tags)
 * are outside the hash, so editing them never changes the id. */
export async function artifactId(content: ArtifactContent): Promise<ArtifactId> {
  const bytes = new TextEncoder().encode(canonicalContent(content));
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('') as ArtifactId;
}

export type ArtifactErrorCode = 'artifact_invalid' | 'artifact_unknown_format' | 'artifact_hash_mismatch';

export type VerifiedArtifact =
  | { ok: true; artifact: Artifact; id: ArtifactId }
  | { ok: false; code: ArtifactErrorCode; message: string };

const MAX_ISSUES_IN_MESSAGE = 3;

function describeIssues(error: z.ZodError): string {
  const described = error.issues.slice(0, MAX_ISSUES_IN_MESSAGE).map((issue) => {
    const path = issue.path.map(String).join('.');
    return path === '' ? issue.message : `${path}: ${issue.message}`;
  });
  const more = error.issues.length - described.length;
  return described.join('; ') + (more > 0 ? ` (and ${more} more)` : '');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks that `json` is a v1 artifact and computes its id; with `claimedId` (the id it was stored or
 * sent under), also that the content hashes to it. The id is taken over the validated content, so what
 * is stored is exactly what was hashed (objects of the format refuse keys they do not know).
 */
export async function verifyArtifact(json: unknown, claimedId?: string): Promise<VerifiedArtifact> {
  if (!isRecord(json)) return { ok: false, code: 'artifact_invalid', message: 'an artifact is a JSON object' };
  const format = json.format;
  if (typeof format === 'string' && format !== ARTIFACT_FORMAT) {
    return {
      ok: false,
      code: 'artifact_unknown_format',
      message: `unknown artifact format ${JSON.stringify(format.slice(0, 100))}: this version reads ${ARTIFACT_FORMAT}`,
    };
  }
  const parsed = Artifact.safeParse(json);
  if (!parsed.success) return { ok: false, code: 'artifact_invalid', message: describeIssues(parsed.error) };
  if (claimedId !== undefined && !ArtifactId.isValid(claimedId)) {
    return { ok: false, code: 'artifact_invalid', message: 'an artifact id is 64 lowercase hex digits' };
  }
  const id = await artifactId(parsed.data.content);
  if (claimedId !== undefined && claimedId !== id) {
    return { ok: false, code: 'artifact_hash_mismatch', message: `the content hashes to ${id}, not to the claimed id ${claimedId}` };
  }
  return { ok: true, artifact: parsed.data, id };
}
