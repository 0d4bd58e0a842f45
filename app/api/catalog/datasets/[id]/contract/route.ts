import { ContractEdit } from '@/lib/contracts/edit';
import { PageQuery, readPageQuery } from '@/lib/pagination/query';
import { queryOf } from '@/lib/sources/schema';
import { SOURCE_MANAGERS } from '@/lib/sources/roles';
import { json, param, parseBody, route } from '@/lib/server/http/route';
import { editContract, listContractVersions } from '@/lib/server/catalog/datasets';
import { keysetPaging } from '@/lib/server/pagination/keyset';

const VersionPage = PageQuery({ defaultLimit: 20, maxLimit: 100 });

/** `GET /api/catalog/datasets/<id>/contract?cursor=…`: the contract's versions, newest first, each with
 * what changed. Everyone signed in may read contracts. */
export const GET = route({ signedIn: true }, async ({ app, req, params }) => {
  const datasetId = param(params, 'id');
  const paging = keysetPaging(app, { list: 'contract_versions', filter: { datasetId } }, readPageQuery(VersionPage, queryOf(req.url)));
  return json(paging.page(await listContractVersions(app.db, datasetId, paging.request)));
});

/** `PUT …/contract` `{ baseVersion, description, retentionDays, freshnessSlaHours, columns }`: a
 * steward's edit, saved as the next version (409 if the contract moved on since `baseVersion`). */
export const PUT = route({ anyRole: SOURCE_MANAGERS }, async ({ app, req, params, user }) => {
  const edit = await parseBody(req, ContractEdit);
  return json(await editContract(app.db, { datasetId: param(params, 'id'), edit, actorId: user.id }));
});
