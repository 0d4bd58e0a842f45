/** What dbt's Jinja does for ref() and source() when the models and sources share one schema (tests). */
export const substituteRefs = (sql: string) => sql.replace(/\{\{ ref\('(\w+)'\) \}\}/g, '$1').replace(/\{\{ source\('raw', '(\w+)'\) \}\}/g, '$1');

/** A model file's SQL without its header comment, refs substituted. */
export const modelSql = (file: string) => substituteRefs(file.replace(/^--.*\n/, ''));
