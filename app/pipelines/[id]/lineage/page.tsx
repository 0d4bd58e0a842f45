import Link from 'next/link';
import { LineageSection } from '@/app/_components/LineageSection';
import { orNotFound } from '@/app/_components/or-not-found';
import { TopBar } from '@/app/_components/TopBar';
import { requirePageUser } from '@/lib/server/auth/page';
import { lineageOf } from '@/lib/server/lineage/lineage';
import { getPipelineOrThrow } from '@/lib/server/promotion/pipelines';

/** Column lineage of a pipeline version (`?version=`, production by default): its artifact's. */
export default async function PipelineLineagePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ version?: string | string[] }> }) {
  const { app, user } = await requirePageUser();
  const { id } = await params;
  const asked = (await searchParams).version;
  const pipeline = await orNotFound(getPipelineOrThrow(app.db, id));
  const wanted = typeof asked === 'string' ? Number(asked) : pipeline.currentVersion;
  const version = pipeline.versions.find((v) => v.version === wanted);
  return (
    <>
      <TopBar user={user} current="pipelines" />
      <main className="page">
        <p>
          <Link href={`/pipelines/${pipeline.id}`}>← {pipeline.name}</Link>
        </p>
        <h1>
          Lineage of {pipeline.name}
          {version ? ` version ${version.version}` : ''}
        </h1>
        {version ? (
          <LineageSection lineage={await lineageOf(app.db, version.artifactId)} />
        ) : (
          <p role="status">{typeof asked === 'string' ? `version ${asked} does not exist` : 'no version in production yet'}</p>
        )}
      </main>
    </>
  );
}
