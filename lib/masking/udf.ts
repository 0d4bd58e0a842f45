// Server side only (a native addon and node:crypto): client code must never import this module.
import { BIGINT, VARCHAR, DuckDBScalarFunction, type DuckDBConnection } from '@duckdb/node-api';
import { pseudonymise, purposeKey, type PseudonymShape } from './pseudonymise';

/** SQL names of the pseudonymising UDFs, by shape: `(value, purpose VARCHAR)`. Lineage counts a value
 * that passed through one of them as masked (lib/lineage). */
export const PSEUDONYMISE_FUNCTIONS: Record<PseudonymShape, string> = {
  id: 'assay_pseudonymise_id',
  email: 'assay_pseudonymise_email',
  text: 'assay_pseudonymise',
};

/** Registers the pseudonymising scalar functions on a native connection (DuckDB 1.4 has no HMAC).
 * Keys are derived per purpose label once and cached for the connection's life. NULL stays NULL. */
export function registerMaskingFunctions(connection: DuckDBConnection, appSecret: string): void {
  purposeKey(appSecret, 'check');
  const keys = new Map<string, Buffer>();
  const keyOf = (purpose: string) => {
    let key = keys.get(purpose);
    if (!key) keys.set(purpose, (key = purposeKey(appSecret, purpose)));
    return key;
  };
  for (const shape of ['id', 'email', 'text'] as const) {
    connection.registerScalarFunction(
      DuckDBScalarFunction.create({
        name: PSEUDONYMISE_FUNCTIONS[shape],
        returnType: shape === 'id' ? BIGINT : VARCHAR,
        parameterTypes: [shape === 'id' ? BIGINT : VARCHAR, VARCHAR],
        specialHandling: true,
        mainFunction: (info, input, output) => {
          const values = input.getColumnVector(0);
          const purposes = input.getColumnVector(1);
          try {
            for (let row = 0; row < input.rowCount; row++) {
              const value = values.getItem(row);
              const purpose = purposes.getItem(row);
              if (value === null) {
                output.setItem(row, null);
                continue;
              }
              if (typeof purpose !== 'string' || purpose === '') throw new Error(`${PSEUDONYMISE_FUNCTIONS[shape]}: the purpose label must be a non-empty text`);
              output.setItem(row, pseudonymise(keyOf(purpose), value as string | bigint, shape));
            }
            output.flush();
          } catch (error) {
            info.setError(error instanceof Error ? error.message : String(error));
          }
        },
      }),
    );
  }
}
