import { notFound } from 'next/navigation';
import { AppError } from '@/lib/errors';

/** A page's lookup: the value, or Next's 404 page when the service says the object does not exist. */
export async function orNotFound<T>(lookup: Promise<T>): Promise<T> {
  try {
    return await lookup;
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  }
}
