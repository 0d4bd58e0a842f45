import { redirect } from 'next/navigation';
import { requirePageUser } from '@/lib/server/auth/page';

export default async function Home() {
  await requirePageUser();
  redirect('/notebooks');
}
