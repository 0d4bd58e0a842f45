export * from './auth';
export * from './catalog';
export * from './notebooks';
export * from './audit';
export * from './artifacts';
export * from './jobs';
export * from './promotion';
export * from './sources';
