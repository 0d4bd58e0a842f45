import { param, route } from '@/lib/server/http/route';
import { wasmResponse } from '@/lib/server/engine/wasm-files';

// Public like the rest of the engine's static files: the wasm holds nothing of anyone's.
export const GET = route({ public: true }, async ({ req, params }) =>
  wasmResponse(param(params, 'version'), param(params, 'file'), req.headers.get('accept-encoding')),
);
