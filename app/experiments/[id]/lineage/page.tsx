import Link from 'next/link';
import { notFound } from 'next/navigation';
import { LineageSection } from '@/app/_components/LineageSection';
import { TopBar } from '@/app/_components/TopBar';
import { AppError } from '@/lib/errors';
import { requirePageUser } from '@/lib/server/auth/page';
import { getExperimentOrThrow, type Experiment } from '@/lib/server/experiments/experiments';
import { lineageOf } from '@/lib/server/lineage/lineage';

/** Column lineage of one experiment's models: sources → models → outputs. */
export default async function ExperimentLineagePage({ params }: { params: Promise<{ id: string }> }) {
  const { app, user } = await requirePageUser();
  const { id } = await params;
  let experiment: Experiment;
  try {
    experiment = await getExperimentOrThrow(app.db, id);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  }
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
