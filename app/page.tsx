import { redirect } from 'next/navigation';
import { isDecider } from '@/lib/promotion/states';
import { requirePageUser } from '@/lib/server/auth/page';

/** Reviewers and stewards land on what waits for them; everyone else on the notebooks. */
export default async function Home() {
  const { user } = await requirePageUser();
  redirect(isDecider(user) ? '/reviews' : '/notebooks');
}
