/** The two stores Lunas runs on: an embedded SQLite file, or PostgreSQL. */
export type Dialect = 'sqlite' | 'postgres';
