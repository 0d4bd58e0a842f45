/** The one header Better Auth reads the client's address from (auth.ts); only handler.ts sets it. */
export const CLIENT_IP_HEADER = 'x-assay-client-ip';
