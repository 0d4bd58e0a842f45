import Link from 'next/link';
import { LineageSection } from '@/app/_components/LineageSection';
import { orNotFound } from '@/app/_components/or-not-found';
import { TopBar } from '@/app/_components/TopBar';
import { requirePageUser } from '@/lib/server/auth/page';
import { getExperimentOrThrow } from '@/lib/server/experiments/experiments';
import { lineageOf } from '@/lib/server/lineage/lineage';

/** Column lineage of one experiment's models: sources → models → outputs. */
export default async function ExperimentLineagePage({ params }: { params: Promise<{ id: string }> }) {
  const { app, user } = await requirePageUser();
  const { id } = await params;
  const experiment = await orNotFound(getExperimentOrThrow(app.db, id));
  const lineage = await lineageOf(app.db, experiment.id);
  return (
    <>
      <TopBar user={user} current="experiments" />
      <main className="page">
        <p>
          <Link href={`/experiments/${experiment.id}`}>← {experiment.annotations.title}</Link>
        </p>
        <h1>Lineage of {experiment.annotations.title}</h1>
        <LineageSection lineage={lineage} />
      </main>
    </>
  );
}
