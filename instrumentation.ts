/** Runs once when the server starts: refuses to start on bad configuration, applies migrations and,
 * in demo mode, seeds the demo workspace and prints its credentials. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { stampPeerAddresses } = await import('./lib/server/http/peer');
  stampPeerAddresses();
  const { boot } = await import('./lib/server/boot');
  await boot();
}
